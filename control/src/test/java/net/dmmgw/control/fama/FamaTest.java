package net.dmmgw.control.fama;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import net.dmmgw.control.codec.BindingAck;
import net.dmmgw.control.codec.MhChecksum;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.fama.mn.AnchoredAddress;
import net.dmmgw.control.fama.mn.TunnelEnd;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static net.dmmgw.control.fama.FamaRig.DAR;
import static net.dmmgw.control.fama.FamaRig.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three DARs and one mobile-node agent in process (draft-bernardos-dmm-cmip §3): a home address per DAR, each
 * anchored where it was formed; the first BU to a DAR CGA-signed, the later ones authorized with the permanent home
 * keygen token; two movements away from all three keep all three bindings, each DAR's tunnel re-pointed to the new
 * care-of address (make before break, one tunnel each); forged CGA, wrong signature, replayed BU, wrong token, a
 * token the DAR no longer holds, no authorization, a home address of another DAR: each refused with its status and
 * nothing changed; the token survives a DAR restart; back home the binding goes.
 */
class FamaTest
{
    @TempDir
    Path dir;

    static int status(final FamaRig.Sent ba)
    {
        final MobilityHeaderDecoder d = new MobilityHeaderDecoder().wrap(new UnsafeBuffer(ba.mh()), 0, ba.mh().length);
        assertEquals(MhType.BINDING_ACK, d.mhType());
        return d.bindingAck().status();
    }

    static int sequence(final FamaRig.Sent ba)
    {
        return new MobilityHeaderDecoder().wrap(new UnsafeBuffer(ba.mh()), 0, ba.mh().length).bindingAck()
            .sequence();
    }

    static FamaOptions options(final FamaRig.Sent message)
    {
        return new FamaOptions().scan(message.mh(), message.mh().length);
    }

