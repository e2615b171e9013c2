package net.dmmgw.control.cli;

import net.dmmgw.control.codec.BindingAck;
import net.dmmgw.control.codec.BindingError;
import net.dmmgw.control.codec.BindingRevocation;
import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.DmmConfig;
import net.dmmgw.control.codec.Heartbeat;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityOption;
import net.dmmgw.control.codec.MobilityOptionIterator;
import net.dmmgw.control.codec.OptionType;
import net.dmmgw.control.codec.StatusCode;
import net.dmmgw.control.codec.TestInit;
import net.dmmgw.control.codec.TestReply;
import net.dmmgw.control.codec.ValidationResult;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Renders one decoded Mobility Header and its validation result as a JSON object: common header, every fixed field,
 * every option with its name and fields, and the validation verdict with the status code it maps to. Reads only
 * what the buffer holds: fields beyond the available octets are left out, and an option whose Length is wrong for
 * its type is shown as raw data.
 */
public final class MhJsonWriter
{
    private static final String[] HANDOFF_NAMES = {
        "Reserved", "Attachment over a new interface", "Handoff between two different interfaces of the mobile node",
        "Handoff between mobile access gateways for the same interface", "Handoff state unknown",
        "Handoff state not changed (re-registration)", "Attachment over a new interface sharing prefixes" };
    private static final String[] ATT_NAMES = {
        "Reserved", "Virtual", "PPP", "IEEE 802.3", "IEEE 802.11a/b/g", "IEEE 802.16e", "3GPP GERAN",
        "3GPP UTRAN", "3GPP E-UTRAN", "3GPP2 eHRPD", "3GPP2 HRPD", "3GPP2 1xRTT", "3GPP2 UMB", "3GPP NB-IoT" };
    private static final String[] MN_ID_SUBTYPES = {
        "Reserved", "NAI", "IPv6 Address", "IMSI", "P-TMSI", "EUI-48", "EUI-64", "GUTI", "DUID" };
    private static final String[] IPV4_REPLY_STATUS = {
        "Success", "Failure, reason unspecified", "Administratively prohibited", "Incorrect IPv4 home address",
        "Invalid IPv4 address", "Dynamic IPv4 home address assignment not available" };
    private static final String[] REVOCATION_TRIGGERS = {
        "Unspecified", "Administrative Reason", "Inter-MAG Handover - same Access Type",
        "Inter-MAG Handover - different Access Type", "Inter-MAG Handover - Unknown",
        "User-Initiated Session(s) Termination", "Access Network Session(s) Termination",
        "Possible Out-of-Sync BCE State" };
    private static final String[] REVOCATION_STATUS = {
        "Success", "Partial success", "Binding Does NOT Exist", "IPv4 Home Address Option Required",
        "Global Revocation NOT Authorized", "Revoked Mobility Session(s) NOT Identified",
        "Revocation Failed - MN is Attached" };
    private static final int[] BU_FLAGS = {
        BindingUpdate.FLAG_A, BindingUpdate.FLAG_H, BindingUpdate.FLAG_L, BindingUpdate.FLAG_K, BindingUpdate.FLAG_M,
        BindingUpdate.FLAG_R, BindingUpdate.FLAG_P, BindingUpdate.FLAG_F, BindingUpdate.FLAG_T, BindingUpdate.FLAG_B,
        BindingUpdate.FLAG_S, BindingUpdate.FLAG_D };
    private static final String[] BU_FLAG_NAMES = { "A", "H", "L", "K", "M", "R", "P", "F", "T", "B", "S", "D" };
    private static final int[] BA_FLAGS = {
        BindingAck.FLAG_K, BindingAck.FLAG_R, BindingAck.FLAG_P, BindingAck.FLAG_T, BindingAck.FLAG_B,
        BindingAck.FLAG_S, BindingAck.FLAG_D };
    private static final String[] BA_FLAG_NAMES = { "K", "R", "P", "T", "B", "S", "D" };

    private final MobilityOptionIterator iterator = new MobilityOptionIterator();
    private final byte[] scratch = new byte[MobilityHeaderDecoder.MAX_LENGTH];

