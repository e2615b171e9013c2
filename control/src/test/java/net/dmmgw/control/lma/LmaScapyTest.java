package net.dmmgw.control.lma;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.dmmgw.control.cli.Hex;
import net.dmmgw.control.codec.BindingAck;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.location.BindingState;
import net.dmmgw.control.location.MessageOrdering;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.ipc.Ipv6Words;
import net.dmmgw.control.interop.PcapWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The LMA driven by PBUs that Debian's scapy built (src/test/resources/lma/lma_pbus.py, one python run): every
 * rejection status of wire-formats §4.3 in its order, acceptance with the PBA's options, handoff, the stale-MAG
 * rule, the HI = 4 window, de-registration with MinDelayBeforeBCEDelete, and sequence-number mode. Every PBA is
 * validated (checksum) and decoded by our codec; tshark dissects all of them at the end.
 */
class LmaScapyTest
{
    private static final Pattern LINE = Pattern.compile(
        "\\{\"name\": \"([^\"]+)\", \"src\": \"([^\"]+)\", \"dst\": \"([^\"]+)\", \"hex\": \"([0-9a-f]+)\"}");
    static final Map<String, byte[][]> PBUS = new HashMap<>();
    static final List<InMemorySignallingTransport.Message> ALL_PBAS = new ArrayList<>();

    private final List<LmaRig> rigs = new ArrayList<>();

