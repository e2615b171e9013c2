package net.dmmgw.control.admin;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 5952 text of addresses and prefixes in the admin views, and MAC text. */
class ViewsTest
{
    @Test
    void addressesAreInRfc5952Form()
    {
        assertEquals("2001:db8:1::1", Views.ip("2001:db8:1:0:0:0:0:1"));
        assertEquals("2001:db8:100::/64", Views.ip("2001:db8:100:0:0:0:0:0/64"));
        assertEquals("::", Views.ip("0:0:0:0:0:0:0:0"));
        assertEquals("::1", Views.ip("0:0:0:0:0:0:0:1"));
        assertEquals("fe80::", Views.ip("fe80:0:0:0:0:0:0:0"));
        assertEquals("2001:db8:0:1:1:1:1:1", Views.ip("2001:db8:0:1:1:1:1:1"), "one zero group stays");
        assertEquals("2001:0:0:1::1", Views.ip("2001:0:0:1:0:0:0:1"), "the longest run is compressed");
        assertEquals("2001:db8::1:0:0:1", Views.ip("2001:db8:0:0:1:0:0:1"), "the first on a tie");
        assertEquals("2001:db8::ff:fe00:aa01", Views.ip("2001:DB8::FF:FE00:AA01"));
    }

    @Test
    void macsRoundTrip()
    {
        assertEquals("02:00:00:00:aa:01", Views.mac(0x02_00_00_00_AA_01L));
        assertEquals(0x02_00_00_00_AA_01L, Views.parseMac("02:00:00:00:AA:01"));
        assertEquals(-1, Views.parseMac("alice"));
    }
}
