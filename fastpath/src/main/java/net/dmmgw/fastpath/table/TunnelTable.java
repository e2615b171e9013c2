package net.dmmgw.fastpath.table;

import java.lang.foreign.ValueLayout;

/**
 * Tunnel records by id (seqlock per record). Writes go through {@link FastPathTables}.
 */
public final class TunnelTable extends SeqLockRecords
{
    private static final int RECORD_LENGTH = 96;
    private static final long LOCAL_HI = 8;
    private static final long LOCAL_LO = 16;
    private static final long REMOTE_HI = 24;
    private static final long REMOTE_LO = 32;
    private static final long MAC = 40;
    private static final long PORT = 48;
    private static final long MTU = 52;
    private static final long HOP_LIMIT = 56;
    private static final long COPY_TC = 60;
    private static final long TC = 64;
    private static final long FLOW_POLICY = 68;
    private static final long FLOW_LABEL = 72;
    private static final long TEL = 76;
    private static final long STRICT = 80;

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

    void write(final int id, final TunnelConfig c)
    {
        final long o = beginWrite(id);
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
}