    /**
     * @param mh wrapped decoder.
     * @param result validation outcome of that message.
     * @param checksumChecked whether the checksum was verified (false when no IPv6 addresses were known).
     * @return JSON object text.
     */
    public String write(final MobilityHeaderDecoder mh, final ValidationResult result, final boolean checksumChecked)
    {
        final Json json = new Json().begin();
        final int available = mh.availableLength();
        json.field("length", available);
        if (available >= 8)
        {
            json.field("payloadProto", mh.payloadProto())
                .field("headerLen", mh.headerLen())
                .field("declaredLength", mh.declaredLength())
                .field("mhType", mh.mhType())
                .field("mhTypeName", MhType.name(mh.mhType()))
                .field("checksum", String.format("0x%04x", mh.checksum()));
            final int fixedEnd = mh.optionsOffset();
            if (fixedEnd > 0 && fixedEnd <= available)
            {
                json.beginObject("fields");
                fixedFields(json, mh);
                json.end();
                json.beginArray("options");
                final MobilityOptionIterator it = mh.options(iterator);
                while (it.next())
                {
                    option(json.element(), it.option(), mh.config());
                    json.end();
                }
                json.endArray();
            }
        }
        json.beginObject("validation")
            .field("valid", result.isValid())
            .field("checksumVerified", checksumChecked)
            .field("error", result.error().name())
            .field("description", result.error().description())
            .field("action", result.action().name())
            .field("offset", result.offset());
        if (result.optionType() >= 0)
        {
            json.field("optionType", result.optionType());
        }
        switch (result.action())
        {
            case REJECT_WITH_STATUS -> json.field("statusCode", result.code())
                .field("statusName", StatusCode.name(result.code()));
            case BINDING_ERROR -> json.field("bindingErrorStatus", result.code())
                .field("statusName", StatusCode.bindingErrorName(result.code()));
            case ICMP_PARAMETER_PROBLEM -> json.field("icmpCode", 0).field("icmpPointerInMh", result.offset());
            default ->
            {
            }
        }
        return json.end().end().toString();
    }

    private void fixedFields(final Json json, final MobilityHeaderDecoder mh)
    {
        final DmmConfig config = mh.config();
        switch (mh.mhType())
        {
            case MhType.HOME_TEST_INIT, MhType.CARE_OF_TEST_INIT ->
            {
                final TestInit t = mh.testInit();
                json.field("initCookie", hex64(t.cookie()));
            }
            case MhType.HOME_TEST, MhType.CARE_OF_TEST ->
            {
                final TestReply t = mh.testReply();
                json.field("nonceIndex", t.nonceIndex()).field("initCookie", hex64(t.cookie()))
                    .field("keygenToken", hex64(t.keygenToken()));
            }
            case MhType.BINDING_UPDATE ->
            {
                final BindingUpdate bu = mh.bindingUpdate();
                json.field("sequence", bu.sequence()).field("flags", String.format("0x%04x", bu.flags()));
                flagNames(json, bu.flags(), BU_FLAGS, BU_FLAG_NAMES, BindingUpdate.FLAG_D, config.buDMask());
                json.field("proxy", bu.isProxy()).field("lifetime", bu.lifetime())
                    .field("lifetimeSeconds", bu.lifetime() * 4L);
            }
            case MhType.BINDING_ACK ->
            {
                final BindingAck ba = mh.bindingAck();
                json.field("status", ba.status()).field("statusName", StatusCode.name(ba.status()))
                    .field("accepted", StatusCode.isAccepted(ba.status()))
                    .field("flags", String.format("0x%02x", ba.flags()));
                flagNames(json, ba.flags(), BA_FLAGS, BA_FLAG_NAMES, BindingAck.FLAG_D, config.baDMask());
                json.field("sequence", ba.sequence()).field("lifetime", ba.lifetime())
                    .field("lifetimeSeconds", ba.lifetime() * 4L);
            }
            case MhType.BINDING_ERROR ->
            {
                final BindingError be = mh.bindingError();
                json.field("status", be.status()).field("statusName", StatusCode.bindingErrorName(be.status()))
                    .field("homeAddress", AddressFormat.ipv6(be.copyHomeAddress(scratch), 0));
            }
            case MhType.HEARTBEAT ->
            {
                final Heartbeat hb = mh.heartbeat();
                json.field("flags", String.format("0x%04x", hb.flags()))
                    .field("unsolicited", (hb.flags() & Heartbeat.FLAG_U) != 0)
                    .field("response", (hb.flags() & Heartbeat.FLAG_R) != 0).field("sequence", hb.sequence());
            }
            case MhType.BINDING_REVOCATION -> revocation(json, mh.bindingRevocation());
            default ->
            {
            }
        }
    }