    @Test
    void threeAnchorsSurviveTwoMovements()
    {
        try (FamaRig rig = new FamaRig(dir, new Properties()))
        {
            final AnchoredAddress a1 = rig.attach(0);
            assertTrue(rig.log.isEmpty(), "at home on DAR1: nothing to signal");
            assertEquals(AnchoredAddress.State.AT_HOME, a1.state());

            final AnchoredAddress a2 = rig.attach(1);
            assertEquals(2, rig.log.size(), "one BU to DAR1, one BA");
            assertTrue(options(rig.log.get(0)).isCgaSigned(), "the first BU to a DAR is CGA-signed");
            assertTrue(options(rig.log.get(1)).tokenDataOffset() >= 0, "the BA carries the encrypted token");
            assertTrue(options(rig.log.get(1)).authenticatorOffset() >= 0, "and its own authenticator");
            assertEquals(AnchoredAddress.State.BOUND, a1.state());
            assertTrue(a1.hasToken());
            assertArrayEquals(a1.token(), rig.dar(0).binding(a1.home()).linkLayerId(), "the node decrypted it");
            assertEquals(text(a2.home()), rig.tunnelRemote(0, a1.home()));
            assertEquals(text(Ipv6Words.bytes(DAR[0])), rig.tunnelLocal(0, a1.home()));

            final AnchoredAddress a3 = rig.attach(2);
            assertEquals(AnchoredAddress.State.BOUND, a1.state());
            assertEquals(AnchoredAddress.State.BOUND, a2.state());
            assertEquals(1, rig.dar(0).cgaAccepted(), "DAR1's second BU came with the token, not a signature");
            assertEquals(1, rig.dar(0).tokensIssued());
            assertEquals(1, rig.dar(1).cgaAccepted());
            assertEquals(text(a3.home()), rig.tunnelRemote(0, a1.home()));
            assertEquals(text(a3.home()), rig.tunnelRemote(1, a2.home()));
            assertEquals(1, rig.dataPlane(0).tunnelCount(), "the tunnel to the old care-of address went");

            final List<AnchoredAddress> homes = List.of(a1, a2, a3);
            for (int visited = 0; visited < 2; visited++)
            {
                final AnchoredAddress careOf = rig.visit(visited);
                for (int i = 0; i < 3; i++)
                {
                    final AnchoredAddress a = homes.get(i);
                    assertEquals(AnchoredAddress.State.BOUND, a.state(), a.toString());
                    assertArrayEquals(careOf.home(), a.careOf());
                    assertEquals(text(careOf.home()), rig.tunnelRemote(i, a.home()), "DAR" + (i + 1));
                    assertEquals(text(Ipv6Words.bytes(DAR[i])), rig.tunnelLocal(i, a.home()));
                    assertEquals(1, rig.dataPlane(i).tunnelCount(), "one tunnel per DAR, to the current CoA");
                    assertEquals(1, rig.dar(i).cgaAccepted(), "one signature per DAR, then the token");
                    assertEquals(1, rig.dar(i).tokensIssued());
                    assertTrue(rig.dar(i).binding(a.home()).expiresAtMs() > FamaRig.T0 + 3_000_000L);
                }
                assertEquals(3, rig.mn.tunnels().size());
                assertEquals(4, rig.mn.addresses().size(), "a visited address is dropped on leaving");
            }
            assertEquals(0, rig.mn.basIgnored());
            assertEquals(0, rig.undeliverable);
            for (final FamaRig.Sent m : rig.log)
            {
                if (new MobilityHeaderDecoder().wrap(new UnsafeBuffer(m.mh()), 0, m.mh().length).mhType() ==
                    MhType.BINDING_ACK)
                {
                    assertEquals(0, status(m));
                }
            }
            // A flow on each home address: out through its tunnel end, back through the DAR's tunnel.
            final byte[] cn = Ipv6Words.bytes("2001:db8:cafe::1");
            for (int i = 0; i < 3; i++)
            {
                final TunnelEnd end = rig.mn.tunnel(homes.get(i).home());
                final byte[] inner = packet(homes.get(i).home(), cn);
                final byte[] outer = end.encapsulate(inner, inner.length, 64);
                assertArrayEquals(Ipv6Words.bytes(DAR[i]), Arrays.copyOfRange(outer, 24, 40));
                assertNull(end.encapsulate(packet(homes.get((i + 1) % 3).home(), cn), 40, 64), "another HoA's");
                final byte[] back = new byte[80];
                System.arraycopy(outer, 0, back, 0, 80);
                System.arraycopy(Ipv6Words.bytes(DAR[i]), 0, back, 8, 16);
                System.arraycopy(end.careOf(), 0, back, 24, 16);
                System.arraycopy(cn, 0, back, 48, 16);
                System.arraycopy(homes.get(i).home(), 0, back, 64, 16);
                assertNotNull(end.decapsulate(back, back.length));
                assertNull(rig.mn.tunnel(homes.get(i).home()).decapsulate(outer, outer.length), "not from the DAR");
            }
        }
    }

    private static byte[] packet(final byte[] source, final byte[] destination)
    {
        final byte[] p = new byte[40];
        p[0] = 0x60;
        p[6] = 59;
        p[7] = 64;
        System.arraycopy(source, 0, p, 8, 16);
        System.arraycopy(destination, 0, p, 24, 16);
        return p;
    }

    /** What must not move when a BU is refused. */
    private record Snapshot(String careOf, int sequence, byte[] token, long calls, int bindings, long tokens)
    {
        static Snapshot of(final FamaRig rig, final int i, final byte[] home)
        {
            final BindingCacheEntry e = rig.dar(i).binding(home);
            return new Snapshot(Ipv6Words.text(e.proxyCoaHi(), e.proxyCoaLo()), e.lastSequence(),
                e.linkLayerId().clone(), rig.dataPlane(i).calls(), rig.dar(i).cache().size(), rig.dar(i).tokensIssued());
        }

        void assertSame(final Snapshot other)
        {
            assertEquals(careOf, other.careOf);
            assertEquals(sequence, other.sequence);
            assertArrayEquals(token, other.token);
            assertEquals(calls, other.calls, "no data-plane call");
            assertEquals(bindings, other.bindings);
            assertEquals(tokens, other.tokens);
        }
    }

