package net.dmmgw.control.cmd;

import java.util.ArrayList;
import java.util.List;

import net.dmmgw.control.codec.DmmConfig;
import net.dmmgw.control.dmm.CmdMode;
import net.dmmgw.control.dmm.DmmSettings;
import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;

/**
 * The CMD's settings, read from a {@link NodeConfig}. Keys (defaults shown):
 * <pre>
 * node.role=cmd
 * cmd.address=2001:db8:ff::1          (PBU / PBA source and destination of the MAARs)
 * cmd.mode=relay                      (relay | locator | proxy, draft §3.2–3.4)
 * cmd.maars=2001:db8:1::1,2001:db8:2::1   (the domain's MAARs; PBUs from others get 154)
 * cmd.max-lifetime-s=3600             (granted lifetime = min(requested, this))
 * cmd.relay-timeout-ms=500            (relay / locator: the S-MAAR's PBA goes with what arrived by then)
 * cmd.max-retransmissions=3            (PBUs to P-MAARs that did not answer are sent again every relay timeout)
 * cmd.expiry-grace-ms=5000            (a session outlives its granted lifetime by this much, so that the S-MAAR,
 *                                      not the CMD, normally ends it)
 * dmm.compat=iana                     (iana | draft02: D flag positions and Previous MAAR layout)
 * </pre>
 *
 * @param address the CMD's address.
 * @param mode signalling mode.
 * @param maars the MAARs of the domain (16 octets each).
 * @param maxLifetimeUnits longest lifetime granted, 4-s units.
 * @param relayTimeoutMs how long the CMD waits for the P-MAARs' PBAs before answering the S-MAAR.
 * @param maxRetransmissions how often a P-MAAR's PBU is sent again.
 * @param expiryGraceMs extra time before the CMD expires a session itself.
 * @param dmm DMM numbering.
 */
public record CmdConfig(byte[] address, CmdMode mode, List<byte[]> maars,
    int maxLifetimeUnits, long relayTimeoutMs, int maxRetransmissions, long expiryGraceMs, DmmConfig dmm)
{
    /**
     * Reads and validates the CMD keys, failing on the first bad or unknown one (the message starts with the key).
     */
    public static CmdConfig from(final NodeConfig c)
    {
        c.requireRole("cmd");
        final byte[] address = c.ipv6("cmd.address");
        final CmdMode mode = CmdMode.parse("cmd.mode", c.string("cmd.mode", "relay"));
        final List<byte[]> maars = new ArrayList<>();
        for (final String text : c.list("cmd.maars"))
        {
            final byte[] a = NodeConfig.parseIpv6("cmd.maars", text);
            for (final byte[] other : maars)
            {
                if (java.util.Arrays.equals(a, other))
                {
                    throw new ConfigException("cmd.maars", "lists " + text + " twice");
                }
            }
            if (java.util.Arrays.equals(a, address))
            {
                throw new ConfigException("cmd.maars", "lists the CMD's own address");
            }
            maars.add(a);
        }
        if (maars.isEmpty())
        {
            throw new ConfigException("cmd.maars", "names no MAAR");
        }
        final int lifetime = (int)(c.number("cmd.max-lifetime-s", 3600, 4, 65535L * 4) / 4);
        final long timeout = c.number("cmd.relay-timeout-ms", 500, 1, 60_000);
        final int retransmissions = (int)c.number("cmd.max-retransmissions", 3, 0, 10);
        final long grace = c.number("cmd.expiry-grace-ms", 5000, 0, 600_000);
        final DmmConfig dmm = DmmSettings.compat(c);
        c.rejectUnknown();
        return new CmdConfig(address, mode, List.copyOf(maars), lifetime, timeout, retransmissions, grace, dmm);
    }
}
