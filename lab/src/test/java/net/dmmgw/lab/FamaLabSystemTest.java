package net.dmmgw.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7's FAMA acceptance with real hosts: {@link FamaLab} (three DARs with DPDK data planes and their access links,
 * a Linux router and correspondent, a Linux mobile node running our agent) runs its story, and the test checks
 * independently: three flows answered to the end, each from a CGA in its own DAR's prefix; DAR1 and DAR2 bind their
 * addresses to the newest CGA and route them (/128) into their tunnels, DAR3 binds nothing ({@code dmmctl}); the node
 * holds a token from each of the two anchors it left and keeps the old addresses on TUN devices; every BU and BA the
 * router forwarded dissects in tshark, every BA accepting, none malformed; nothing of the lab is left.
 */
class FamaLabSystemTest
{
    private static final Pattern INET6 = Pattern.compile("\\d+: (\\S+)\\s+inet6 ([0-9a-f:]+)/(\\d+)");

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void threeFlowsOnThreeCgasSurviveTwoMovesEachThroughItsDar() throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        final String tag = "t" + ProcessHandle.current().pid() + "f";
        final DmmLab.Result result;
        try (FamaLab lab = FamaLab.start(tag, 0.02, System.out))
        {
            result = lab.run();
        }
        DmmLabSystemTest.assertStoryOk(result, "DAR", 50);

        // The node (its agent's status): a CGA per DAR in that DAR's prefix; the two older bound to the newest,
        // each with the DAR's permanent home keygen token.
        final String status = result.cmdBindings();
        final java.nio.file.Path statusFile = java.nio.file.Files.createTempFile("fama-status", ".json");
        final List<MnState.Address> addresses;
        try
        {
            addresses = MnState.read(java.nio.file.Files.writeString(statusFile, status)).addresses();
        }
        finally
        {
            java.nio.file.Files.deleteIfExists(statusFile); // every run left one in /tmp before
        }
        assertEquals(3, addresses.size(), status);
        final String newest = addresses.get(2).home();
        for (int n = 1; n <= 3; n++)
        {
            final MnState.Address a = addresses.get(n - 1);
            assertTrue(MnState.same(a.dar(), LabNetwork.maarAddress(n)), status);
            assertTrue(DmmLab.inPrefix(a.home(), LabNetwork.darPrefix(n)), a.home() + " in DAR" + n + "'s prefix");
            assertEquals(n < 3 ? "BOUND" : "AT_HOME", a.state(), status);
            if (n < 3)
            {
                assertTrue(MnState.same(a.careOf(), newest), status);
            }
        }
        assertTrue(status.matches("(?s)\\{.*\"token\":true.*\"token\":true.*\"token\":false.*"), status);

        // Its kernel: the newest address on m0 (/64), the older ones on a TUN each (/128).
        final Matcher m = INET6.matcher(result.mobileNodeAddresses());
        int tunnels = 0;
        boolean onLink = false;
        while (m.find())
        {
            if (MnState.same(m.group(2), newest))
            {
                onLink = m.group(1).replaceAll("@.*", "").equals("m0") && m.group(3).equals("64");
            }
            else if (m.group(1).startsWith("dmmmn") && m.group(3).equals("128"))
            {
                tunnels++;
            }
        }
        assertTrue(onLink, result.mobileNodeAddresses());
        assertEquals(2, tunnels, result.mobileNodeAddresses());

        // The DARs (dmmctl): DAR1 and DAR2 bind their address to the newest CGA and route it into the tunnel to it.
        for (int n = 1; n <= 2; n++)
        {
            assertTrue(FamaLab.bindingOf(result.maarBindings().get(n - 1), addresses.get(n - 1).home(), newest),
                result.maarBindings().get(n - 1));
            final String routes = result.maarRoutes().get(n - 1);
            assertTrue(routes.contains("/128") && routes.contains("\"TUNNEL\""), routes);
            assertNotNull(MaarState.text(routes, "via"));
            assertTrue(MnState.same(MaarState.text(routes, "via"), newest), routes);
        }
        assertTrue(!result.maarBindings().get(2).contains("\"mnId\""), result.maarBindings().get(2));

        // Every BU / BA the router forwarded: dissected, accepted, none malformed (handover 1: one of each,
        // handover 2: two of each, each seen entering and leaving the router).
        final List<String> messages = result.signalling().lines().filter(l -> l.matches("\\d+(,.*)?")).toList();
        assertTrue(messages.size() >= 12, result.signalling());
        assertTrue(messages.stream().allMatch(l -> l.equals("5,,") || l.equals("6,,0")),
            "only BUs and accepting BAs, none malformed: " + result.signalling());

        DmmLabSystemTest.assertNoTrace(tag);
    }
}