    /** Sends one BU and returns the DAR's only answer, checking that nothing changed at DAR1. */
    private static FamaRig.Sent refused(final FamaRig rig, final byte[] home, final byte[] source,
        final byte[] claimedHome, final byte[] mh, final int expectedStatus, final int expectedSequence)
    {
        final Snapshot before = Snapshot.of(rig, 0, home);
        final List<FamaRig.Sent> answers = rig.inject(0, source, claimedHome, mh);
        assertEquals(1, answers.size());
        final FamaRig.Sent ba = answers.get(0);
        assertEquals(expectedStatus, status(ba));
        assertEquals(expectedSequence, sequence(ba));
        assertTrue(options(ba).tokenDataOffset() < 0, "no token in a refusal");
        Snapshot.of(rig, 0, home).assertSame(before);
        return ba;
    }

    private static byte[] withChecksum(final byte[] mh, final byte[] home, final byte[] dar)
    {
        final UnsafeBuffer addresses = new UnsafeBuffer(new byte[32]);
        addresses.putBytes(0, home);
        addresses.putBytes(16, dar);
        final UnsafeBuffer b = new UnsafeBuffer(mh);
        b.putShort(MhChecksum.CHECKSUM_OFFSET, (short)0, java.nio.ByteOrder.BIG_ENDIAN);
        b.putShort(MhChecksum.CHECKSUM_OFFSET, (short)MhChecksum.compute(addresses, 0, 16, b, 0, mh.length),
            java.nio.ByteOrder.BIG_ENDIAN);
        return mh;
    }

