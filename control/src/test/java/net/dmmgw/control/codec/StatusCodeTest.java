package net.dmmgw.control.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every BA status of wire-formats §2.4 has its IANA name; nothing else is named. */
class StatusCodeTest
{
    @Test
    void shouldNameEveryRegisteredStatusAndNoOther()
    {
        for (int code = 0; code < 256; code++)
        {
            final boolean registered = code <= 6 || (code >= 128 && code <= 180);
            assertEquals(registered, !StatusCode.name(code).equals("Unassigned"), "status " + code);
        }
    }

    @Test
    void shouldUseTheRegistryNamesNotTheDecoderLabels()
    {
        assertEquals("Binding Update accepted", StatusCode.name(0));
        assertEquals("PBU_ACCEPTED_TB_IGNORED_SETTINGSMISMATCH", StatusCode.name(6));
        assertEquals("Reason unspecified", StatusCode.name(128));
        assertEquals("Sequence number out of window", StatusCode.name(135));
        assertEquals("Forwarding Setup failed (prefixes missing)", StatusCode.name(143));
        assertEquals("MIPV6-MESG-ID-REQD", StatusCode.name(145));
        assertEquals("MIPV6-AUTH-FAIL", StatusCode.name(146));
        assertEquals("Permanent home keygen token unavailable", StatusCode.name(147));
        assertEquals("CGA and signature verification failed", StatusCode.name(148));
        assertEquals("PROXY_REG_NOT_ENABLED", StatusCode.name(152));
        assertEquals("TIMESTAMP_LOWER_THAN_PREV_ACCEPTED", StatusCode.name(157));
        assertEquals("MISSING_HOME_NETWORK_PREFIX_OPTION", StatusCode.name(158));
        assertEquals("MISSING_MN_IDENTIFIER_OPTION", StatusCode.name(160));
        assertEquals("MISSING_ACCESS_TECH_TYPE_OPTION", StatusCode.name(162));
        assertEquals("GRE_KEY_OPTION_REQUIRED", StatusCode.name(163));
        assertEquals("MULTIPLE_IPV4_HOME_ADDRESS_ASSIGNMENT_NOT_SUPPORTED", StatusCode.name(173));
        assertEquals("Invalid Care-of Address", StatusCode.name(174));
        assertEquals("CANNOT_SUPPORT_MULTIPATH_BINDING", StatusCode.name(180));
        assertEquals(StatusCode.MISSING_MN_IDENTIFIER_OPTION, 160);
        assertEquals(StatusCode.MISSING_HOME_NETWORK_PREFIX_OPTION, 158);
        assertTrue(StatusCode.isAccepted(6));
        assertFalse(StatusCode.isAccepted(128));
        assertEquals("Unrecognized MH Type value", StatusCode.bindingErrorName(2));
        assertNotEquals("Unassigned", StatusCode.bindingErrorName(1));
    }

    @Test
    void shouldKnowTheMinimumHeaderLenOfEachType()
    {
        assertEquals(0, MhType.minHeaderLen(MhType.BINDING_REFRESH_REQUEST));
        assertEquals(1, MhType.minHeaderLen(MhType.HOME_TEST_INIT));
        assertEquals(2, MhType.minHeaderLen(MhType.HOME_TEST));
        assertEquals(1, MhType.minHeaderLen(MhType.BINDING_UPDATE));
        assertEquals(1, MhType.minHeaderLen(MhType.BINDING_ACK));
        assertEquals(2, MhType.minHeaderLen(MhType.BINDING_ERROR));
        assertEquals(1, MhType.minHeaderLen(MhType.HEARTBEAT));
        assertEquals(1, MhType.minHeaderLen(MhType.BINDING_REVOCATION));
        assertFalse(MhType.isSupported(11));
        assertEquals("Experimental Mobility Header", MhType.name(11));
    }
}
