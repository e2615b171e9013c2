package net.dmmgw.control.ha;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import net.dmmgw.control.codec.BindingError;
import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.MhChecksum;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityHeaderValidator;
import net.dmmgw.control.codec.ValidationResult;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.node.InMemorySignallingTransport.Message;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static net.dmmgw.control.ha.BuBuilder.bu;
import static net.dmmgw.control.ha.HaRig.COA1;
import static net.dmmgw.control.ha.HaRig.COA2;
import static net.dmmgw.control.ha.HaRig.HOA1;
import static net.dmmgw.control.ha.HaRig.HOA2;
import static net.dmmgw.control.ha.HaRig.HOA3;
import static net.dmmgw.control.ha.HaRig.KEY1;
import static net.dmmgw.control.ha.HaRig.KEY2;
import static net.dmmgw.control.ha.HaRig.KEY3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The home agent driven by codec-built BUs from a simulated mobile node (BuBuilder): every BA status in the order of
 * RFC 6275 §9.5.1/§10.3.1, sequence numbers mod 2^16, lifetimes, Binding Refresh Advice, the CP/DP option, the tunnel
 * and HoA route programmed before the BA, re-pointed on a CoA change, removed on de-registration and expiry, a
 * data-plane refusal, malformed input, and the journal after a crash.
 */
class HomeAgentTest
{
    @TempDir
    Path dir;
    private HaRig rig;

    private HaRig rig(final Properties overrides)
    {
        rig = new HaRig(dir, overrides);
        return rig;
    }

    private HaRig rig()
    {
        return rig(new Properties());
    }

    @AfterEach
    void close()
    {
        if (rig != null)
        {
            rig.close();
        }
    }

    private static Ba one(final List<Message> sent)
    {
        assertEquals(1, sent.size(), "one BA");
        return Ba.of(sent.get(0));
    }

    private static byte[] mn1(final int seq)
    {
        return bu(seq).nai("mn1@example.com").auth(KEY1, 300).build(COA1, HOA1);
    }

    @Test
    void homeRegistrationProgramsTunnelAndRouteBeforeTheBa() throws Exception
    {
        final HaRig r = rig();
        final Ba ba = one(r.send(COA1, HOA1, mn1(7)));
        assertEquals(0, ba.status());
        assertEquals(7, ba.sequence());
        assertEquals(900, ba.lifetime(), "4000 s requested, 3600 s allowed: 900 units granted");
        assertEquals(150, ba.refreshAdvice(), "ha.refresh-interval-s=600 → 150 units");
        assertNull(ba.userPlaneAddress(), "the CP/DP option is off by default");
        assertEquals(0, ba.flags(), "K = 0: no IKE SA here");
        assertEquals(Ba.norm(COA1), ba.careOf(), "the BA goes to the care-of address");
        assertEquals(Ba.norm(HOA1), ba.routingHeaderHome(), "with a type 2 Routing header holding the HoA");
        assertEquals(Ba.norm(COA1), r.tunnelRemoteOf(HOA1), "HoA /128 routed into the tunnel towards the CoA");
        assertEquals(300, ba.authSpi(), "RFC 4285: the BA to an authenticated BU carries the MN-HA option");
        assertTrue(ba.authLast(), "as its last option");
        assertTrue(ba.authenticatedWith(KEY1), "HMAC over CoA ‖ HoA ‖ BA, checked with the JDK's Mac");
        assertFalse(ba.authenticatedWith(KEY2));
        final BindingCacheEntry e = r.ha.binding(Ipv6Words.bytes(HOA1));
        assertEquals(HaRig.T0 + 3_600_000, e.expiresAtMs());
        assertEquals(7, e.lastSequence());
    }

    @Test
    void lifetimeIsCappedByConfigurationAndTheHomePrefix()
    {
        final Properties p = new Properties();
        p.setProperty("ha.home-prefix-valid-lifetime-s", "400");
        final HaRig r = rig(p);
        final Ba ba = one(r.send(COA1, HOA1, bu(1).lifetime(65535).auth(KEY1, 300).build(COA1, HOA1)));
        assertEquals(0, ba.status());
        assertEquals(100, ba.lifetime(), "≤ the home prefix's 400 s");
        assertEquals(-1, ba.refreshAdvice(), "600 s advice is not shorter than 400 s: omitted");
        final Ba capped = one(r.send(COA1, HOA2, bu(1).lifetime(65535).auth(KEY2, 301).build(COA1, HOA2)));
        assertEquals(100, capped.lifetime());
    }