    @Test
    void refusalsChangeNothing() throws Exception
    {
        try (FamaRig rig = new FamaRig(dir, new Properties()))
        {
            final AnchoredAddress a1 = rig.attach(0);
            final AnchoredAddress a2 = rig.attach(1);
            final FamaRig.Sent accepted = rig.log.get(0);
            final byte[] home = a1.home();
            final byte[] coa = a2.home();
            final byte[] dar = Ipv6Words.bytes(DAR[0]);
            final int last = a1.sequence();
            assertEquals(last, rig.dar(0).binding(home).lastSequence());
            assertEquals(1, rig.dar(0).cache().size());

            // Forged CGA: a1's parameters and a valid signature, claimed for another address of DAR1's prefix.
            final byte[] forged = home.clone();
            forged[15] ^= 0x01;
            int length = rig.mn.buildSigned(a1, last + 1, 100);
            refused(rig, home, coa, forged, withChecksum(Arrays.copyOf(rig.mn.lastMessage(), length), forged, dar),
                DarStatus.CGA_AND_SIGNATURE_VERIFICATION_FAILED, last + 1);
            assertNull(rig.dar(0).binding(forged));

            // Wrong signature: one bit of it flipped.
            length = rig.mn.buildSigned(a1, last + 1, 100);
            byte[] bu = Arrays.copyOf(rig.mn.lastMessage(), length);
            bu[new FamaOptions().scan(bu, length).signatureDataOffset() + 7] ^= 0x10;
            refused(rig, home, coa, home, withChecksum(bu, home, dar),
                DarStatus.CGA_AND_SIGNATURE_VERIFICATION_FAILED, last + 1);

            // A valid signature over another care-of address than the one sending.
            length = rig.mn.buildSigned(a1, last + 1, 100);
            refused(rig, home, Ipv6Words.bytes("2001:db8:bad::1"), home, Arrays.copyOf(rig.mn.lastMessage(), length),
                DarStatus.CGA_AND_SIGNATURE_VERIFICATION_FAILED, last + 1);

            // The accepted first BU replayed: authentic, but its sequence number is not newer.
            final FamaRig.Sent replay = refused(rig, home, accepted.source(), accepted.home(), accepted.mh(),
                net.dmmgw.control.ha.HaStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW, last);
            assertTrue(options(replay).authenticatorOffset() < 0, "no token answer to a signature");

            // A wrong token.
            length = rig.mn.buildAuthorized(a1, last + 1, 100, new byte[]{ 1, 2, 3, 4, 5, 6, 7, 8 });
            refused(rig, home, coa, home, Arrays.copyOf(rig.mn.lastMessage(), length),
                DarStatus.CGA_AND_SIGNATURE_VERIFICATION_FAILED, last + 1);

            // The right token, replayed sequence: 135 with an authenticator the node can check.
            length = rig.mn.buildAuthorized(a1, last, 100, a1.token());
            final FamaRig.Sent tokenReplay = refused(rig, home, coa, home, Arrays.copyOf(rig.mn.lastMessage(), length),
                net.dmmgw.control.ha.HaStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW, last);
            assertTrue(options(tokenReplay).authenticatorOffset() >= 0);

            // No authorization at all.
            final byte[] bare = new byte[64];
            final MobilityHeaderEncoder enc = new MobilityHeaderEncoder().wrap(new UnsafeBuffer(bare), 0, 64)
                .begin(MhType.BINDING_UPDATE);
            enc.bindingUpdate().sequence(last + 1).flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H).lifetime(100);
            refused(rig, home, coa, home, Arrays.copyOf(bare, enc.finish(home, dar)),
                DarStatus.CGA_AND_SIGNATURE_VERIFICATION_FAILED, last + 1);

            // A valid CGA of DAR2's prefix, signed for DAR1 (by hand: the agent signs for the address's DAR): not
            // DAR1's home subnet.
            final byte[] foreign = new byte[512];
            final MobilityHeaderEncoder e2 = new MobilityHeaderEncoder().wrap(new UnsafeBuffer(foreign), 0, 512)
                .begin(MhType.BINDING_UPDATE);
            e2.bindingUpdate().sequence(7).flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H).lifetime(100);
            final byte[] parameters = a2.parameters().encode();
            e2.cgaParameters(parameters, 0, parameters.length);
            final int signatureAt = e2.beginOption(net.dmmgw.control.codec.OptionType.SIGNATURE, 128);
            final int foreignLength = e2.finish(a2.home(), dar);
            final byte[] signature = net.dmmgw.control.codec.cga.CgaSignature.sign(FamaRig.KEY.getPrivate(),
                a2.home(), dar, foreign, 0, signatureAt - 2);
            System.arraycopy(signature, 0, foreign, signatureAt, signature.length);
            e2.applyChecksum(a2.home(), dar);
            refused(rig, home, a2.home(), null, Arrays.copyOf(foreign, foreignLength),
                net.dmmgw.control.ha.HaStatus.NOT_HOME_SUBNET, 7);

