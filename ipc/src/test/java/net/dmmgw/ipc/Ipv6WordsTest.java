package net.dmmgw.ipc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Ipv6WordsTest
{
    @Test
    void inPrefixComparesTheLeadingBits()
    {
        assertTrue(Ipv6Words.inPrefix("2001:db8:100::ff:fe00:aa01", "2001:db8:100::/64"));
        assertTrue(Ipv6Words.inPrefix("2001:db8:100:0:1::1", "2001:db8:100::/48"));
        assertFalse(Ipv6Words.inPrefix("2001:db8:200::ff:fe00:aa01", "2001:db8:100::/64"));
        assertFalse(Ipv6Words.inPrefix("2001:db8:101::1", "2001:db8:100::/48"));
        assertTrue(Ipv6Words.inPrefix("2001:db8:1ff::1", "2001:db8:100::/39"), "a length that is not a multiple of 8");
        assertFalse(Ipv6Words.inPrefix("2001:db8:200::1", "2001:db8:100::/39"));
        assertTrue(Ipv6Words.inPrefix("fe80::1", "::/0"));
        assertTrue(Ipv6Words.inPrefix("2001:db8::1", "2001:db8::1/128"));
        assertFalse(Ipv6Words.inPrefix("2001:db8::2", "2001:db8::1/128"));
        assertFalse(Ipv6Words.inPrefix("not an address", "2001:db8::/32"));
        assertFalse(Ipv6Words.inPrefix("2001:db8::1", "2001:db8::/129"));
        assertFalse(Ipv6Words.inPrefix("2001:db8::1", "2001:db8::"));
    }
}