    @Test
    void everyRejectionStatusInOrder()
    {
        final HaRig r = rig();
        // 152: a PBU is not for a home agent.
        assertEquals(152, one(r.send(COA1, HOA1, bu(1).flags(0xC000 | BindingUpdate.FLAG_P).auth(KEY1, 300)
            .build(COA1, HOA1))).status());
        // 131: H clear (a correspondent registration; this node is no CN).
        assertEquals(131, one(r.send(COA1, HOA1, bu(2).flags(BindingUpdate.FLAG_A).auth(KEY1, 300)
            .build(COA1, HOA1))).status());
        // 146: wrong key, wrong SPI, no authentication option.
        assertEquals(146, one(r.send(COA1, HOA1, bu(3).auth(KEY2, 300).build(COA1, HOA1))).status());
        assertEquals(146, one(r.send(COA1, HOA1, bu(4).auth(KEY1, 301).build(COA1, HOA1))).status());
        final Ba unauthenticated = one(r.send(COA1, HOA1, bu(5).build(COA1, HOA1)));
        assertEquals(146, unauthenticated.status());
        assertEquals(-1, unauthenticated.authSpi(), "no MN-HA option in the answer to an unauthenticated BU");
        assertEquals(3, r.ha.authenticationFailures());
        // 132: a home address outside the home prefix.
        assertEquals(132, one(r.send(COA1, "2001:db8:99::100", bu(6).build(COA1, "2001:db8:99::100"))).status());
        // 133: an unknown home address inside the prefix, or an MN-ID that is not this MN's NAI.
        assertEquals(133, one(r.send(COA1, "2001:db8:10::999", bu(7).build(COA1, "2001:db8:10::999"))).status());
        assertEquals(133, one(r.send(COA1, HOA1, bu(8).nai("mn9@example.com").auth(KEY1, 300)
            .build(COA1, HOA1))).status());
        // 129: a configured MN that is administratively disabled.
        assertEquals(129, one(r.send(COA1, HOA3, bu(9).auth(KEY3, 302).build(COA1, HOA3))).status());
        // 174: a link-local care-of address (through the Alternate CoA option).
        assertEquals(174, one(r.send(COA1, HOA1, bu(10).alternateCoa("fe80::1").auth(KEY1, 300)
            .build(COA1, HOA1))).status());
        // 133 for a de-registration without a binding (RFC 6275 §10.3.2).
        assertEquals(133, one(r.send(COA1, HOA1, bu(11).lifetime(0).auth(KEY1, 300).build(COA1, HOA1))).status());
        assertEquals(0, r.ha.cache().size(), "no rejection created a binding");
        assertEquals(0, r.dataPlane.routeCount());
        assertEquals(0, r.dataPlane.tunnelCount());
        // 139: H clear while a home binding exists (a registration type change).
        assertEquals(0, one(r.send(COA1, HOA1, mn1(20))).status());
        assertEquals(139, one(r.send(COA1, HOA1, bu(21).flags(BindingUpdate.FLAG_A).auth(KEY1, 300)
            .build(COA1, HOA1))).status());
        // Every rejection echoes the BU's sequence number with lifetime 0.
        final Ba echoed = one(r.send(COA1, "2001:db8:99::100", bu(4242).build(COA1, "2001:db8:99::100")));
        assertEquals(4242, echoed.sequence());
        assertEquals(0, echoed.lifetime());
    }

