package net.dmmgw.control.codec;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test fixture: one encoded message of every type and every option, with fixed values the tests compare against.
 */
final class SampleMessages
{
    static final byte[] MAG = Addr.v6("2001:db8:1::1");
    static final byte[] LMA = Addr.v6("2001:db8:2::1");
    static final byte[] HOA = Addr.v6("2001:db8:100:1::1");
    static final byte[] ALT_COA = Addr.v6("2001:db8:3::3");
    static final byte[] LINK_LOCAL = Addr.v6("fe80::1");
    static final byte[] HNP1 = Addr.v6("2001:db8:100:1::");
    static final byte[] HNP2 = Addr.v6("2001:db8:100:2::");
    static final byte[] MNP = Addr.v6("2001:db8:200::");
    static final byte[] P_MAAR1 = Addr.v6("2001:db8:a::1");
    static final byte[] P_MAAR2 = Addr.v6("2001:db8:b::1");
    static final byte[] S_MAAR = Addr.v6("2001:db8:c::1");
    static final byte[] DLIF_LL = Addr.v6("fe80::211:22ff:fe33:101");
    static final byte[] MAC = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
    static final byte[] DLIF_MAC = { 0x00, 0x11, 0x22, 0x33, 0x01, 0x01 };
    static final byte[] NAI = "mn1@example.com".getBytes(StandardCharsets.US_ASCII);
    static final byte[] AUTH = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
    static final byte[] VENDOR_DATA = { (byte)0xde, (byte)0xad };
    static final byte[] SIG = filled(128, 0x5a);
    static final byte[] PHKT = filled(128, 0x33);
    static final byte[] CGA_PARAMS = sequence(300);
    static final long TS_SECONDS = 1704067200L;
    static final int TS_FRACTION = 0x8000;

    /** One encoded message. */
    record Sample(String name, byte[] mh, byte[] src, byte[] dst)
    {
    }

    private SampleMessages()
    {
    }

    static byte[] filled(final int n, final int value)
    {
        final byte[] b = new byte[n];
        Arrays.fill(b, (byte)value);
        return b;
    }

