package net.dmmgw.fastpath.table;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.agrona.UnsafeApi;

import net.dmmgw.fastpath.packet.Headers;

/**
 * Tunnel records by id (seqlock per record). Writes go through {@link FastPathTables}.
 * <p>
 * Besides the configuration ({@link #read}), each record holds what encapsulation needs per packet,
 * prepared by the writer: a <em>control word</em> ({@link #control}: the outer header's first word
 * with its fixed traffic class and flow label, the path MTU, the TEL to add and the policy flags)
 * and the <em>header template</em>, the Ethernet + outer IPv6 header (next-hop MAC, the port's MAC,
 * next header, outer hop limit, source, destination) in network order, which {@link #readHeaders}
 * copies into the packet's headroom as seven 8-octet words. An encapsulated packet so costs one
 * seqlock section with one load for the decisions, one block copy and one store of the per-packet
 * fields (EtherType, first word, payload length),
 * instead of a copy of every field into a {@link TunnelView} and a store per header field.
 * <p>
 * <b>Layout.</b> Everything a packet reads is in one 64-octet line per tunnel, and those lines are
 * an array of their own (stride 64), so that 1 000 tunnels touch 64 KB of lines spread over every
 * L1 set, where a 192-octet record with two hot lines touched 128 KB. The line:
 * <pre>
 *  0 sequence   4 present   8 next-hop MAC, port MAC (template octets 0..11)
 * 20 control word (where the template's EtherType, first word and payload length would be)
 * 28 next header, hop limit, outer source, outer destination (template octets 20..53)   62 port (16 bits)
 * </pre>
 * The template sits at line offset 8, so its seven loads are 8-aligned, and so are the seven stores
 * into a frame that starts 8-aligned (the frame of an encapsulated packet starts 40 or 48 octets
 * before the inner frame, which DPDK places 128 octets into a cache-aligned buffer). Octets 12..19,
 * which the copy fills from the control word, are then written as one word: EtherType, first word and
 * payload length. (Session 5's one-line layout stored its template at 4 mod 8 of the frame, one
 * store crossing a cache line, and lost.) The configuration, read only by tools and tests, lies in a
 * second array, written and read under the same seqlock.
 */
public final class TunnelTable extends SeqLockRecords
{
    /** Octets of the header template: Ethernet (14) + IPv6 (40). */
    public static final int TEMPLATE_LENGTH = 54;

    // Control word: bits 0..31 the outer first word (version 6, fixed traffic class and flow label;
    // 0 where copied or derived), 32..47 path MTU, 48..56 TEL to add + 1 (0: none), then flags.
    private static final int MTU_SHIFT = 32;
    private static final int TEL_SHIFT = 48;
    private static final long COPY_TRAFFIC_CLASS = 1L << 57;
    private static final long COPY_FLOW_LABEL = 1L << 58;
    private static final long DERIVE_FLOW_LABEL = 1L << 59;
    private static final long STRICT_INGRESS = 1L << 60;

    // The per-packet line (see the class comment).
    private static final int LINE_LENGTH = 64;
    private static final long TEMPLATE = 8;
    private static final long CONTROL = TEMPLATE + 12;
    private static final long TEMPLATE_PORT = 62;

    // The configuration, one record per tunnel in its own array.
    private static final int CONFIG_LENGTH = 80;
    private static final long LOCAL_HI = 0;
    private static final long LOCAL_LO = 8;
    private static final long REMOTE_HI = 16;
    private static final long REMOTE_LO = 24;
    private static final long MAC = 32;
    private static final long PORT = 40;
    private static final long MTU = 44;
    private static final long HOP_LIMIT = 48;
    private static final long COPY_TC = 52;
    private static final long TC = 56;
    private static final long FLOW_POLICY = 60;
    private static final long FLOW_LABEL = 64;
    private static final long TEL = 68;
    private static final long STRICT = 72;

    /** EtherType IPv6 in octets 0..1 of a word stored in network order. */
    private static final long ETHERTYPE_WORD = (long)Headers.ETHERTYPE_IPV6 << 48;

    private final MemorySegment configs;
    private final long configBase;

    /**
     * @param maxTunnels number of tunnel ids.
     */
    public TunnelTable(final int maxTunnels)
    {
        super(maxTunnels, LINE_LENGTH);
        configs = Arena.ofAuto().allocate((long)maxTunnels * CONFIG_LENGTH, 64);
        configBase = configs.address();
    }