    @Test
    void sequenceNumbersModulo65536() throws Exception
    {
        final HaRig r = rig();
        assertEquals(0, one(r.send(COA1, HOA1, mn1(65534))).status());
        assertEquals(0, one(r.send(COA1, HOA1, mn1(65535))).status());
        assertEquals(0, one(r.send(COA1, HOA1, mn1(0))).status(), "0 is newer than 65535 (wrap-around)");
        assertEquals(0, one(r.send(COA1, HOA1, mn1(5))).status());
        final Ba old = one(r.send(COA1, HOA1, mn1(65535)));
        assertEquals(135, old.status(), "65535 is older than 5");
        assertTrue(old.authenticatedWith(KEY1), "a rejection after authentication is authenticated too");
        assertEquals(5, old.sequence(), "135 carries the last accepted sequence number");
        final Ba same = one(r.send(COA1, HOA1, mn1(5)));
        assertEquals(135, same.status());
        final Ba far = one(r.send(COA1, HOA1, mn1(5 + 32768)));
        assertEquals(135, far.status(), "half the space away is not newer");
        assertEquals(0, one(r.send(COA1, HOA1, mn1(5 + 32767))).status());
        assertEquals(5 + 32767, r.ha.binding(Ipv6Words.bytes(HOA1)).lastSequence());
    }

    @Test
    void refreshReArmsTheLifetimeWithoutTouchingTheDataPlane()
    {
        final HaRig r = rig();
        one(r.send(COA1, HOA1, mn1(1)));
        final long calls = r.dataPlane.calls();
        r.advance(3_000_000);
        final Ba ba = one(r.send(COA1, HOA1, mn1(2)));
        assertEquals(0, ba.status());
        assertEquals(900, ba.lifetime());
        assertEquals(calls, r.dataPlane.calls(), "same CoA: nothing re-programmed");
        r.advance(3_000_000); // past the first lifetime, inside the refreshed one
        assertNotNull(r.ha.binding(Ipv6Words.bytes(HOA1)));
        assertEquals(Ba.norm(COA1), r.tunnelRemoteOf(HOA1));
    }

    @Test
    void careOfChangeRePointsTheTunnel()
    {
        final HaRig r = rig();
        one(r.send(COA1, HOA1, mn1(1)));
        one(r.send(COA1, HOA2, bu(1).auth(KEY2, 301).build(COA1, HOA2)));
        final int shared = r.routeOf(HOA1);
        assertEquals(shared, r.routeOf(HOA2), "two MNs behind one CoA share one tunnel");
        assertEquals(1, r.dataPlane.tunnelCount());
        final Ba ba = one(r.send(COA2, HOA1, bu(2).nai("mn1@example.com").auth(KEY1, 300).build(COA2, HOA1)));
        assertEquals(0, ba.status());
        assertEquals(Ba.norm(COA2), ba.careOf(), "the BA goes to the new CoA");
        assertEquals(Ba.norm(COA2), r.tunnelRemoteOf(HOA1), "HoA route re-pointed to the new CoA");
        assertEquals(shared, r.routeOf(HOA2), "the other MN keeps the old tunnel");
        assertEquals(2, r.dataPlane.tunnelCount());
        // The Alternate CoA option names the CoA when it differs from the source.
        final Ba alt = one(r.send(COA2, HOA2, bu(2).alternateCoa(COA2).auth(KEY2, 301).build(COA2, HOA2)));
        assertEquals(0, alt.status());
        assertEquals(Ba.norm(COA2), r.tunnelRemoteOf(HOA2));
        assertEquals(1, r.dataPlane.tunnelCount(), "the old tunnel went with its last binding");
    }

    @Test
    void deregistrationRemovesBindingRouteAndTunnel() throws Exception
    {
        final HaRig r = rig();
        one(r.send(COA1, HOA1, mn1(1)));
        final Ba ba = one(r.send(COA1, HOA1, bu(2).lifetime(0).auth(KEY1, 300).build(COA1, HOA1)));
        assertEquals(0, ba.status());
        assertEquals(0, ba.lifetime());
        assertEquals(-1, ba.refreshAdvice());
        assertNull(r.ha.binding(Ipv6Words.bytes(HOA1)));
        assertEquals(-1, r.routeOf(HOA1));
        assertEquals(0, r.dataPlane.tunnelCount());
        // Back home: CoA == HoA (no Home Address option), the BA goes straight to the home address.
        one(r.send(COA1, HOA1, mn1(3)));
        final Message home = r.send(HOA1, HOA1, bu(4).auth(KEY1, 300).build(HOA1, HOA1)).get(0);
        final Ba atHome = Ba.of(home);
        assertEquals(0, atHome.status());
        assertEquals(0, atHome.lifetime());
        assertNull(atHome.routingHeaderHome(), "no type 2 Routing header to a node at home");
        assertTrue(atHome.authenticatedWith(KEY1), "care-of address = home address in the HMAC");
        assertEquals(Ba.norm(HOA1), atHome.careOf());
        assertEquals(0, r.ha.cache().size());
        assertEquals(0, r.dataPlane.routeCount());
    }

