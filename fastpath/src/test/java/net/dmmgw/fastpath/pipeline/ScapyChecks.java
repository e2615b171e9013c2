package net.dmmgw.fastpath.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import net.dmmgw.fastpath.support.ScapyOracle;

final class ScapyChecks
{
    private ScapyChecks()
    {
    }

    static Map<String, String> single(final byte[] frame) throws Exception
    {
        return ScapyOracle.decodeFlat(List.of(frame)).get(0);
    }

    static void assertChecksumCorrect(final Map<String, String> decoded)
    {
        assertEquals(decoded.get("icmp.expected"), decoded.get("icmp.checksum"), "ICMPv6 checksum per scapy: " + decoded);
    }
}