    static byte[] sequence(final int n)
    {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++)
        {
            b[i] = (byte)i;
        }
        return b;
    }

    interface Body
    {
        void write(MobilityHeaderEncoder encoder);
    }

    static byte[] encode(final DmmConfig config, final int type, final byte[] src, final byte[] dst, final Body body)
    {
        final byte[] out = new byte[4096];
        final MobilityHeaderEncoder enc = new MobilityHeaderEncoder(config).wrap(new UnsafeBuffer(out), 0, out.length);
        enc.begin(type);
        body.write(enc);
        final int length = enc.finish(src, dst);
        if (length < 0)
        {
            throw new IllegalStateException("overflow");
        }
        return Arrays.copyOf(out, length);
    }

    /** A full PBU as RFC 5213 §6.9.1.1 describes, with two HNPs and the optional PMIPv6 options. */
    static byte[] fullPbu()
    {
        return encode(DmmConfig.iana(), MhType.BINDING_UPDATE, MAG, LMA, e ->
        {
            e.bindingUpdate().sequence(7).flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_P)
                .lifetime(900);
            e.homeNetworkPrefix(64, HNP1).homeNetworkPrefix(64, HNP2).mobileNodeIdentifier(1, NAI, 0, NAI.length)
                .handoffIndicator(1).accessTechnologyType(4).linkLayerOption(OptionType.MN_LINK_LAYER_IDENTIFIER, MAC)
                .linkLocalAddress(LINK_LOCAL).timestamp(TS_SECONDS, TS_FRACTION).greKey(0x01020304L)
                .ipv4HomeAddressRequest(24, 0).alternateCareOfAddress(ALT_COA).lmaUserPlaneAddress(null);
        });
    }

    /** A full PBA answering {@link #fullPbu()}. */
    static byte[] fullPba()
    {
        return encode(DmmConfig.iana(), MhType.BINDING_ACK, LMA, MAG, e ->
        {
            e.bindingAck().status(0).flags(BindingAck.FLAG_P).sequence(7).lifetime(900);
            e.homeNetworkPrefix(64, HNP1).homeNetworkPrefix(64, HNP2).mobileNodeIdentifier(1, NAI, 0, NAI.length)
                .handoffIndicator(1).accessTechnologyType(4).linkLayerOption(OptionType.MN_LINK_LAYER_IDENTIFIER, MAC)
                .linkLocalAddress(LINK_LOCAL).timestamp(TS_SECONDS, TS_FRACTION).greKey(0x01020304L)
                .ipv4HomeAddressReply(0, 24, Addr.v4("10.0.0.5")).ipv4DefaultRouter(Addr.v4("10.0.0.1"))
                .ipv4DhcpSupportMode(true).lmaUserPlaneAddress(Addr.v6("2001:db8:2::99"))
                .bindingRefreshAdvice(100);
        });
    }

    /** A MIPv6 BU to a correspondent with the RFC 4866 / RFC 4285 options, BAD last. */
    static byte[] mipv6Bu()
    {
        return encode(DmmConfig.iana(), MhType.BINDING_UPDATE, ALT_COA, LMA, e ->
        {
            e.bindingUpdate().sequence(9).flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_K).lifetime(60);
            e.nonceIndices(0x1111, 0x2222).cgaParametersRequest().cgaParameters(CGA_PARAMS, 0, CGA_PARAMS.length)
                .signature(SIG).careOfTestInit().mnAuthentication(1, 0x1000L, AUTH, 0, AUTH.length)
                .replayProtection(0x0102030405060708L).vendorSpecific(32473L, 7, VENDOR_DATA)
                .prefixOption(OptionType.MOBILE_NETWORK_PREFIX, 48, MNP).restartCounter(42)
                .bindingAuthorizationData(AUTH);
        });
    }

    /** A BA from a correspondent with PHKT and Care-of Test. */
    static byte[] mipv6Ba()
    {
        return encode(DmmConfig.iana(), MhType.BINDING_ACK, LMA, ALT_COA, e ->
        {
            e.bindingAck().status(0).flags(BindingAck.FLAG_K).sequence(9).lifetime(60);
            e.permanentHomeKeygenToken(PHKT).careOfTest(0x0a0b0c0d0e0f1011L).bindingRefreshAdvice(10);
        });
    }

    /** DMM PBA from a CMD to an S-MAAR: D set, Anchored/Local prefixes, two Previous MAARs, DLIF options. */
    static byte[] dmmPba(final DmmConfig config)
    {
        return encode(config, MhType.BINDING_ACK, LMA, MAG, e ->
        {
            e.bindingAck().status(0).flags(BindingAck.FLAG_P | config.baDMask()).sequence(3).lifetime(900);
            e.mobileNodeIdentifier(1, NAI, 0, NAI.length)
                .prefixOption(OptionType.ANCHORED_PREFIX, 64, HNP1).prefixOption(OptionType.LOCAL_PREFIX, 48, MNP)
                .previousMaar(P_MAAR1, 64, HNP1).previousMaar(P_MAAR2, 64, HNP2)
                .address16(OptionType.SERVING_MAAR, S_MAAR).address16(OptionType.DLIF_LINK_LOCAL, DLIF_LL)
                .linkLayerOption(OptionType.DLIF_LINK_LAYER, DLIF_MAC);
        });
    }

    /** DMM PBU from an S-MAAR: D set, Anchored Prefix, Serving MAAR. */
    static byte[] dmmPbu(final DmmConfig config)
    {
        return encode(config, MhType.BINDING_UPDATE, MAG, LMA, e ->
        {
            e.bindingUpdate().sequence(3).flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_P |
                config.buDMask()).lifetime(900);
            e.mobileNodeIdentifier(1, NAI, 0, NAI.length).homeNetworkPrefix(64, HNP1).handoffIndicator(3)
                .accessTechnologyType(4).timestamp(TS_SECONDS, TS_FRACTION)
                .prefixOption(OptionType.ANCHORED_PREFIX, 64, HNP1).address16(OptionType.SERVING_MAAR, S_MAAR);
        });
    }

    static List<Sample> all()
    {
        final List<Sample> list = new ArrayList<>();
        list.add(new Sample("pbu", fullPbu(), MAG, LMA));
        list.add(new Sample("pba", fullPba(), LMA, MAG));
        list.add(new Sample("mipv6-bu", mipv6Bu(), ALT_COA, LMA));
        list.add(new Sample("mipv6-ba", mipv6Ba(), LMA, ALT_COA));
        list.add(new Sample("dmm-pbu", dmmPbu(DmmConfig.iana()), MAG, LMA));
        list.add(new Sample("dmm-pba", dmmPba(DmmConfig.iana()), LMA, MAG));
        list.add(new Sample("brr", encode(DmmConfig.iana(), MhType.BINDING_REFRESH_REQUEST, LMA, MAG, e -> { }),
            LMA, MAG));
        list.add(new Sample("hoti", encode(DmmConfig.iana(), MhType.HOME_TEST_INIT, HOA, LMA,
            e -> e.message().testInit().cookie(0x1122334455667788L)), HOA, LMA));
        list.add(new Sample("coti", encode(DmmConfig.iana(), MhType.CARE_OF_TEST_INIT, ALT_COA, LMA,
            e -> e.message().testInit().cookie(0x0102030405060708L)), ALT_COA, LMA));
        list.add(new Sample("hot", encode(DmmConfig.iana(), MhType.HOME_TEST, LMA, HOA,
            e -> e.message().testReply().nonceIndex(5).cookie(0x1122334455667788L).keygenToken(0x99aabbccddeeff00L)), LMA, HOA));
        list.add(new Sample("cot", encode(DmmConfig.iana(), MhType.CARE_OF_TEST, LMA, ALT_COA,
            e -> e.message().testReply().nonceIndex(6).cookie(0x0102030405060708L).keygenToken(0x1020304050607080L)),
            LMA, ALT_COA));
        list.add(new Sample("be", encode(DmmConfig.iana(), MhType.BINDING_ERROR, LMA, MAG,
            e -> e.message().bindingError().status(StatusCode.BE_UNRECOGNIZED_MH_TYPE).homeAddress(HOA)), LMA, MAG));
        list.add(new Sample("heartbeat", encode(DmmConfig.iana(), MhType.HEARTBEAT, MAG, LMA, e ->
        {
            e.message().heartbeat().flags(Heartbeat.FLAG_R).sequence(0xfedcba98L);
            e.restartCounter(77);
        }), MAG, LMA));
        list.add(new Sample("bri", encode(DmmConfig.iana(), MhType.BINDING_REVOCATION, LMA, MAG, e ->
        {
            e.message().bindingRevocation().revocationType(BindingRevocation.TYPE_INDICATION).triggerOrStatus(2).sequence(11)
                .flags(BindingRevocation.FLAG_P);
            e.mobileNodeIdentifier(1, NAI, 0, NAI.length);
        }), LMA, MAG));
        list.add(new Sample("bra", encode(DmmConfig.iana(), MhType.BINDING_REVOCATION, MAG, LMA, e ->
        {
            e.message().bindingRevocation().revocationType(BindingRevocation.TYPE_ACKNOWLEDGEMENT).triggerOrStatus(0).sequence(11)
                .flags(BindingRevocation.FLAG_P);
            e.mobileNodeIdentifier(1, NAI, 0, NAI.length);
        }), MAG, LMA));
        return list;
    }
}