    @Test
    void expiryRemovesBindingRouteAndTunnel()
    {
        final HaRig r = rig();
        one(r.send(COA1, HOA1, bu(1).lifetime(10).auth(KEY1, 300).build(COA1, HOA1)));
        r.advance(39_999);
        assertNotNull(r.ha.binding(Ipv6Words.bytes(HOA1)));
        r.advance(1);
        assertNull(r.ha.binding(Ipv6Words.bytes(HOA1)));
        assertEquals(-1, r.routeOf(HOA1));
        assertEquals(0, r.dataPlane.tunnelCount());
        assertEquals(1, r.ha.expired());
    }

    @Test
    void userPlaneAddressOptionForTheControlDataSplit()
    {
        final Properties p = new Properties();
        p.setProperty("ha.user-plane-address", "2001:db8:20::1");
        final HaRig r = rig(p);
        final Ba ba = one(r.send(COA1, HOA1, mn1(1)));
        assertEquals(0, ba.status());
        assertEquals(Ba.norm("2001:db8:20::1"), ba.userPlaneAddress());
        final Ba rejected = one(r.send(COA1, HOA1, mn1(1)));
        assertEquals(135, rejected.status());
        assertNull(rejected.userPlaneAddress(), "only an accepting BA carries it");
        r.close();
        // Another type for labs that want an experimental one (18 = Experimental Mobility Option).
        p.setProperty("ha.user-plane-option-type", "18");
        final HaRig r2 = new HaRig(dir.resolve("second"), p);
        rig = r2;
        final Ba ba18 = Ba.of(r2.send(COA1, HOA1, mn1(1)).get(0), 18);
        assertEquals(Ba.norm("2001:db8:20::1"), ba18.userPlaneAddress());
    }

    @Test
    void dataPlaneRefusalRollsBackWith128() throws Exception
    {
        final HaRig r = rig();
        r.dataPlane.refuseNext(1);
        final Ba ba = one(r.send(COA1, HOA1, mn1(1)));
        assertEquals(128, ba.status());
        assertTrue(ba.authenticatedWith(KEY1), "the answer after the data plane refused is authenticated too");
        assertEquals(Ba.norm(HOA1), ba.routingHeaderHome());
        assertEquals(0, r.ha.cache().size());
        assertEquals(0, r.dataPlane.routeCount());
        assertEquals(0, r.dataPlane.tunnelCount());
        assertEquals(0, one(r.send(COA1, HOA1, mn1(2))).status(), "the retransmission succeeds");
        // A CoA change refused: the route goes back to the old tunnel.
        r.dataPlane.refuseNext(1);
        assertEquals(128, one(r.send(COA2, HOA1, bu(3).auth(KEY1, 300).build(COA2, HOA1))).status());
        assertEquals(Ba.norm(COA1), r.tunnelRemoteOf(HOA1));
        assertEquals(Ba.norm(COA1), Ba.text(Ipv6Words.bytes(r.ha.bindings().get(0).careOfAddress())));
    }

