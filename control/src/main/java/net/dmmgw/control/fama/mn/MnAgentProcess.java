package net.dmmgw.control.fama.mn;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import net.dmmgw.ipc.Ipv6Words;

/**
 * The FAMA mobile node as a process on a Linux host ({@code dmmctl mn run}): the {@link MobileNodeAgent} library
 * driven by the host's access interface.
 * <ul>
 * <li><b>Movement detection</b>: the kernel's RA processing is turned off on the interface ({@code accept_ra=0},
 * {@code autoconf=0}); the agent reads the Router Advertisements itself ({@link MnLink}) and sends a Router
 * Solicitation at start and whenever the interface comes up again. An RA whose DAR (the R-flag Prefix Information
 * option) or prefix differs from the current one is an attachment: {@link MobileNodeAgent#attach} forms the CGA
 * (or takes the old one back), which is added to the interface ({@code ip addr add …/64 nodad}) and becomes the
 * care-of address of every other home address; the default route goes via the RA's source; the BUs go out.</li>
 * <li><b>Leaving a DAR</b>: the address it anchors moves from the interface to a TUN device of its own
 * ({@code dmmmnN}, the address as /128), with {@code ip -6 rule from <HoA> lookup <table>} and a default route
 * into the TUN in that table: whatever leaves from the home address is read from the TUN, encapsulated care-of
 * address → DAR ({@link TunnelEnd#encapsulate}) and sent; IPv6-in-IPv6 packets from that DAR for the address are
 * written into the TUN (the kernel receives them there). Until the DAR's BA binds the address, its packets are
 * dropped (counted).</li>
 * <li><b>Signalling</b>: BUs with the Home Address option on a raw socket ({@code IPPROTO_RAW}); BAs read from the
 * packet socket (type 2 Routing header) and given to the agent; a BU without an answer is sent again every
 * second ({@link #RETRANSMIT_MS}), at most {@link #MAX_RETRANSMISSIONS} times per movement.</li>
 * <li><b>Status</b>: one line per event on the output; the node's addresses, their anchors and states in a JSON file
 * ({@code --status}), rewritten on each change.</li>
 * </ul>
 * One thread; each turn handles at most {@link #BURST} packets per source, so no source starves the others. Bad
 * input (malformed, unknown, not ours) is counted and dropped, never fatal. Not a hot path: it allocates.
 */
public final class MnAgentProcess implements AutoCloseable
{
    /** Packets per source and turn. */
    static final int BURST = 64;
    /** BU retransmission interval. */
    static final long RETRANSMIT_MS = 1000;
    /** Retransmissions per movement. */
    static final int MAX_RETRANSMISSIONS = 5;
    private static final long LINK_CHECK_MS = 100;
    private static final int HOP_LIMIT = 64;

    private final String ifname;
    private final Path status;
    private final PrintStream out;
    private final int tableBase;
    private final MnLink link;
    private final MobileNodeAgent agent;
    private final Map<String, Anchor> away = new HashMap<>();
    private final Map<String, Long> boundAtMs = new HashMap<>();
    private List<byte[][]> held; // BUs of an attachment in progress: sent once the care-of address is on the link
    private long attachedAtMs;
    private final byte[] packet = new byte[MnLink.MAX_PACKET];
    private final byte[] outerSource = new byte[16];
    private byte[] currentDar;
    private byte[] currentPrefix;
    private boolean linkUp;
    private long nextLinkCheckMs;
    private long nextRetransmitMs;
    private int retransmissions;
    private int tunnels;
    private volatile boolean running = true;

    private long ras;
    private long bas;
    private long encapsulated;
    private long decapsulated;
    private long droppedUnbound;
    private long droppedMalformed;
    private long sendFailures;
    private long errors;

    /** A home address away from its DAR: its TUN and policy-routing table. */
    private record Anchor(AnchoredAddress address, TunDevice tun, int table)
    {
    }

    /**
     * Sets the interface up for the agent and opens its sockets.
     *
     * @param ifname the access interface.
     * @param key the node's RSA key pair.
     * @param sec the CGA Sec value.
     * @param status the status file (null for none).
     * @param tableBase first policy-routing table number (one per anchor away from home).
     * @param out where the events go.
     */
    public MnAgentProcess(final String ifname, final KeyPair key, final int sec, final Path status,
        final int tableBase, final PrintStream out) throws IOException
    {
        this.ifname = ifname;
        this.status = status;
        this.out = out;
        this.tableBase = tableBase;
        for (final String setting : List.of("accept_ra", "autoconf"))
        {
            Files.writeString(Path.of("/proc/sys/net/ipv6/conf", ifname, setting), "0");
        }
        this.link = new MnLink(ifname);
        this.agent = new MobileNodeAgent(key, sec, this::sendBindingUpdate, new SecureRandom());
    }