    @BeforeAll
    static void runScapy() throws Exception
    {
        final Path dir = Files.createDirectories(Path.of("target", "lma"));
        final Path script = dir.resolve("lma_pbus.py");
        try (InputStream in = LmaScapyTest.class.getResourceAsStream("/lma/lma_pbus.py"))
        {
            Files.write(script, in.readAllBytes());
        }
        final Process p = new ProcessBuilder("/usr/bin/python3", script.getFileName().toString(),
            Long.toString(LmaRig.T0)).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "scapy did not finish");
        assertEquals(0, p.exitValue(), "/usr/bin/python3 with scapy failed (is python3-scapy installed?)");
        for (final String line : out.split("\n"))
        {
            final Matcher m = LINE.matcher(line.trim());
            assertTrue(m.matches(), "unexpected scapy output: " + line);
            PBUS.put(m.group(1), new byte[][]{
                InetAddress.getByName(m.group(2)).getAddress(), InetAddress.getByName(m.group(3)).getAddress(),
                Hex.decode(m.group(4)) });
        }
        assertEquals(38, PBUS.size());
    }

    /** tshark dissects every PBA the tests produced: no malformed packet, and status/sequence/lifetime agree. */
    @AfterAll
    static void tsharkDissectsEveryPba() throws Exception
    {
        final PcapWriter w = new PcapWriter();
        final List<Pba> decoded = new ArrayList<>();
        for (final InMemorySignallingTransport.Message m : ALL_PBAS)
        {
            w.add(m.source(), m.destination(), m.mh());
            decoded.add(Pba.of(m));
        }
        assertTrue(decoded.size() > 30, "PBAs collected: " + decoded.size());
        final Path dir = Path.of("target", "lma");
        final Path pcap = w.write(dir.resolve("lma-pbas.pcap"));
        final Process p = new ProcessBuilder("tshark", "-r", pcap.getFileName().toString(), "-T", "fields",
            "-E", "separator=,", "-e", "mip6.ba.status", "-e", "mip6.ba.seqnr", "-e", "mip6.ba.lifetime",
            "-e", "_ws.malformed", "-e", "_ws.expert.severity").directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "tshark failed (is it installed?)");
        final String[] lines = out.split("\n");
        assertEquals(decoded.size(), lines.length, "tshark saw every PBA");
        for (int i = 0; i < lines.length; i++)
        {
            final String[] f = lines[i].split(",", -1);
            final Pba pba = decoded.get(i);
            assertEquals(Integer.toString(pba.status()), f[0], "frame " + (i + 1) + ": " + lines[i]);
            assertEquals(Integer.toString(pba.sequence()), f[1], "frame " + (i + 1));
            assertEquals(Integer.toString(pba.lifetime()), f[2], "frame " + (i + 1));
            assertEquals("", f[3], "frame " + (i + 1) + " malformed for tshark");
            assertEquals("", f[4], "frame " + (i + 1) + " has a tshark expert item");
        }
    }

    @AfterEach
    void closeRigs() throws IOException
    {
        for (final LmaRig r : rigs)
        {
            r.close();
        }
    }

    private LmaRig rig(final String... keyValues) throws IOException
    {
        final Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2)
        {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        final LmaRig r = new LmaRig(p);
        rigs.add(r);
        return r;
    }

    /** Sends a scapy PBU and returns the PBAs, each checked to go from the LMA back to the PBU's source. */
    static List<Pba> send(final LmaRig rig, final String name)
    {
        final byte[][] pbu = PBUS.get(name);
        assertNotNull(pbu, name);
        final List<Pba> pbas = new ArrayList<>();
        for (final InMemorySignallingTransport.Message m : rig.send(pbu[0], pbu[1], pbu[2]))
        {
            synchronized (ALL_PBAS)
            {
                ALL_PBAS.add(m);
            }
            pbas.add(Pba.of(m));
        }
        return pbas;
    }

    static Pba one(final LmaRig rig, final String name)
    {
        final List<Pba> pbas = send(rig, name);
        assertEquals(1, pbas.size(), name + ": " + pbas);
        final Pba pba = pbas.get(0);
        final byte[][] pbu = PBUS.get(name);
        assertEquals(Pba.text(pbu[0]), pba.destination(), "PBA goes back to the MAG");
        assertEquals(Pba.text(pbu[1]), pba.source(), "PBA comes from the LMA address");
        assertEquals(BindingAck.FLAG_P, pba.flags() & BindingAck.FLAG_P, "P=1");
        return pba;
    }

    private static int sequenceOf(final String name)
    {
        final byte[] mh = PBUS.get(name)[2];
        return ((mh[6] & 0xFF) << 8) | (mh[7] & 0xFF);
    }

    private static void assertRejected(final LmaRig rig, final String name, final int status)
    {
        final int before = rig.lma.cache().size();
        final Pba pba = one(rig, name);
        assertEquals(status, pba.status(), name + ": " + pba);
        assertEquals(sequenceOf(name), pba.sequence(), name + ": the PBU's sequence number is echoed");
        assertEquals(0, pba.lifetime(), name);
        assertEquals(before, rig.lma.cache().size(), name + " must not change the binding cache");
    }

    @Test
    void everyRejectionOfTheCheckTableInOrder() throws IOException
    {
        final LmaRig r = rig();
        assertRejected(r, "p-flag-clear", LmaStatus.PROXY_REG_NOT_ENABLED);
        assertRejected(r, "no-mnid", LmaStatus.MISSING_MN_IDENTIFIER_OPTION);
        assertRejected(r, "foreign-mn", LmaStatus.NOT_LMA_FOR_THIS_MOBILE_NODE);
        assertRejected(r, "rogue-mag", LmaStatus.MAG_NOT_AUTHORIZED_FOR_PROXY_REG);
        assertRejected(r, "ts-out-of-window", LmaStatus.TIMESTAMP_MISMATCH);
        assertRejected(r, "no-timestamp", LmaStatus.TIMESTAMP_MISMATCH);
        assertRejected(r, "no-hnp", LmaStatus.MISSING_HOME_NETWORK_PREFIX_OPTION);
        assertRejected(r, "no-hi", LmaStatus.MISSING_HANDOFF_INDICATOR_OPTION);
        assertRejected(r, "no-att", LmaStatus.MISSING_ACCESS_TECH_TYPE_OPTION);
        // Check 5 (peer) precedes check 7 (HNP present) although the codec notices the missing HNP first.
        assertRejected(r, "no-hnp-rogue-mag", LmaStatus.MAG_NOT_AUTHORIZED_FOR_PROXY_REG);
        assertRejected(r, "foreign-prefix", LmaStatus.NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX);
        assertRejected(r, "ipv4-hoa", LmaStatus.NOT_AUTHORIZED_FOR_IPV4_MOBILITY_SERVICE);
        assertEquals(0, r.lma.pool().allocated(), "no prefix consumed by rejections");
    }

    @Test
    void timestampMismatchCarriesTheLmaClockAndRejectionsCopyTheOptions() throws IOException
    {
        final LmaRig r = rig();
        r.clock.advance(123);
        final Pba pba = one(r, "ts-out-of-window");
        assertEquals(LmaStatus.TIMESTAMP_MISMATCH, pba.status());
        assertEquals(MessageOrdering.timestampOfMillis(LmaRig.T0 + 123), pba.timestamp(), "LMA's current time");
        assertEquals("mn1@example.com", pba.mnId());
        assertEquals(1, pba.handoffIndicator());
        assertEquals(4, pba.accessTechnologyType());
    }

    @Test
    void aRetransmittedAttachGetsTheSamePrefixAndANewInterfaceItsOwn() throws IOException
    {
        final LmaRig r = rig();
        final Pba first = one(r, "mn1-attach");
        assertEquals(0, first.status(), first.toString());
        r.advance(250); // the PBA was lost; the MAG sends the attach again, renumbered, with a fresh timestamp
        final Pba again = one(r, "mn1-attach-retx");
        assertEquals(0, again.status(), again.toString());
        assertEquals(26, again.sequence(), "the copy's own number");
        assertEquals(first.prefixes(), again.prefixes(), "same HNP");
        final Pba late = one(r, "mn1-attach-late-copy");
        assertEquals(0, late.status(), late.toString());
        assertEquals(20, late.sequence());
        assertEquals(first.prefixes(), late.prefixes(), "same HNP");
        assertEquals(1, r.lma.cache().size(), "one BCE");
        assertEquals(1, r.lma.pool().allocated(), "one prefix");
        assertEquals(2, r.lma.retransmittedAttaches());
        final Pba other = one(r, "mn1-attach-new-interface");
        assertEquals(0, other.status(), other.toString());
        assertNotEquals(first.prefixes(), other.prefixes(), "another interface: another session");
        assertEquals(2, r.lma.cache().size());
        assertEquals(2, r.lma.pool().allocated());
    }

    @Test
    void acceptanceAssignsAPrefixAndAnswersWithEveryOption() throws IOException
    {
        final LmaRig r = rig();
        final Pba pba = one(r, "mn1-attach");
        assertEquals(0, pba.status(), pba.toString());
        assertEquals(20, pba.sequence());
        assertEquals(900, pba.lifetime(), "the requested lifetime fits under lma.max-lifetime-s");
        assertEquals(List.of(Pba.norm("2001:db8:100::") + "/64"), pba.prefixes());
        assertEquals("mn1@example.com", pba.mnId());
        assertEquals(1, pba.handoffIndicator());
        assertEquals(4, pba.accessTechnologyType());
        assertEquals(MessageOrdering.timestampOfMillis(LmaRig.T0), pba.timestamp(), "Timestamp copied");
        assertArrayEquals(new byte[]{ 2, 0, 0, 0, 0, 1 }, pba.linkLayer(), "MN-LL-ID copied");

        final InMemoryDataPlane dp = (InMemoryDataPlane)r.dataPlane;
        final long p0 = Ipv6Words.hi("2001:db8:100::");
        final int tunnel = dp.routeOf(p0);
        assertTrue(tunnel > 0, "HNP routed into a tunnel");
        assertArrayEquals(new long[]{ Ipv6Words.hi(LmaRig.MAG1), Ipv6Words.lo(LmaRig.MAG1) }, dp.tunnelRemote(tunnel));
        final BindingCacheEntry e = r.lma.cache().byPrefix(p0);
        assertEquals(LmaRig.T0 + 900 * 4000L, e.expiresAtMs());

        // Refresh asking for more than the maximum gets the maximum; timestamp older than the BCE's is refused.
        r.advance(150);
        assertRejected(r, "mn1-older-ts", LmaStatus.TIMESTAMP_LOWER_THAN_PREV_ACCEPTED);
        r.advance(50);
        final Pba refresh = one(r, "mn1-refresh");
        assertEquals(0, refresh.status(), refresh.toString());
        assertEquals(3600 / 4, refresh.lifetime(), "granted ≤ requested, capped at the maximum");
        assertEquals(1, dp.tunnelCount());

        assertRejected(r, "mn2-prefix-of-mn1", LmaStatus.NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX);
        r.advance(100);
        final Pba two = one(r, "mn3-attach-two");
        assertEquals(List.of(Pba.norm("2001:db8:100:1::") + "/64", Pba.norm("2001:db8:100:2::") + "/64"),
            two.prefixes(), "two ALL_ZERO HNP options get two prefixes");
        assertEquals(1, dp.tunnelCount(), "one tunnel per MAG, shared");
        assertEquals(2, r.lma.routing().references(tunnel));
        r.advance(100);
        assertRejected(r, "mn3-one-of-two", LmaStatus.BCE_PBU_PREFIX_SET_DO_NOT_MATCH);
    }

    @Test
    void handoffThenAStaleDeregistrationFromTheOldMagChangesNothing() throws IOException
    {
        final LmaRig r = rig();
        assertEquals(0, one(r, "mn1-attach").status());
        final InMemoryDataPlane dp = (InMemoryDataPlane)r.dataPlane;
        final long p0 = Ipv6Words.hi("2001:db8:100::");
        final int tunnel1 = dp.routeOf(p0);

        r.advance(1000);
        final Pba handoff = one(r, "mn1-handoff-mag2");
        assertEquals(0, handoff.status(), handoff.toString());
        assertEquals(List.of(Pba.norm("2001:db8:100::") + "/64"), handoff.prefixes(), "prefix kept on handoff");
        final int tunnel2 = dp.routeOf(p0);
        assertNotEquals(tunnel1, tunnel2);
        assertArrayEquals(new long[]{ Ipv6Words.hi(LmaRig.MAG2), Ipv6Words.lo(LmaRig.MAG2) }, dp.tunnelRemote(tunnel2));
        assertNull(dp.tunnelRemote(tunnel1), "MAG1's tunnel removed with its last binding");

        r.advance(100);
        final Pba stale = one(r, "mn1-stale-dereg-mag1");
        assertEquals(0, stale.status());
        assertEquals(0, stale.lifetime());
        final BindingCacheEntry e = r.lma.cache().byPrefix(p0);
        assertEquals(BindingState.ACTIVE, e.state(), "a stale MAG cannot delete a moved binding");
        assertTrue(e.isProxyCoa(Ipv6Words.hi(LmaRig.MAG2), Ipv6Words.lo(LmaRig.MAG2)));
        assertEquals(tunnel2, dp.routeOf(p0));
        assertEquals(1, r.lma.staleDeregistrations());

        // The serving MAG de-registers: routes go, the BCE waits MinDelayBeforeBCEDelete; a PBU from MAG1 inside
        // the window (HI = 2) is a handoff that keeps the prefix.
        r.advance(100);
        final Pba dereg = one(r, "mn1-dereg-mag2");
        assertEquals(0, dereg.status());
        assertEquals(0, dereg.lifetime());
        assertEquals(BindingState.DEREGISTERED, e.state());
        assertEquals(-1, dp.routeOf(p0), "no forwarding to the MN through the old MAG");
        r.advance(4800);
        final Pba back = one(r, "mn1-back-mag1");
        assertEquals(0, back.status(), back.toString());
        assertEquals(List.of(Pba.norm("2001:db8:100::") + "/64"), back.prefixes());
        assertEquals(BindingState.ACTIVE, e.state());
        assertTrue(dp.routeOf(p0) > 0);
        r.advance(20_000);
        assertEquals(1, r.lma.cache().size(), "the deletion timer was cancelled by the handoff");
    }

    @Test
    void deregistrationDeletesAfterMinDelayAndReleasesThePrefix() throws IOException
    {
        final LmaRig r = rig();
        one(r, "mn1-attach");
        r.advance(1000);
        one(r, "mn1-handoff-mag2");
        r.advance(200);
        one(r, "mn1-dereg-mag2");
        assertEquals(1, r.lma.pool().allocated());
        r.advance(9_900);
        assertEquals(1, r.lma.cache().size(), "kept during MinDelayBeforeBCEDelete");
        r.advance(200);
        assertEquals(0, r.lma.cache().size(), "deleted when the delay expired");
        assertEquals(0, r.lma.pool().allocated(), "prefix released on BCE deletion");
        assertEquals(0, ((InMemoryDataPlane)r.dataPlane).tunnelCount());
    }

    @Test
    void handoffIndicatorFourWaitsForTheOldMagsDeregistration() throws IOException
    {
        final LmaRig r = rig();
        final Pba first = one(r, "mn2-attach");
        assertEquals(List.of(Pba.norm("2001:db8:100::") + "/64"), first.prefixes());
        r.advance(100);
        assertTrue(send(r, "mn2-hi4-mag2").isEmpty(), "HI = 4: no answer before the old MAG speaks or the timer ends");
        assertEquals(1, r.lma.parkedCount());
        r.advance(400);
        final List<Pba> pbas = send(r, "mn2-dereg-mag1");
        assertEquals(2, pbas.size(), pbas.toString());
        assertEquals(Pba.norm(LmaRig.MAG1), pbas.get(0).destination());
        assertEquals(0, pbas.get(0).lifetime());
        final Pba handoff = pbas.get(1);
        assertEquals(Pba.norm(LmaRig.MAG2), handoff.destination());
        assertEquals(0, handoff.status());
        assertEquals(41, handoff.sequence());
        assertEquals(List.of(Pba.norm("2001:db8:100::") + "/64"), handoff.prefixes(), "handoff keeps the prefix");
        assertEquals(1, r.lma.cache().size());
        assertEquals(0, r.lma.parkedCount());
    }

    @Test
    void handoffIndicatorFourWithoutDeregistrationCreatesANewSessionAfterMaxDelay() throws IOException
    {
        final LmaRig r = rig();
        one(r, "mn3-attach");
        r.advance(100);
        assertTrue(send(r, "mn3-hi4-mag2").isEmpty());
        r.transport.clearSent();
        r.advance(1_400);
        assertTrue(r.transport.sent().isEmpty(), "still inside MaxDelayBeforeNewBCEAssign");
        r.advance(200);
        assertEquals(1, r.transport.sent().size());
        final Pba pba = Pba.of(r.transport.sent().get(0));
        assertEquals(0, pba.status());
        assertEquals(Pba.norm(LmaRig.MAG2), pba.destination());
        assertEquals(List.of(Pba.norm("2001:db8:100:1::") + "/64"), pba.prefixes(), "a second session, new prefix");
        assertEquals(2, r.lma.cache().size());
    }

    @Test
    void sequenceNumberModeComparesModulo65536() throws IOException
    {
        final LmaRig r = rig("lma.timestamp-mode", "false");
        assertEquals(0, one(r, "seq-attach").status());
        final Pba older = one(r, "seq-older");
        assertEquals(LmaStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW, older.status());
        assertEquals(100, older.sequence(), "the PBA carries the last accepted sequence number");
        final Pba wrapped = one(r, "seq-wrapped");
        assertEquals(LmaStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW, wrapped.status(), "+40000 is behind modulo 2^16");
        assertEquals(0, one(r, "seq-newer").status());
    }

    @Test
    void dataPlaneRefusalRollsBackAndAnswers128() throws IOException
    {
        final LmaRig r = rig();
        ((InMemoryDataPlane)r.dataPlane).refuseNext(2);
        final Pba pba = one(r, "mn1-attach");
        assertEquals(LmaStatus.REASON_UNSPECIFIED, pba.status());
        assertEquals(0, r.lma.cache().size());
        assertEquals(0, r.lma.pool().allocated());
        assertEquals(0, r.lma.routing().tunnelCount());
        assertEquals(1, r.lma.rollbacks());
        r.advance(10);
        final Pba retry = one(r, "mn1-attach");
        assertEquals(0, retry.status(), "a retransmission after the refusal succeeds: " + retry);
    }

    @Test
    void keyedPeerMustAuthenticateWithRfc4285() throws IOException
    {
        final LmaRig r = rig("peer.mag2.key", "00112233445566778899aabbccddeeff01234567", "peer.mag2.spi", "300");
        assertRejected(r, "auth-wrong-key", LmaStatus.MIPV6_AUTH_FAIL);
        assertRejected(r, "auth-wrong-spi", LmaStatus.MIPV6_AUTH_FAIL);
        assertTrue(send(r, "auth-missing").isEmpty(), "a keyed peer's PBU without the option is dropped");
        assertEquals(3, r.lma.authenticationFailures());
        assertEquals(0, one(r, "auth-ok").status(), "scapy + python hmac authenticator verifies");
        // MAG1 has no key: its PBUs need no option.
        r.advance(10);
        assertEquals(0, one(r, "mn3-attach").status());
    }

    @Test
    void aDataPlaneThatStopsAnsweringTimesOutInto128() throws IOException
    {
        final LmaRig r = rig();
        ((InMemoryDataPlane)r.dataPlane).silent(true);
        assertTrue(send(r, "mn1-attach").isEmpty(), "no PBA before the acks");
        assertTrue(r.lma.cache().byPrefix(Ipv6Words.hi("2001:db8:100::")).isBusy());
        r.transport.clearSent();
        r.advance(999);
        assertTrue(r.transport.sent().isEmpty());
        r.advance(2);
        assertEquals(1, r.transport.sent().size());
        final Pba pba = Pba.of(r.transport.sent().get(0));
        assertEquals(LmaStatus.REASON_UNSPECIFIED, pba.status());
        assertEquals(1, r.lma.dataPlaneTimeouts());
        assertEquals(0, r.lma.cache().size());
        assertEquals(0, r.lma.pool().allocated());
        ((InMemoryDataPlane)r.dataPlane).silent(false);
        r.advance(10);
        assertEquals(156, one(r, "mn1-attach").status(), "the scapy PBU's timestamp is 1 s old by now");
        final byte[] fresh = new PbuBuilder().pbu(LmaRig.MAG1, "mn1@example.com", 21, 900, 1, null, r.clock.time());
        final Pba retry = Pba.of(r.send(Ipv6Words.bytes(LmaRig.MAG1), Ipv6Words.bytes(LmaRig.LMA), fresh).get(0));
        assertEquals(0, retry.status(), "answered again once the data plane is back");
    }

    @Test
    void malformedInputIsDroppedWithoutStateChange() throws IOException
    {
        final LmaRig r = rig();
        final byte[][] pbu = PBUS.get("mn1-attach");
        final byte[] bad = pbu[2].clone();
        bad[4] ^= 0x55; // checksum
        assertTrue(r.send(pbu[0], pbu[1], bad).isEmpty());
        assertTrue(r.send(pbu[0], pbu[1], new byte[]{ 59, 0 }).isEmpty());
        assertEquals(2, r.lma.dropped());
        assertEquals(0, r.lma.cache().size());
        if (r.lma.pool().allocated() != 0)
        {
            fail("pool touched");
        }
    }
}