    private static void revocation(final Json json, final BindingRevocation br)
    {
        final boolean indication = br.revocationType() == BindingRevocation.TYPE_INDICATION;
        json.field("revocationType", br.revocationType())
            .field("revocationTypeName", indication ? "Binding Revocation Indication" :
                br.revocationType() == BindingRevocation.TYPE_ACKNOWLEDGEMENT ?
                    "Binding Revocation Acknowledgement" : "Unknown")
            .field(indication ? "revocationTrigger" : "status", br.triggerOrStatus())
            .field(indication ? "revocationTriggerName" : "statusName", indication ?
                revocationTriggerName(br.triggerOrStatus()) : named(REVOCATION_STATUS, br.triggerOrStatus()))
            .field("sequence", br.sequence()).field("flags", String.format("0x%04x", br.flags()));
        json.beginArray("flagNames");
        if ((br.flags() & BindingRevocation.FLAG_P) != 0)
        {
            json.stringElement("P");
        }
        if ((br.flags() & BindingRevocation.FLAG_V) != 0)
        {
            json.stringElement("V");
        }
        if ((br.flags() & BindingRevocation.FLAG_G) != 0)
        {
            json.stringElement("G");
        }
        json.endArray();
    }

    private static String revocationTriggerName(final int trigger)
    {
        return switch (trigger)
        {
            case 128 -> "Per-Peer Policy";
            case 129 -> "Revoking Mobility Node Local Policy";
            default -> trigger >= 250 ? "Reserved for testing" : named(REVOCATION_TRIGGERS, trigger);
        };
    }

    private static void flagNames(
        final Json json, final int flags, final int[] masks, final String[] names, final int ianaD, final int dMask)
    {
        json.beginArray("flagNames");
        for (int i = 0; i < masks.length; i++)
        {
            // The configured D mask wins; under draft-02 compatibility it sits where F (BU) or T (BA) would be.
            final int mask = masks[i] == ianaD ? dMask : masks[i];
            if (masks[i] != ianaD && masks[i] == dMask)
            {
                continue;
            }
            if ((flags & mask) != 0)
            {
                json.stringElement(names[i]);
            }
        }
        json.endArray();
    }

