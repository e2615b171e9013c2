package net.dmmgw.fastpath.table;

import java.lang.foreign.ValueLayout;

import org.agrona.UnsafeApi;

import net.dmmgw.fastpath.packet.Headers;

/**
 * Tunnel records by id (seqlock per record). Writes go through {@link FastPathTables}.
 * <p>
 * Besides the configuration ({@link #read}), each record holds what encapsulation needs per packet,
 * prepared by the writer: a <em>control word</em> ({@link #control}: the outer header's first word
 * with its fixed traffic class and flow label, the path MTU, the TEL to add and the policy flags)
 * and the <em>header template</em>, the 54 octets of Ethernet + outer IPv6 header (next-hop MAC,
 * the port's MAC, outer hop limit, source, destination) in network order, which {@link #copyHeaders}
 * copies into the packet's headroom as seven 8-octet words. An encapsulated packet so costs two
 * loads for the decisions, one block copy and the per-packet fields (first word, payload length),
 * instead of a copy of every field into a {@link TunnelView} and a store per header field.
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

    // First cache line: sequence, present flag, header template; second: control, port, configuration.
    private static final int RECORD_LENGTH = 192;
    private static final long TEMPLATE = 8;
    private static final long CONTROL = 64;
    private static final long TEMPLATE_PORT = 72;
    private static final long LOCAL_HI = 80;
    private static final long LOCAL_LO = 88;
    private static final long REMOTE_HI = 96;
    private static final long REMOTE_LO = 104;
    private static final long MAC = 112;
    private static final long PORT = 120;
    private static final long MTU = 124;
    private static final long HOP_LIMIT = 128;
    private static final long COPY_TC = 132;
    private static final long TC = 136;
    private static final long FLOW_POLICY = 140;
    private static final long FLOW_LABEL = 144;
    private static final long TEL = 148;
    private static final long STRICT = 152;

    /**
     * @param maxTunnels number of tunnel ids.
     */
    public TunnelTable(final int maxTunnels)
    {
        super(maxTunnels, RECORD_LENGTH);
    }

    /**
     * Reader: copy a tunnel consistently.
     *
     * @param id   tunnel id.
     * @param view destination.
     * @return false if the id is invalid or no tunnel is configured there.
     */
    public boolean read(final int id, final TunnelView view)
    {
        if (!isValidId(id))
        {
            return false;
        }
        final long o = offset(id);
        int seq;
        boolean present;
        do
        {
            seq = readBegin(o);
            present = intAt(o + PRESENT_OFFSET) == 1;
            copy(o, view);
        }
        while (!readValid(o, seq));
        return present;
    }

    /**
     * Reader: the control word of a tunnel, read consistently.
     *
     * @param id tunnel id.
     * @return the control word, or 0 if the id is invalid or no tunnel is configured there (a
     * configured tunnel's word is never 0: its first word carries version 6).
     */
    public long control(final int id)
    {
        if (!isValidId(id))
        {
            return 0;
        }
        final long o = offset(id);
        int seq;
        long control;
        do
        {
            seq = readBegin(o);
            control = intAt(o + PRESENT_OFFSET) == 1 ? longAt(o + CONTROL) : 0;
        }
        while (!readValid(o, seq));
        return control;
    }

    /**
     * Reader: copy the tunnel's Ethernet + outer IPv6 header template to {@code frame} (exactly
     * {@link #TEMPLATE_LENGTH} octets are written), consistently with a control word read before.
     *
     * @param id      tunnel id, whose {@link #control} gave {@code control}.
     * @param control the control word the caller decided on.
     * @param frame   absolute address of the frame's first octet; 54 octets writable.
     * @return the tunnel's egress port, or -1 if the tunnel changed since {@code control} was read
     * (the frame then holds garbage: read the control word again and start over).
     */
    public int copyHeaders(final int id, final long control, final long frame)
    {
        final long o = offset(id);
        final long t = address(o + TEMPLATE);
        int seq;
        int port;
        do
        {
            seq = readBegin(o);
            port = longAt(o + CONTROL) == control && intAt(o + PRESENT_OFFSET) == 1 ? intAt(o + TEMPLATE_PORT) : -1;
            // Seven words, the last overlapping the sixth, so that nothing past octet 54 is written.
            UnsafeApi.putLong(frame, UnsafeApi.getLong(t));
            UnsafeApi.putLong(frame + 8, UnsafeApi.getLong(t + 8));
            UnsafeApi.putLong(frame + 16, UnsafeApi.getLong(t + 16));
            UnsafeApi.putLong(frame + 24, UnsafeApi.getLong(t + 24));
            UnsafeApi.putLong(frame + 32, UnsafeApi.getLong(t + 32));
            UnsafeApi.putLong(frame + 40, UnsafeApi.getLong(t + 40));
            UnsafeApi.putLong(frame + 46, UnsafeApi.getLong(t + 46));
        }
        while (!readValid(o, seq));
        return port;
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
    private void copy(final long o, final TunnelView view)
    {
        view.localHi = longAt(o + LOCAL_HI);
        view.localLo = longAt(o + LOCAL_LO);
        view.remoteHi = longAt(o + REMOTE_HI);
        view.remoteLo = longAt(o + REMOTE_LO);
        view.nextHopMac = longAt(o + MAC);
        view.port = intAt(o + PORT);
        view.mtu = intAt(o + MTU);
        view.hopLimit = intAt(o + HOP_LIMIT);
        view.copyTrafficClass = intAt(o + COPY_TC) != 0;
        view.trafficClass = intAt(o + TC);
        view.flowLabelPolicy = intAt(o + FLOW_POLICY);
        view.flowLabel = intAt(o + FLOW_LABEL);
        view.encapsulationLimit = intAt(o + TEL);
        view.strictIngressFilter = intAt(o + STRICT) != 0;
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
        final long o = beginWrite(id);
        final long t = o + TEMPLATE;
        putNet(t, 6, c.nextHopMac());
        putNet(t + 6, 6, portMac);
        putNet(t + 12, 2, Headers.ETHERTYPE_IPV6);
        final long control = controlWord(c);
        putNet(t + 14, 4, firstWord(control));
        putNet(t + 18, 2, 0); // payload length: per packet
        putNet(t + 20, 1, c.encapsulationLimit() >= 0 ? Headers.PROTO_DESTINATION_OPTIONS : Headers.PROTO_IPV6);
        putNet(t + 21, 1, c.hopLimit());
        putNet(t + 22, 8, c.local().hi());
        putNet(t + 30, 8, c.local().lo());
        putNet(t + 38, 8, c.remote().hi());
        putNet(t + 46, 8, c.remote().lo());
        segment.set(ValueLayout.JAVA_LONG, o + CONTROL, control);
        segment.set(ValueLayout.JAVA_INT, o + TEMPLATE_PORT, c.port());
        segment.set(ValueLayout.JAVA_LONG, o + LOCAL_HI, c.local().hi());
        segment.set(ValueLayout.JAVA_LONG, o + LOCAL_LO, c.local().lo());
        segment.set(ValueLayout.JAVA_LONG, o + REMOTE_HI, c.remote().hi());
        segment.set(ValueLayout.JAVA_LONG, o + REMOTE_LO, c.remote().lo());
        segment.set(ValueLayout.JAVA_LONG, o + MAC, c.nextHopMac());
        segment.set(ValueLayout.JAVA_INT, o + PORT, c.port());
        segment.set(ValueLayout.JAVA_INT, o + MTU, c.mtu());
        segment.set(ValueLayout.JAVA_INT, o + HOP_LIMIT, c.hopLimit());
        segment.set(ValueLayout.JAVA_INT, o + COPY_TC, c.copyTrafficClass() ? 1 : 0);
        segment.set(ValueLayout.JAVA_INT, o + TC, c.trafficClass());
        segment.set(ValueLayout.JAVA_INT, o + FLOW_POLICY, c.flowLabelPolicy().ordinal());
        segment.set(ValueLayout.JAVA_INT, o + FLOW_LABEL, c.flowLabel());
        segment.set(ValueLayout.JAVA_INT, o + TEL, c.encapsulationLimit());
        segment.set(ValueLayout.JAVA_INT, o + STRICT, c.ingressFilter() == TunnelConfig.IngressFilter.STRICT ? 1 : 0);
        segment.set(ValueLayout.JAVA_INT, o + PRESENT_OFFSET, 1);
        endWrite(o);
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
