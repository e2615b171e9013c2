package net.dmmgw.ipc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.dmmgw.ipc.Ipv6Words;
import net.dmmgw.ipc.sbe.AddressKind;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteTable;

class StateFileTest
{
    @Test
    void shouldParseEveryKindOfEntryInOrder()
    {
        final List<StateLine> lines = StateFile.parse("s.txt", List.of(
            "# a comment",
            "tunnel 7 1 1400 2001:db8:c::1 2001:db8:c::2 02:00:00:00:00:fe",
            "",
            "neighbour 1 fd00:c::fe 02:aa:bb:cc:dd:ee   # trailing comment",
            "address own 2001:db8:a::1",
            "address endpoint 2001:db8:c::1",
            "route dst 2001:db8:200::/48 forward 1 fd00:c::fe",
            "route src 2001:db8:1::/64 tunnel 7",
            "route dst 2001:db8:1::/64 deliver 0",
            "route dst ::/0 drop",
            "route dst 2001:db8:f::/48 punt"));
        assertEquals(9, lines.size());
        assertEquals(new StateLine.Tunnel(2, 7, 1, 1400, Ipv6Words.hi("2001:db8:c::1"), Ipv6Words.lo("2001:db8:c::1"),
            Ipv6Words.hi("2001:db8:c::2"), Ipv6Words.lo("2001:db8:c::2"), 0x0200_0000_00feL), lines.get(0));
        assertEquals(new StateLine.Neighbour(4, 1, Ipv6Words.hi("fd00:c::fe"), Ipv6Words.lo("fd00:c::fe"),
            0x02aa_bbcc_ddeeL), lines.get(1));
        assertEquals(new StateLine.Address(5, AddressKind.OWN, Ipv6Words.hi("2001:db8:a::1"),
            Ipv6Words.lo("2001:db8:a::1")), lines.get(2));
        assertEquals(AddressKind.TUNNEL_ENDPOINT, ((StateLine.Address)lines.get(3)).kind());
        assertEquals(new StateLine.Route(7, RouteTable.DESTINATION, Ipv6Words.hi("2001:db8:200::"), 0, 48,
            RouteAction.FORWARD, 1, 0, Ipv6Words.hi("fd00:c::fe"), Ipv6Words.lo("fd00:c::fe")), lines.get(4));
        assertEquals(new StateLine.Route(8, RouteTable.SOURCE, Ipv6Words.hi("2001:db8:1::"), 0, 64,
            RouteAction.TUNNEL, 0, 7, 0, 0), lines.get(5));
        assertEquals(RouteAction.DELIVER, ((StateLine.Route)lines.get(6)).action());
        assertEquals(0, ((StateLine.Route)lines.get(6)).port());
        assertEquals(new StateLine.Route(10, RouteTable.DESTINATION, 0, 0, 0, RouteAction.DROP, 0, 0, 0, 0),
            lines.get(7));
        assertEquals(RouteAction.PUNT, ((StateLine.Route)lines.get(8)).action());
    }

    @Test
    void shouldNameFileLineAndProblemForEveryKindOfBadLine()
    {
        assertError("s.txt:2: unknown entry 'tunel'", "# ok", "tunel 1 1 1400 ::1 ::2 02:00:00:00:00:01");
        assertError("s.txt:1: expected 7 fields", "tunnel 1 1 1400 ::1 ::2");
        assertError("s.txt:1: mtu must be a number, got 'big'", "tunnel 1 1 big ::1 ::2 02:00:00:00:00:01");
        assertError("s.txt:1: port must be 0..65535, got 70000", "neighbour 70000 ::1 02:00:00:00:00:01");
        assertError("s.txt:1: not a MAC address", "neighbour 1 ::1 02:00:00:00:01");
        assertError("s.txt:1: not an IPv6 address: 10.0.0.1", "address own 10.0.0.1");
        assertError("s.txt:1: address kind must be own or endpoint, got 'home'", "address home ::1");
        assertError("s.txt:1: route table must be dst or src, got 'via'", "route via ::/0 drop");
        assertError("s.txt:1: route prefix must be <prefix>/<len>", "route dst 2001:db8:: drop");
        assertError("s.txt:1: prefix length must be 0..128, got 129", "route dst 2001:db8::/129 drop");
        assertError("s.txt:1: prefix length must be a number, got 'x'", "route dst 2001:db8::/x drop");
        assertError("s.txt:1: route action must be forward, tunnel, deliver, drop or punt, got 'encap'",
            "route dst ::/0 encap 1");
        assertError("s.txt:1: expected 6 fields: route dst|src <prefix>/<len> forward <port> <next-hop>",
            "route dst ::/0 forward 1");
        assertError("s.txt:1: expected 4 fields", "route dst ::/0 drop now");
        assertError("s.txt:1: expected: route dst|src", "route dst ::/0");
        assertError("s.txt:1: tunnel id must be a number, got '-'", "route dst ::/0 tunnel -");
    }

    private static void assertError(final String expectedStart, final String... lines)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> StateFile.parse("s.txt", List.of(lines)));
        assertTrue(ex.getMessage().startsWith(expectedStart), ex.getMessage());
    }
}