            assertEquals(5, rig.dar(0).authenticationFailures());
            assertEquals(1, rig.dar(0).tokenFailures());
            assertEquals(3, rig.dar(0).cgaFailures());
            assertEquals(1, rig.dar(0).unauthorized());
            assertEquals(text(coa), rig.tunnelRemote(0, home), "the binding still points to the node");
        }
    }

    @Test
    void aLostTokenIsAnsweredWith147AndTheNodeSignsAgain()
    {
        try (FamaRig rig = new FamaRig(dir, new Properties()))
        {
            final AnchoredAddress a1 = rig.attach(0);
            rig.attach(1);
            final byte[] oldToken = a1.token();
            assertTrue(rig.dar(0).deleteBinding(rig.dar(0).binding(a1.home()).id()));
            final int before = rig.log.size();
            rig.mn.refresh();
            rig.pump();
            final List<FamaRig.Sent> exchange = rig.log.subList(before, rig.log.size());
            assertEquals(4, exchange.size(), "token BU, 147, signed BU, accept");
            assertFalse(options(exchange.get(0)).isCgaSigned());
            assertEquals(DarStatus.PERMANENT_HOME_KEYGEN_TOKEN_UNAVAILABLE, status(exchange.get(1)));
            assertTrue(options(exchange.get(2)).isCgaSigned());
            assertEquals(0, status(exchange.get(3)));
            assertEquals(AnchoredAddress.State.BOUND, a1.state());
            assertFalse(Arrays.equals(oldToken, a1.token()), "a new token");
            assertEquals(1, rig.dar(0).tokenUnavailable());
        }
    }

    @Test
    void theTokenSurvivesARestartAndHomeEndsTheBinding()
    {
        try (FamaRig rig = new FamaRig(dir, new Properties()))
        {
            final AnchoredAddress a1 = rig.attach(0);
            final AnchoredAddress a2 = rig.attach(1);
            rig.crashAndRestart(0);
            assertArrayEquals(a1.token(), rig.dar(0).binding(a1.home()).linkLayerId(), "journalled with the binding");
            final AnchoredAddress a3 = rig.attach(2);
            assertEquals(0, rig.dar(0).cgaAccepted(), "the restarted DAR took the token");
            assertEquals(AnchoredAddress.State.BOUND, a1.state());
            assertEquals(text(a3.home()), rig.tunnelRemote(0, a1.home()));

            rig.attach(0); // back home on DAR1: a1's binding goes, a2 and a3 are bound to a1
            assertEquals(AnchoredAddress.State.AT_HOME, a1.state());
            assertNull(rig.dar(0).binding(a1.home()));
            assertEquals(-1, rig.dataPlane(0).hostRouteOf(Ipv6Words.word(a1.home(), 0), Ipv6Words.word(a1.home(), 8)));
            assertEquals(0, rig.dataPlane(0).tunnelCount());
            assertEquals(text(a1.home()), rig.tunnelRemote(1, a2.home()));
            assertEquals(text(a1.home()), rig.tunnelRemote(2, a3.home()));
        }
    }

    @Test
    void theAuthenticatorIsTheRfc6275One() throws Exception
    {
        final byte[] token = { 9, 8, 7, 6, 5, 4, 3, 2 };
        final byte[] coa = Ipv6Words.bytes("2001:db8:f1::77");
        final byte[] cn = Ipv6Words.bytes("2001:db8:a1::1");
        final byte[] mh = new byte[64];
        final MobilityHeaderEncoder enc = new MobilityHeaderEncoder().wrap(new UnsafeBuffer(mh), 0, mh.length)
            .begin(MhType.BINDING_ACK);
        enc.bindingAck().status(0).sequence(77).lifetime(900);
        enc.bindingRefreshAdvice(100);
        final int at = enc.reserveBindingAuthorizationData();
        final int length = enc.finish(cn, coa);
        final BindingAuthenticator authenticator = new BindingAuthenticator();
        assertTrue(authenticator.keyFromToken(token, 0));
        assertTrue(authenticator.sign(coa, cn, mh, length, at));
        final byte[] kbm = net.dmmgw.control.codec.cga.BindingAuthorization.kbm(token);
        assertArrayEquals(net.dmmgw.control.codec.cga.BindingAuthorization.authenticator(kbm, coa, cn, mh, 0, length,
            at), Arrays.copyOfRange(mh, at, at + 12), "the JDK Mac reference");
        assertTrue(authenticator.verify(coa, cn, mh, length, at));
        mh[BindingAck.LIFETIME_OFFSET] ^= 1;
        assertFalse(authenticator.verify(coa, cn, mh, length, at));
        assertTrue(authenticator.keyFromTokens(token, 0, 0x0102030405060708L));
        final byte[] both = net.dmmgw.control.codec.cga.BindingAuthorization.kbm(token,
            new byte[]{ 1, 2, 3, 4, 5, 6, 7, 8 });
        mh[BindingAck.LIFETIME_OFFSET] ^= 1;
        assertTrue(authenticator.sign(coa, cn, mh, length, at));
        assertArrayEquals(net.dmmgw.control.codec.cga.BindingAuthorization.authenticator(both, coa, cn, mh, 0, length,
            at), Arrays.copyOfRange(mh, at, at + 12));
    }
}