    private boolean sendBindingUpdate(final byte[] source, final byte[] home, final byte[] dar, final byte[] mh,
        final int length)
    {
        final byte[] p = MnPackets.bindingUpdate(source, home, dar, mh, length);
        if (held != null)
        {
            held.add(new byte[][] {p, dar.clone()});
            return true;
        }
        return send(p, dar);
    }

    private boolean send(final byte[] p, final byte[] dar)
    {
        final boolean sent = link.send(p, p.length, dar, false);
        if (!sent)
        {
            sendFailures++;
            say("BU to %s not sent: %s", text(dar), link.lastError());
        }
        return sent;
    }

    /** Stops {@link #run} (from another thread, e.g. a shutdown hook). */
    public void stop()
    {
        running = false;
    }

    /** Runs until {@link #stop}. */
    public void run()
    {
        say("running on %s (kernel RA processing off; RS sent)", ifname);
        writeStatus();
        while (running)
        {
            final int work = turn(System.currentTimeMillis());
            if (work == 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    /** One bounded turn over every source. @return work done. */
    int turn(final long nowMs)
    {
        int work = 0;
        if (nowMs >= nextLinkCheckMs)
        {
            nextLinkCheckMs = nowMs + LINK_CHECK_MS;
            final boolean up = operUp();
            if (up && !linkUp)
            {
                final byte[] rs = MnPackets.routerSolicitation();
                if (!link.send(rs, rs.length, MnPackets.allRouters(), true))
                {
                    sendFailures++;
                }
            }
            linkUp = up;
        }
        for (int i = 0; i < BURST; i++)
        {
            final int n = link.receive(packet);
            if (n <= 0)
            {
                errors += n < 0 ? 1 : 0;
                break;
            }
            work++;
            try
            {
                onLinkPacket(n);
            }
            catch (final RuntimeException ex)
            {
                errors++; // a host command or TUN that failed: reported, the agent goes on (the next RA retries)
                say("error: %s", ex.getMessage());
            }
        }
        for (int i = 0; i < BURST; i++)
        {
            final int n = link.receiveTunnelled(packet, outerSource);
            if (n <= 0)
            {
                errors += n < 0 ? 1 : 0;
                break;
            }
            work++;
            decapsulate(n);
        }
        for (final Anchor a : away.values())
        {
            for (int i = 0; i < BURST; i++)
            {
                final int n = a.tun().read(packet);
                if (n <= 0)
                {
                    errors += n < 0 ? 1 : 0;
                    break;
                }
                work++;
                encapsulate(a, n);
            }
        }
        if (nowMs >= nextRetransmitMs)
        {
            nextRetransmitMs = nowMs + RETRANSMIT_MS;
            if (pending() && retransmissions < MAX_RETRANSMISSIONS)
            {
                retransmissions++;
                agent.refresh();
                say("no BA yet: BUs sent again (%d)", retransmissions);
            }
        }
        return work;
    }

    private boolean operUp()
    {
        try
        {
            return Files.readString(Path.of("/sys/class/net", ifname, "operstate")).strip().equals("up");
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private boolean pending()
    {
        for (final AnchoredAddress a : agent.addresses())
        {
            if (a.state() == AnchoredAddress.State.PENDING)
            {
                return true;
            }
        }
        return false;
    }

    private void onLinkPacket(final int length)
    {
        final MnPackets.RouterAdvertisement ra = MnPackets.routerAdvertisement(packet, length);
        if (ra != null)
        {
            ras++;
            onRouterAdvertisement(ra);
            return;
        }
        final MnPackets.BindingAck ba = MnPackets.bindingAck(packet, length);
        if (ba != null)
        {
            bas++;
            final AnchoredAddress a = agent.onSignalling(ba.source(), ba.home(), ba.mh());
            if (a == null)
            {
                say("BA from %s for %s ignored (not valid for a pending BU)", text(ba.source()), text(ba.home()));
                return;
            }
            if (a.state() == AnchoredAddress.State.BOUND)
            {
                boundAtMs.put(text(a.home()), System.currentTimeMillis());
            }
            say("BA from %s for %s: status %d, %s%s", text(a.dar()), text(a.home()), a.lastStatus(), a.state(),
                a.hasToken() ? " (permanent home keygen token held)" : "");
            writeStatus();
        }
    }

    private void onRouterAdvertisement(final MnPackets.RouterAdvertisement ra)
    {
        if (ra.routerAddress() == null)
        {
            return; // not a DAR (no home agent address advertised): nothing to anchor here
        }
        if (Arrays.equals(ra.routerAddress(), currentDar) && Arrays.equals(ra.prefix(), currentPrefix))
        {
            return;
        }
        final AnchoredAddress previous = agent.current();
        retransmissions = 0;
        nextRetransmitMs = System.currentTimeMillis() + RETRANSMIT_MS;
        attachedAtMs = System.currentTimeMillis();
        // The route first: the link went down and up, the kernel dropped the old one, and the BUs leave now.
        HostCommands.ip("-6", "route", "replace", "default", "via", text(ra.router()), "dev", ifname);
        held = new ArrayList<>();
        final List<byte[][]> bus = held;
        final AnchoredAddress here;
        try
        {
            here = agent.attach(ra.routerAddress(), ra.prefix());
        }
        finally
        {
            held = null;
        }
        say("attached to DAR %s (router %s, prefix %s/64): address %s; BUs to %d previous DAR(s)",
            text(ra.routerAddress()), text(ra.router()), text(ra.prefix()), text(here.home()),
            agent.addresses().size() - 1);
        final Anchor back = away.remove(text(here.home()));
        if (back != null)
        {
            release(back); // home again: the address goes back on the link
        }
        HostCommands.ipQuietly("-6", "addr", "add", text(here.home()) + "/64", "dev", ifname, "nodad");
        announce(here.home());
        for (final byte[][] bu : bus)
        {
            send(bu[0], bu[1]); // now that the DAR here can resolve the care-of address its BA comes back to
        }
        if (previous != null && previous != here && !away.containsKey(text(previous.home())))
        {
            away.put(text(previous.home()), moveAway(previous));
        }
        currentDar = ra.routerAddress(); // only now: a failure above is retried at the next RA
        currentPrefix = ra.prefix();
        writeStatus();
    }

    /** An unsolicited NA for a new address on the link (the DAR resolves the node before packets come for it). */
    private void announce(final byte[] address)
    {
        try
        {
            final String[] octets = Files.readString(Path.of("/sys/class/net", ifname, "address")).strip().split(":");
            final byte[] mac = new byte[6];
            for (int i = 0; i < 6; i++)
            {
                mac[i] = (byte)Integer.parseInt(octets[i], 16);
            }
            final byte[] na = MnPackets.neighbourAdvertisement(address, mac);
            if (!link.send(na, na.length, Arrays.copyOfRange(na, 24, 40), true))
            {
                sendFailures++;
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            errors++;
            say("no NA for %s: %s", text(address), ex.getMessage());
        }
    }

    /** The address of the DAR just left goes onto a TUN of its own, routed by source into it. */
    private Anchor moveAway(final AnchoredAddress a)
    {
        final int table = tableBase + tunnels;
        final TunDevice tun = new TunDevice("dmmmn" + tunnels);
        tunnels++;
        final String home = text(a.home());
        HostCommands.ip("link", "set", tun.name(), "up");
        HostCommands.ip("-6", "addr", "add", home + "/128", "dev", tun.name(), "nodad");
        HostCommands.ip("-6", "route", "replace", "default", "dev", tun.name(), "table", Integer.toString(table));
        HostCommands.ip("-6", "rule", "add", "from", home, "lookup", Integer.toString(table), "priority",
            Integer.toString(table));
        HostCommands.ipQuietly("-6", "addr", "del", home + "/64", "dev", ifname);
        say("%s (anchored at %s) moved to %s, table %d: its packets go through the tunnel", home, text(a.dar()),
            tun.name(), table);
        return new Anchor(a, tun, table);
    }

    private void release(final Anchor a)
    {
        HostCommands.ipQuietly("-6", "rule", "del", "from", text(a.address().home()), "lookup",
            Integer.toString(a.table()));
        a.tun().close();
    }

    private void encapsulate(final Anchor a, final int length)
    {
        final TunnelEnd end = agent.tunnel(a.address().home());
        if (end == null)
        {
            droppedUnbound++; // not bound (yet): the DAR would not take it
            return;
        }
        final byte[] outer = end.encapsulate(packet, length, HOP_LIMIT);
        if (outer == null)
        {
            droppedMalformed++; // not from the home address (the kernel's own traffic on the TUN)
            return;
        }
        if (link.send(outer, outer.length, end.dar(), false))
        {
            encapsulated++;
        }
        else
        {
            sendFailures++;
        }
    }

    private void decapsulate(final int length)
    {
        for (final Anchor a : away.values())
        {
            final TunnelEnd end = agent.tunnel(a.address().home());
            if (end != null && end.carries(outerSource, packet, length))
            {
                if (a.tun().write(packet, length))
                {
                    decapsulated++;
                }
                else
                {
                    errors++;
                }
                return;
            }
        }
        droppedUnbound++;
    }

    private void writeStatus()
    {
        if (status == null)
        {
            return;
        }
        final StringBuilder b = new StringBuilder("{\"interface\":\"").append(ifname).append("\",\"current\":");
        b.append(agent.current() == null ? "null" : "\"" + text(agent.current().home()) + "\"");
        b.append(",\"attachedAtMs\":").append(attachedAtMs);
        b.append(",\"addresses\":[");
        final List<String> items = new ArrayList<>();
        for (final AnchoredAddress a : agent.addresses())
        {
            final Anchor anchor = away.get(text(a.home()));
            items.add("{\"home\":\"" + text(a.home()) + "\",\"dar\":\"" + text(a.dar()) + "\",\"state\":\"" +
                a.state() + "\",\"careOf\":" + (a.careOf() == null ? "null" : "\"" + text(a.careOf()) + "\"") +
                ",\"boundAtMs\":" + boundAtMs.getOrDefault(text(a.home()), 0L) + ",\"lastStatus\":" +
                a.lastStatus() + ",\"token\":" + a.hasToken() + ",\"tun\":" +
                (anchor == null ? "null" : "\"" + anchor.tun().name() + "\"") + "}");
        }
        b.append(String.join(",", items)).append("],\"counters\":{");
        b.append("\"ras\":").append(ras).append(",\"bas\":").append(bas).append(",\"busSent\":")
            .append(agent.busSent()).append(",\"basAccepted\":").append(agent.basAccepted())
            .append(",\"basRefused\":").append(agent.basRefused()).append(",\"basIgnored\":")
            .append(agent.basIgnored()).append(",\"encapsulated\":").append(encapsulated)
            .append(",\"decapsulated\":").append(decapsulated).append(",\"droppedUnbound\":").append(droppedUnbound)
            .append(",\"droppedMalformed\":").append(droppedMalformed).append(",\"sendFailures\":")
            .append(sendFailures).append(",\"errors\":").append(errors).append("}}\n");
        try
        {
            final Path tmp = status.resolveSibling(status.getFileName() + ".tmp");
            Files.writeString(tmp, b);
            Files.move(tmp, status, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            say("status %s not written: %s", status, ex.getMessage());
        }
    }

    /** @return the counters line (printed at the end). */
    public String counters()
    {
        return "ras=" + ras + " bas=" + bas + " bus-sent=" + agent.busSent() + " bas-accepted=" +
            agent.basAccepted() + " bas-refused=" + agent.basRefused() + " bas-ignored=" + agent.basIgnored() +
            " encapsulated=" + encapsulated + " decapsulated=" + decapsulated + " dropped-unbound=" +
            droppedUnbound + " dropped-malformed=" + droppedMalformed + " send-failures=" + sendFailures +
            " errors=" + errors;
    }

    private void say(final String format, final Object... args)
    {
        out.printf("mn: " + format + "%n", args);
        out.flush();
    }

    private static String text(final byte[] a)
    {
        return a == null ? "-" : Ipv6Words.text(Ipv6Words.word(a, 0), Ipv6Words.word(a, 8));
    }

    /** Removes the TUN devices and rules, closes the sockets (the addresses on the interface stay). */
    public void close()
    {
        for (final Anchor a : away.values())
        {
            release(a);
            HostCommands.ipQuietly("-6", "route", "flush", "table", Integer.toString(a.table()));
        }
        away.clear();
        link.close();
    }
}