    /**
     * Reader: copy a tunnel consistently.
     *
     * @param id   tunnel id.
     * @param view destination.
     * @return false if the id is invalid, no tunnel is configured there, or the record could not be
     * read consistently within the bounds ({@link SeqLockRecords}: the writer is stuck in its section).
     */
    public boolean read(final int id, final TunnelView view)
    {
        if (!isValidId(id))
        {
            return false;
        }
        final long o = offset(id);
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++)
        {
            final int seq = readBegin(o);
            if (isBusy(seq))
            {
                return false; // the writer is stuck in this tunnel's section
            }
            final boolean present = intAt(o + PRESENT_OFFSET) == PRESENT;
            copy(configBase + (long)id * CONFIG_LENGTH, view);
            if (readValid(o, seq))
            {
                return present;
            }
        }
        return false; // a live writer rewrote it READ_ATTEMPTS times during our copies
    }

    /**
     * Reader: the control word of a tunnel, read consistently.
     *
     * @param id tunnel id.
     * @return the control word, or 0 if the id is invalid, no tunnel is configured there (a
     * configured tunnel's word is never 0: its first word carries version 6) or the record could not be
     * read consistently within the bounds (the writer is stuck in its section).
     * @see #readStart for a control word and the header copy under one section.
     */
    public long control(final int id)
    {
        if (!isValidId(id))
        {
            return 0;
        }
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++)
        {
            final int seq = readStart(id);
            final long control = readControl(id, seq);
            if (readEnd(id, seq))
            {
                return control;
            }
        }
        return 0;
    }

    /**
     * Reader: begin a consistent read of a tunnel's per-packet line ({@link #readControl},
     * {@link #readHeaders}); act on what was read only if {@link #readEnd} then says true. One section
     * per packet: the decisions and the header copy read the line once, under one sequence. A caller
     * retries a section {@link #readEnd} refused at most {@link #READ_ATTEMPTS} times, then treats the
     * tunnel as busy.
     *
     * @param id a valid tunnel id ({@link #isValidId}).
     * @return the sequence to pass to {@link #readEnd}, or, after a bounded wait, an odd one
     * ({@link #isBusy}: the writer is stuck in the tunnel's section; do not read it).
     */
    public int readStart(final int id)
    {
        return readBegin(offset(id));
    }

    /**
     * Reader, inside {@link #readStart} .. {@link #readEnd}: the tunnel's control word.
     *
     * @param id  a valid tunnel id.
     * @param seq what {@link #readStart} answered.
     * @return the control word, or 0 if no tunnel is configured there or the record is busy
     * ({@link #isBusy}{@code (seq)}: {@link #readEnd} then accepts the 0 while the writer stays stuck, so that a
     * caller's refusal path, which tells busy from absent by the sequence, needs no test of its own).
     */
    public long readControl(final int id, final int seq)
    {
        final long o = offset(id);
        // After readStart's inlined test the sequence is known even on the common path: the test folds away.
        return intAt(o + PRESENT_OFFSET) == PRESENT && !isBusy(seq) ? longAt(o + CONTROL) : 0;
    }

    /**
     * Reader, inside {@link #readStart} .. {@link #readEnd}, for a tunnel whose {@link #readControl}
     * was not 0: copy its Ethernet + outer IPv6 header template to {@code frame} (exactly
     * {@link #TEMPLATE_LENGTH} octets are written) with the packet's own outer first word and payload
     * length. Until {@link #readEnd} says true the frame may hold a mix of two configurations.
     *
     * @param id            a valid tunnel id.
     * @param frame         absolute address of the frame's first octet; 54 octets writable.
     * @param firstWord     the outer header's first word (version, traffic class, flow label).
     * @param payloadLength the outer header's payload length.
     * @return the tunnel's egress port.
     */
    public int readHeaders(final int id, final long frame, final int firstWord, final int payloadLength)
    {
        final long o = offset(id);
        final long t = address(o + TEMPLATE);
        // Seven words, the last overlapping the sixth, so that nothing past octet 54 is written.
        UnsafeApi.putLong(frame, UnsafeApi.getLong(t));
        UnsafeApi.putLong(frame + 8, UnsafeApi.getLong(t + 8));
        UnsafeApi.putLong(frame + 16, UnsafeApi.getLong(t + 16));
        UnsafeApi.putLong(frame + 24, UnsafeApi.getLong(t + 24));
        UnsafeApi.putLong(frame + 32, UnsafeApi.getLong(t + 32));
        UnsafeApi.putLong(frame + 40, UnsafeApi.getLong(t + 40));
        UnsafeApi.putLong(frame + 46, UnsafeApi.getLong(t + 46));
        // Octets 12..19 came from the control word: EtherType, first word, payload length in one store.
        UnsafeApi.putLong(frame + 12,
            Long.reverseBytes(ETHERTYPE_WORD | (firstWord & 0xFFFF_FFFFL) << 16 | payloadLength & 0xFFFF));
        return UnsafeApi.getChar(address(o + TEMPLATE_PORT));
    }

    /**
     * Reader: end a read begun by {@link #readStart}.
     *
     * @param id  the tunnel id.
     * @param seq what {@link #readStart} returned.
     * @return whether everything read since was consistent (else read again).
     */
    public boolean readEnd(final int id, final int seq)
    {
        return readValid(offset(id), seq);
    }

    /**
     * @param control a control word.
     * @return the outer header's first word: version 6, the fixed traffic class and flow label (0
     * where {@link #copiesTrafficClass}, {@link #copiesFlowLabel} or {@link #derivesFlowLabel}).
     */
    public static int firstWord(final long control)
    {
        return (int)control;
    }

    /**
     * @param control a control word.
     * @return the tunnel path MTU.
     */
    public static int mtu(final long control)
    {
        return (int)(control >>> MTU_SHIFT) & 0xFFFF;
    }

    /**
     * @param control a control word.
     * @return the Tunnel Encapsulation Limit to add, or -1 for none.
     */
    public static int encapsulationLimit(final long control)
    {
        return (int)(control >>> TEL_SHIFT & 0x1FF) - 1;
    }

    /**
     * @param control a control word.
     * @return whether the inner traffic class is copied.
     */
    public static boolean copiesTrafficClass(final long control)
    {
        return (control & COPY_TRAFFIC_CLASS) != 0;
    }

    /**
     * @param control a control word.
     * @return whether the inner flow label is copied.
     */
    public static boolean copiesFlowLabel(final long control)
    {
        return (control & COPY_FLOW_LABEL) != 0;
    }

    /**
     * @param control a control word.
     * @return whether the flow label is derived from the inner flow.
     */
    public static boolean derivesFlowLabel(final long control)
    {
        return (control & DERIVE_FLOW_LABEL) != 0;
    }

    /**
     * @param control a control word.
     * @return whether decapsulated inner sources must route back into this tunnel.
     */
    public static boolean strictIngressFilter(final long control)
    {
        return (control & STRICT_INGRESS) != 0;
    }

    // Separate from read() and through tiny accessors so that both stay small enough to inline.
    private static void copy(final long c, final TunnelView view)
    {
        view.localHi = UnsafeApi.getLong(c + LOCAL_HI);
        view.localLo = UnsafeApi.getLong(c + LOCAL_LO);
        view.remoteHi = UnsafeApi.getLong(c + REMOTE_HI);
        view.remoteLo = UnsafeApi.getLong(c + REMOTE_LO);
        view.nextHopMac = UnsafeApi.getLong(c + MAC);
        view.port = UnsafeApi.getInt(c + PORT);
        view.mtu = UnsafeApi.getInt(c + MTU);
        view.hopLimit = UnsafeApi.getInt(c + HOP_LIMIT);
        view.copyTrafficClass = UnsafeApi.getInt(c + COPY_TC) != 0;
        view.trafficClass = UnsafeApi.getInt(c + TC);
        view.flowLabelPolicy = UnsafeApi.getInt(c + FLOW_POLICY);
        view.flowLabel = UnsafeApi.getInt(c + FLOW_LABEL);
        view.encapsulationLimit = UnsafeApi.getInt(c + TEL);
        view.strictIngressFilter = UnsafeApi.getInt(c + STRICT) != 0;
    }

    /**
     * Writer: store a tunnel with its control word and header template.
     *
     * @param id      tunnel id.
     * @param c       its configuration (validated).
     * @param portMac the MAC of its egress port (the template's Ethernet source; rewritten by
     *                {@link FastPathTables#configurePort} when the port's MAC changes).
     */
    void write(final int id, final TunnelConfig c, final long portMac)
    {
        // Everything that could throw (a null address, say) before the section: inside it only stores.
        final long control = controlWord(c);
        final int nextHeader = c.encapsulationLimit() >= 0 ? Headers.PROTO_DESTINATION_OPTIONS : Headers.PROTO_IPV6;
        final long localHi = c.local().hi();
        final long localLo = c.local().lo();
        final long remoteHi = c.remote().hi();
        final long remoteLo = c.remote().lo();
        final int flowPolicy = c.flowLabelPolicy().ordinal();
        final int strict = c.ingressFilter() == TunnelConfig.IngressFilter.STRICT ? 1 : 0;
        final long o = beginWrite(id);
        boolean written = false;
        try
        {
            final long t = o + TEMPLATE;
            putNet(t, 6, c.nextHopMac());
            putNet(t + 6, 6, portMac);
            segment.set(ValueLayout.JAVA_LONG_UNALIGNED, o + CONTROL, control); // template octets 12..19
            putNet(t + 20, 1, nextHeader);
            putNet(t + 21, 1, c.hopLimit());
            putNet(t + 22, 8, localHi);
            putNet(t + 30, 8, localLo);
            putNet(t + 38, 8, remoteHi);
            putNet(t + 46, 8, remoteLo);
            segment.set(ValueLayout.JAVA_SHORT, o + TEMPLATE_PORT, (short)c.port());
            final long k = (long)id * CONFIG_LENGTH;
            configs.set(ValueLayout.JAVA_LONG, k + LOCAL_HI, localHi);
            configs.set(ValueLayout.JAVA_LONG, k + LOCAL_LO, localLo);
            configs.set(ValueLayout.JAVA_LONG, k + REMOTE_HI, remoteHi);
            configs.set(ValueLayout.JAVA_LONG, k + REMOTE_LO, remoteLo);
            configs.set(ValueLayout.JAVA_LONG, k + MAC, c.nextHopMac());
            configs.set(ValueLayout.JAVA_INT, k + PORT, c.port());
            configs.set(ValueLayout.JAVA_INT, k + MTU, c.mtu());
            configs.set(ValueLayout.JAVA_INT, k + HOP_LIMIT, c.hopLimit());
            configs.set(ValueLayout.JAVA_INT, k + COPY_TC, c.copyTrafficClass() ? 1 : 0);
            configs.set(ValueLayout.JAVA_INT, k + TC, c.trafficClass());
            configs.set(ValueLayout.JAVA_INT, k + FLOW_POLICY, flowPolicy);
            configs.set(ValueLayout.JAVA_INT, k + FLOW_LABEL, c.flowLabel());
            configs.set(ValueLayout.JAVA_INT, k + TEL, c.encapsulationLimit());
            configs.set(ValueLayout.JAVA_INT, k + STRICT, strict);
            segment.set(ValueLayout.JAVA_INT, o + PRESENT_OFFSET, 1);
            written = true;
        }
        finally
        {
            endWrite(o, written);
        }
    }

    private static long controlWord(final TunnelConfig c)
    {
        final TunnelConfig.FlowLabelPolicy flow = c.flowLabelPolicy();
        final int trafficClass = c.copyTrafficClass() ? 0 : c.trafficClass();
        final int flowLabel = flow == TunnelConfig.FlowLabelPolicy.FIXED ? c.flowLabel() : 0;
        long control = ((6L << 28) | ((long)trafficClass << 20) | flowLabel)
            | (long)c.mtu() << MTU_SHIFT
            | (long)(c.encapsulationLimit() + 1) << TEL_SHIFT;
        control |= c.copyTrafficClass() ? COPY_TRAFFIC_CLASS : 0;
        control |= flow == TunnelConfig.FlowLabelPolicy.COPY ? COPY_FLOW_LABEL : 0;
        control |= flow == TunnelConfig.FlowLabelPolicy.DERIVE ? DERIVE_FLOW_LABEL : 0;
        control |= c.ingressFilter() == TunnelConfig.IngressFilter.STRICT ? STRICT_INGRESS : 0;
        return control;
    }

    private void putNet(final long offset, final int octets, final long value)
    {
        for (int i = 0; i < octets; i++)
        {
            segment.set(ValueLayout.JAVA_BYTE, offset + i, (byte)(value >>> (8 * (octets - 1 - i))));
        }
    }
}
