package net.dmmgw.fastpath.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TunnelEndpointsTest
{
    private final TunnelEndpoints endpoints = new TunnelEndpoints();

    @Test
    void shouldListTheFirstEndpointsUpToTheLimitAndNoOthers()
    {
        for (int i = 0; i < TunnelEndpoints.MAX_LISTED + 2; i++)
        {
            endpoints.add(0x2001_0db8_000f_0000L, i + 1, 10 + i);
        }
        assertEquals(TunnelEndpoints.MAX_LISTED, endpoints.size());
        for (int i = 0; i < TunnelEndpoints.MAX_LISTED; i++)
        {
            assertEquals(10 + i, endpoints.indexOf(0x2001_0db8_000f_0000L, i + 1));
        }
        // Beyond the limit, another high word, another low word: not listed.
        assertEquals(TunnelEndpoints.NOT_LISTED, endpoints.indexOf(0x2001_0db8_000f_0000L, TunnelEndpoints.MAX_LISTED + 1));
        assertEquals(TunnelEndpoints.NOT_LISTED, endpoints.indexOf(0x2001_0db8_000e_0000L, 1));
        assertEquals(TunnelEndpoints.NOT_LISTED, endpoints.indexOf(0x2001_0db8_000f_0000L, 0));
    }

    @Test
    void shouldUnlistARemovedEndpointAndKeepTheOthers()
    {
        endpoints.add(1, 1, 0);
        endpoints.add(1, 2, 1);
        endpoints.add(1, 3, 2);
        endpoints.remove(1, 2);
        endpoints.remove(1, 9); // not listed: nothing changes
        assertEquals(2, endpoints.size());
        assertEquals(0, endpoints.indexOf(1, 1));
        assertEquals(TunnelEndpoints.NOT_LISTED, endpoints.indexOf(1, 2));
        assertEquals(2, endpoints.indexOf(1, 3));
        endpoints.add(1, 4, 3);
        assertEquals(3, endpoints.indexOf(1, 4));
        endpoints.remove(1, 1);
        endpoints.remove(1, 3);
        endpoints.remove(1, 4);
        assertEquals(0, endpoints.size());
        assertEquals(TunnelEndpoints.NOT_LISTED, endpoints.indexOf(1, 4));
    }
}