    @Test
    void malformedMessagesAreDroppedOrAnsweredWithABindingError()
    {
        final HaRig r = rig();
        final byte[] badChecksum = mn1(1);
        badChecksum[4] ^= 0x55;
        assertTrue(r.send(COA1, HOA1, badChecksum).isEmpty(), "bad checksum: silently dropped");
        final byte[] truncated = java.util.Arrays.copyOf(mn1(1), 6);
        assertTrue(r.send(COA1, HOA1, truncated).isEmpty());
        // Checksum over the CoA instead of the HoA (the Home Address option ignored): dropped.
        assertTrue(r.send(COA1, HOA1, bu(1).auth(KEY1, 300).build(COA1, COA1)).isEmpty());
        assertEquals(3, r.ha.malformed());
        // An MH type this node does not decode: Binding Error status 2 to the source, naming the home address.
        final byte[] unknown = bu(1).build(COA1, HOA1);
        unknown[2] = 9;
        final List<Message> be = r.send(COA1, HOA1, withChecksum(unknown, HOA1));
        assertEquals(1, be.size());
        final UnsafeBuffer b = new UnsafeBuffer(be.get(0).mh());
        assertTrue(new MobilityHeaderValidator().validate(b, 0, b.capacity(), be.get(0).source(),
            be.get(0).destination(), new ValidationResult()));
        final MobilityHeaderDecoder d = new MobilityHeaderDecoder().wrap(b, 0, b.capacity());
        assertEquals(MhType.BINDING_ERROR, d.mhType());
        assertEquals(2, b.getByte(BindingError.STATUS_OFFSET));
        final byte[] named = new byte[16];
        b.getBytes(BindingError.HOME_ADDRESS_OFFSET, named);
        assertEquals(Ba.norm(HOA1), Ba.text(named));
        assertEquals(Ba.norm(COA1), Ba.text(be.get(0).destination()));
        assertEquals(1, r.ha.bindingErrorsSent());
        assertEquals(0, r.ha.cache().size());
    }

    private static byte[] withChecksum(final byte[] mh, final String home)
    {
        final UnsafeBuffer u = new UnsafeBuffer(mh);
        u.putShort(4, (short)0);
        final UnsafeBuffer addresses = new UnsafeBuffer(new byte[32]);
        addresses.putBytes(0, Ipv6Words.bytes(home));
        addresses.putBytes(16, Ipv6Words.bytes(HaRig.HA));
        final int sum = MhChecksum.compute(addresses, 0, 16, u, 0, mh.length);
        u.putShort(4, (short)sum, java.nio.ByteOrder.BIG_ENDIAN);
        return mh;
    }

    @Test
    void journalReplayAfterACrash()
    {
        final HaRig r = rig();
        one(r.send(COA1, HOA1, mn1(10)));
        one(r.send(COA2, HOA2, bu(20).lifetime(10).auth(KEY2, 301).build(COA2, HOA2)));
        r.advance(5_000);
        r.crashAndRestart();
        assertEquals(2, r.ha.cache().size());
        final BindingCacheEntry e = r.ha.binding(Ipv6Words.bytes(HOA1));
        assertEquals(HaRig.T0 + 3_600_000, e.expiresAtMs(), "same absolute expiry");
        assertEquals(Ba.norm(COA1), r.tunnelRemoteOf(HOA1), "data plane resynchronised");
        assertEquals(Ba.norm(COA2), r.tunnelRemoteOf(HOA2));
        assertTrue(r.dataPlane.epoch() > 0);
        assertEquals(135, one(r.send(COA1, HOA1, mn1(10))).status(), "the sequence number survived");
        r.advance(35_000); // HOA2's 40 s end: its re-armed timer fires
        assertNull(r.ha.binding(Ipv6Words.bytes(HOA2)));
        assertEquals(-1, r.routeOf(HOA2));
        one(r.send(COA1, HOA1, bu(11).lifetime(0).auth(KEY1, 300).build(COA1, HOA1)));
        r.crashAndRestart();
        assertEquals(0, r.ha.cache().size(), "deletions are journalled too");
        assertEquals(0, r.dataPlane.routeCount());
    }

    @Test
    void expiredWhileDownAndUnconfiguredAreNotRestored()
    {
        final HaRig r = rig();
        one(r.send(COA1, HOA1, bu(1).lifetime(10).auth(KEY1, 300).build(COA1, HOA1)));
        one(r.send(COA1, HOA2, bu(1).auth(KEY2, 301).build(COA1, HOA2)));
        r.clock.advance(60_000);
        r.properties.remove("mn.mn2.home-address");
        r.properties.remove("mn.mn2.key");
        r.properties.remove("mn.mn2.spi");
        r.crashAndRestart();
        assertEquals(0, r.ha.cache().size(), "mn1 expired while down, mn2 is no longer configured");
        assertEquals(1, r.ha.expired());
        assertFalse(r.dataPlane.routeCount() > 0);
    }
}
