package net.dmmgw.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.dmmgw.control.maar.DlifIdentity;
import net.dmmgw.fastpath.system.Shell;
import net.dmmgw.ipc.Ipv6Words;

/**
 * Issue 7's acceptance with real processes, in each CMD mode: {@link DmmLab} (a CMD, three MAARs with DPDK data
 * planes, a Linux mobile node and correspondent in namespaces) runs its story, and the test checks what it must show
 * independently of the lab's own checks: three flows answered to the end, the node's two older addresses deprecated
 * and the newest preferred, the CMD's binding (MAAR3 serving, MAAR1 and MAAR2 previous) and the tunnels of each
 * anchor through {@code dmmctl}, a handover time per move taken from the MAARs; and that nothing of the lab is left.
 */
class DmmLabSystemTest
{
    private static final Pattern INET6 = Pattern.compile("inet6 ([0-9a-f:]+)/64 ([^\\n]*)");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"relay", "locator", "proxy"})
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void threeFlowsSurviveTwoMovesEachThroughItsAnchor(final String mode) throws Exception
    {
        runAndCheck(mode, false, "t" + ProcessHandle.current().pid() + mode.charAt(0));
    }

    /**
     * The same story with {@code maar.dlif=true} (RFC 8885 §3.6), and what DLIF must add: the node routes each
     * MAAR's local network via that MAAR's own logical router (RFC 4191 routes from the DLIF RAs), three distinct
     * logical routers, none the shared access identity, its default route via the serving MAAR's DLIF.
     */
    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void withDlifEachAnchorIsItsOwnRouterWithItsLocalNetwork() throws Exception
    {
        final DmmLab.Result result = runAndCheck("relay", true, "t" + ProcessHandle.current().pid() + "d");
        final String routes = result.mobileNodeRoutes();
        final java.util.Set<String> routers = new java.util.HashSet<>();
        for (int n = 1; n <= 3; n++)
        {
            final Matcher r = Pattern.compile("(?m)^" + Pattern.quote(LabNetwork.maarLocalPrefix(n)) +
                " via (\\S+) dev m0 proto ra").matcher(routes);
            assertTrue(r.find(), "MAAR" + n + "'s local network routed by RA: " + routes);
            final byte[] id = LabNetwork.MN_ID.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            final long mac = DlifIdentity.mac(id, id.length, Ipv6Words.hi(LabNetwork.maarAddress(n)),
                Ipv6Words.lo(LabNetwork.maarAddress(n)));
            assertEquals(DlifIdentity.linkLocalLo(mac), Ipv6Words.lo(r.group(1)),
                "via MAAR" + n + "'s DLIF link-local: " + routes);
            routers.add(r.group(1));
            if (n == 3)
            {
                assertTrue(routes.matches("(?s).*default via " + Pattern.quote(r.group(1)) + " .*"),
                    "default route via the serving MAAR's DLIF: " + routes);
            }
        }
        assertEquals(3, routers.size(), routes);
        assertTrue(!routers.contains(LabNetwork.ACCESS_LINK_LOCAL), routes);
    }

    private static DmmLab.Result runAndCheck(final String mode, final boolean dlif, final String tag) throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        final DmmLab.Result result;
        try (DmmLab lab = DmmLab.start(new DmmLab.Options(mode, tag, 0.02, System.out, dlif)))
        {
            result = lab.run();
        }
        assertStoryOk(result, "MAAR", 100);

        // The node's addresses: one per anchor, the two older deprecated, the newest preferred.
        final String[] prefixes = new String[3];
        for (int n = 0; n < 3; n++)
        {
            prefixes[n] = MaarState.parse(result.maarBindings().get(n)).anchoredPrefix();
            assertTrue(DmmLab.inPrefix(prefixes[n].replace("/64", ""), LabNetwork.maarPool(n + 1)),
                "MAAR" + (n + 1) + " anchors a prefix of its own pool: " + prefixes[n]);
        }
        int deprecated = 0;
        int preferred = 0;
        final Matcher m = INET6.matcher(result.mobileNodeAddresses());
        while (m.find())
        {
            final boolean newest = DmmLab.inPrefix(m.group(1), prefixes[2]);
            // Deprecated = preferred lifetime 0 from the RAs; the kernel's own flag can lag (DmmLab.isDeprecated).
            final boolean isDeprecated =
                DmmLab.isDeprecated(DmmLab.addressState(result.mobileNodeAddresses(), m.group(1) + "/128"));
            assertEquals(!newest, isDeprecated, m.group() + "\n" + result.mobileNodeAddresses());
            deprecated += isDeprecated ? 1 : 0;
            preferred += isDeprecated ? 0 : 1;
        }
        assertEquals(2, deprecated, result.mobileNodeAddresses());
        assertEquals(1, preferred, result.mobileNodeAddresses());

        // The CMD's binding: MAAR3 serving with MAAR3's prefix, MAAR1 and MAAR2 previous with theirs.
        final String cmd = result.cmdBindings();
        assertEquals(LabNetwork.maarAddress(3), MaarState.text(cmd, "servingMaar"), cmd);
        assertEquals(prefixes[2], MaarState.text(cmd, "servingPrefix"), cmd);
        for (int n = 1; n <= 2; n++)
        {
            assertTrue(cmd.matches("(?s).*\"address\"\\s*:\\s*\"" + LabNetwork.maarAddress(n) +
                "\"\\s*,\\s*\"prefix\"\\s*:\\s*\"" + prefixes[n - 1] + "\".*"), "P-MAAR" + n + " in " + cmd);
        }
        // Each old prefix goes through its own anchor: MAAR3 sources it into the tunnel to its anchor, the anchor
        // routes it into the tunnel to MAAR3.
        for (int n = 1; n <= 2; n++)
        {
            final String p = Pattern.quote(prefixes[n - 1]);
            assertTrue(result.maarRoutes().get(2).matches("(?s).*\"table\"\\s*:\\s*\"SOURCE\"\\s*,\\s*\"prefix\"\\s*:\\s*\"" +
                p + "\".*?\"via\"\\s*:\\s*\"" + LabNetwork.maarAddress(n) + "\".*"), result.maarRoutes().get(2));
            assertTrue(result.maarRoutes().get(n - 1).matches("(?s).*\"table\"\\s*:\\s*\"DESTINATION\"\\s*,\\s*" +
                "\"prefix\"\\s*:\\s*\"" + p + "\"\\s*,\\s*\"action\"\\s*:\\s*\"TUNNEL\".*?\"via\"\\s*:\\s*\"" +
                LabNetwork.maarAddress(3) + "\".*"), result.maarRoutes().get(n - 1));
        }

        // Every PBU / PBA the router forwarded (tcpdump in the core namespace) dissects in tshark, none malformed.
        final java.util.List<String> messages = result.signalling().lines().filter(l -> l.matches("\\d+(,.*)?"))
            .toList();
        assertTrue(messages.size() >= 10, result.signalling());
        assertTrue(messages.stream().allMatch(l -> l.equals("5,") || l.equals("6,") || l.equals("5") ||
            l.equals("6")), "only PBUs and PBAs, none malformed: " + result.signalling());

        // Nothing of the lab is left.
        assertNoTrace(tag);
        return result;
    }

    /**
     * The story's common outcome: {@code DEMO OK handovers=2 flows=3}, three flows answered to the end and mostly
     * answered (each sent more than {@code minSent} requests),
     * two handovers with a recorded time (< 10 s) whose attachment was seen after the move.
     */
    static void assertStoryOk(final DmmLab.Result result, final String anchorName, final int minSent)
    {
        assertTrue(result.ok(), result.demoLine());
        assertTrue(result.demoLine().matches("DEMO OK handovers=2 flows=3 lost=\\d+ max_interruption_ms=\\d+"),
            result.demoLine());
        assertEquals(3, result.flowReports().size());
        for (final Flow.FlowReport r : result.flowReports())
        {
            assertTrue(r.endsAnswered(), "flow " + r.number() + " answered at the end");
            assertTrue(r.sent() > minSent, "flow " + r.number() + " ran: " + r);
            assertTrue(r.lost() < r.sent() / 2, "flow " + r.number() + " mostly answered: " + r);
        }
        assertEquals(2, result.handovers().size());
        for (final DmmLab.Handover h : result.handovers())
        {
            assertTrue(h.attachSeenAtMs() >= h.moveStartMs(), "attachment seen after the move: " + h);
            assertTrue(h.handoverMs() >= 0 && h.handoverMs() < 10_000, "handover time recorded: " + h.handoverMs());
            System.out.printf("lab: handover %s%d→%s%d %d ms%n", anchorName, h.from(), anchorName, h.to(),
                h.handoverMs());
        }
    }

    /** No namespace, link, process, DPDK runtime or Aeron directory whose name carries the tag. */
    static void assertNoTrace(final String tag)
    {
        final String netns = Shell.run(10, "ip", "netns", "list");
        assertTrue(!netns.contains("dmmgw-lab-" + tag), netns);
        final String links = Shell.run(10, "ip", "-o", "link");
        assertTrue(!links.contains(tag), links);
        final String shm = Shell.run(10, "ls", "/dev/shm");
        assertTrue(!shm.contains(tag), shm);
        final String dpdk = Shell.runQuietly(10, "ls", "/var/run/dpdk");
        assertTrue(dpdk == null || !dpdk.contains(tag), dpdk);
        final String tmp = Shell.run(10, "ls", "/tmp");
        assertTrue(!tmp.contains("dmmgw-lab-" + tag), tmp);
        ProcessHandle.allProcesses().forEach(p ->
        {
            final String line = p.info().commandLine().orElse("");
            assertTrue(p.pid() == ProcessHandle.current().pid() || !line.contains("dmmgw-lab-" + tag) &&
                !line.contains("dmmgw-sys-" + tag), "left running: " + line);
        });
    }
}