    private void option(final Json json, final MobilityOption o, final DmmConfig config)
    {
        final int t = o.type();
        json.field("offset", o.offset()).field("type", o.wireType()).field("name", OptionType.name(t));
        if (o.wireType() == OptionType.PAD1)
        {
            return;
        }
        json.field("length", o.length());
        final int fixed = config.fixedLength(t);
        final boolean wellFormed = t != OptionType.UNKNOWN &&
            (fixed >= 0 ? o.length() == fixed : o.length() >= OptionType.minLength(t));
        if (!wellFormed)
        {
            if (t != OptionType.PADN)
            {
                json.field("data", bytes(o.dataOffset(), o.length(), o));
            }
            return;
        }
        switch (t)
        {
            case OptionType.BINDING_REFRESH_ADVICE -> json.field("refreshInterval", o.refreshInterval())
                .field("refreshSeconds", o.refreshInterval() * 4L);
            case OptionType.ALTERNATE_COA, OptionType.LINK_LOCAL_ADDRESS, OptionType.SERVING_MAAR,
                OptionType.DLIF_LINK_LOCAL -> json.field("address", ipv6(o.addressOffset(), o));
            case OptionType.NONCE_INDICES -> json.field("homeNonceIndex", o.homeNonceIndex())
                .field("careOfNonceIndex", o.careOfNonceIndex());
            case OptionType.MOBILE_NETWORK_PREFIX, OptionType.HOME_NETWORK_PREFIX, OptionType.ANCHORED_PREFIX,
                OptionType.LOCAL_PREFIX -> json.field("prefixLength", o.prefixLength())
                .field("prefix", ipv6(o.prefixOffset(), o));
            case OptionType.PREVIOUS_MAAR -> json.field("maarAddress", ipv6(o.addressOffset(), o))
                .field("prefixLength", o.prefixLength()).field("prefix", ipv6(o.prefixOffset(), o));
            case OptionType.MN_IDENTIFIER -> mnIdentifier(json, o);
            case OptionType.MN_AUTHENTICATION -> json.field("subtype", o.authenticationSubtype())
                .field("subtypeName", o.authenticationSubtype() == 1 ? "MN-HA" :
                    o.authenticationSubtype() == 2 ? "MN-AAA" : "Unknown")
                .field("spi", o.spi())
                .field("authenticator", bytes(o.authenticationDataOffset(), o.authenticationDataLength(), o));
            case OptionType.REPLAY_PROTECTION -> json.field("ntpTimestamp", hex64(o.value64()));
            case OptionType.CARE_OF_TEST -> json.field("careOfKeygenToken", hex64(o.value64()));
            case OptionType.BINDING_AUTHORIZATION_DATA, OptionType.CGA_PARAMETERS, OptionType.SIGNATURE,
                OptionType.PERMANENT_HOME_KEYGEN_TOKEN, OptionType.EXPERIMENTAL ->
                json.field("data", bytes(o.dataOffset(), o.length(), o));
            case OptionType.VENDOR_SPECIFIC -> json.field("vendorId", o.vendorId())
                .field("subtype", o.vendorSubtype()).field("data", bytes(o.vendorDataOffset(), o.length() - 5, o));
            case OptionType.HANDOFF_INDICATOR -> json.field("value", o.indicator())
                .field("valueName", named(HANDOFF_NAMES, o.indicator()));
            case OptionType.ACCESS_TECHNOLOGY_TYPE -> json.field("value", o.indicator())
                .field("valueName", named(ATT_NAMES, o.indicator()));
            case OptionType.MN_LINK_LAYER_IDENTIFIER, OptionType.DLIF_LINK_LAYER ->
            {
                o.copy(o.linkLayerOffset(), scratch, 0, o.linkLayerLength());
                json.field("linkLayerAddress", AddressFormat.linkLayer(scratch, 0, o.linkLayerLength()));
            }
            case OptionType.TIMESTAMP -> json.field("seconds", o.timestampSeconds())
                .field("fraction", o.timestampFraction())
                .field("utc", Instant.ofEpochSecond(o.timestampSeconds(),
                    (o.timestampFraction() * 1_000_000_000L) >>> 16).toString());
            case OptionType.RESTART_COUNTER -> json.field("counter", o.restartCounter());
            case OptionType.GRE_KEY -> json.field("greKey", o.greKey());
            case OptionType.IPV4_HOA_REQUEST -> json.field("prefixLength", o.ipv4PrefixLength())
                .field("address", AddressFormat.ipv4(o.ipv4Address()));
            case OptionType.IPV4_HOA_REPLY -> json.field("status", o.ipv4Status())
                .field("statusName", o.ipv4Status() == 0 ? IPV4_REPLY_STATUS[0] :
                    o.ipv4Status() >= 128 ? named(IPV4_REPLY_STATUS, o.ipv4Status() - 127) : "Unassigned")
                .field("prefixLength", o.ipv4PrefixLength()).field("address", AddressFormat.ipv4(o.ipv4Address()));
            case OptionType.IPV4_DEFAULT_ROUTER -> json.field("address", AddressFormat.ipv4(o.ipv4Address()));
            case OptionType.IPV4_DHCP_SUPPORT_MODE -> json.field("mode", o.dhcpServer() ? "server" : "relay");
            case OptionType.LMA_USER_PLANE_ADDRESS -> lmaUserPlane(json, o);
            default ->
            {
            }
        }
    }

    private void mnIdentifier(final Json json, final MobilityOption o)
    {
        final int subtype = o.identifierSubtype();
        json.field("subtype", subtype).field("subtypeName", named(MN_ID_SUBTYPES, subtype));
        o.copy(o.identifierOffset(), scratch, 0, o.identifierLength());
        if (subtype == 1)
        {
            json.field("identifier", new String(scratch, 0, o.identifierLength(), StandardCharsets.UTF_8));
        }
        else if (subtype == 2 && o.identifierLength() == 16)
        {
            json.field("identifier", AddressFormat.ipv6(scratch, 0));
        }
        else
        {
            json.field("identifier", Hex.encode(scratch, 0, o.identifierLength()));
        }
    }

    private void lmaUserPlane(final Json json, final MobilityOption o)
    {
        final int n = o.addressLength();
        o.copy(o.addressOffset(), scratch, 0, n);
        json.field("request", n == 0);
        if (n == 4)
        {
            json.field("address", AddressFormat.ipv4(o.u32(2)));
        }
        else if (n == 16)
        {
            json.field("address", AddressFormat.ipv6(scratch, 0));
        }
    }

    private String ipv6(final int mhOffset, final MobilityOption o)
    {
        o.copy(mhOffset, scratch, 0, 16);
        return AddressFormat.ipv6(scratch, 0);
    }

    private String bytes(final int mhOffset, final int length, final MobilityOption o)
    {
        o.copy(mhOffset, scratch, 0, length);
        return Hex.encode(scratch, 0, length);
    }

    private static String named(final String[] names, final int value)
    {
        return value >= 0 && value < names.length ? names[value] : "Unassigned";
    }

    private static String hex64(final long value)
    {
        return String.format("0x%016x", value);
    }
}
