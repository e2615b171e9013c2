package net.dmmgw.fastpath.pipeline;

import java.lang.foreign.Arena;

import net.dmmgw.fastpath.packet.ParsedPacket;

/**
 * Per-worker, reused per packet: the input frame, the pipeline's verdict and the output frame.
 * <p>
 * Input: the absolute address and length of the received frame, the headroom in front of it that
 * may be overwritten (with DPDK, the mbuf headroom; encapsulation prepends the tunnel headers
 * there) and the ingress port. Output: a {@link Verdict}, the egress port and the frame to send,
 * which starts at or before the input frame for encapsulation, or lies in the caller's error
 * buffer for a generated ICMPv6 error. Not thread-safe: one per worker.
 */
public final class PacketContext
{
    /** Minimum error buffer: headroom for tunnelling + Ethernet + a 1280-octet ICMPv6 error. */
    public static final int MIN_ERROR_BUFFER = 1536;

    final long errorBuffer;
    final int errorBufferLength;
    final ParsedPacket packet = new ParsedPacket();
    final ParsedPacket generated = new ParsedPacket();
    final long[] scratch = new long[4];

    long frameAddress;
    int frameLength;
    int headroom;
    int ingressPort;

    /** Set by pass 1 of {@link Pipeline#processBurst}: the prefix lookup decides (passes 2 and 3). */
    boolean lookupPending;
    boolean fromAccess;
    long route;

    /*
     * The outcome. wrap resets none of it (six stores per packet less): the pipeline gives every packet a verdict
     * and sets the fields that verdict has (transmit: port, address, length; drop: its reason; punt: its
     * reason), and the getters answer a field only for the verdicts that set it, so what a reader sees is what a
     * reset before every packet gave.
     */
    Verdict verdict;
    int egressPort;
    long outAddress;
    int outLength;
    DropReason dropReason;
    PuntReason puntReason;

    /**
     * One context per packet of a burst, each with its own ICMPv6 error buffer from {@code arena} (the pipeline
     * processes a burst in passes, so every packet's outcome is held until the caller acts on it).
     *
     * @param arena             where the error buffers live (as long as the contexts are used).
     * @param burst             contexts to make.
     * @param errorBufferLength octets per error buffer, at least {@link #MIN_ERROR_BUFFER}.
     * @return the contexts.
     */
    public static PacketContext[] burst(final Arena arena, final int burst, final int errorBufferLength)
    {
        final PacketContext[] contexts = new PacketContext[burst];
        for (int k = 0; k < burst; k++)
        {
            contexts[k] = new PacketContext(arena.allocate(errorBufferLength, 64).address(), errorBufferLength);
        }
        return contexts;
    }

    /**
     * @param errorBuffer       absolute address of a buffer for generated ICMPv6 errors.
     * @param errorBufferLength its length, at least {@link #MIN_ERROR_BUFFER}.
     */
    public PacketContext(final long errorBuffer, final int errorBufferLength)
    {
        if (errorBuffer == 0 || errorBufferLength < MIN_ERROR_BUFFER)
        {
            throw new IllegalArgumentException("error buffer must be at least " + MIN_ERROR_BUFFER + " octets");
        }
        this.errorBuffer = errorBuffer;
        this.errorBufferLength = errorBufferLength;
    }

    /**
     * Set the next packet.
     *
     * @param frame       absolute address of the received frame.
     * @param length      its length.
     * @param headroomLen octets before {@code frame} the pipeline may overwrite.
     * @param port        ingress port.
     * @return this.
     */
    public PacketContext wrap(final long frame, final int length, final int headroomLen, final int port)
    {
        frameAddress = frame;
        frameLength = length;
        headroom = Math.max(0, headroomLen);
        ingressPort = port;
        lookupPending = false;
        return this;
    }

    /** @return the verdict of the last {@link Pipeline#process}. */
    public Verdict verdict()
    {
        return verdict;
    }

    /** @return egress port for {@link Verdict#TRANSMIT} and {@link Verdict#TRANSMIT_GENERATED}, else -1. */
    public int egressPort()
    {
        return transmitted() ? egressPort : -1;
    }

    /** @return absolute address of the frame to transmit (0 unless transmitted). */
    public long outAddress()
    {
        return transmitted() ? outAddress : 0;
    }

    /** @return length of the frame to transmit (0 unless transmitted). */
    public int outLength()
    {
        return transmitted() ? outLength : 0;
    }

    /**
     * @return why the packet was dropped ({@link Verdict#DROP} or {@link Verdict#TRANSMIT_GENERATED}), else null.
     */
    public DropReason dropReason()
    {
        return verdict == Verdict.DROP || verdict == Verdict.TRANSMIT_GENERATED ? dropReason : null;
    }

    /**
     * @return why the packet was punted (also when the punt was rejected: {@link DropReason#PUNT_REJECTED}), else
     * null.
     */
    public PuntReason puntReason()
    {
        return verdict == Verdict.PUNT || verdict == Verdict.DROP && dropReason == DropReason.PUNT_REJECTED
            ? puntReason : null;
    }

    private boolean transmitted()
    {
        return verdict == Verdict.TRANSMIT || verdict == Verdict.TRANSMIT_GENERATED;
    }

    /** @return the received frame address. */
    public long frameAddress()
    {
        return frameAddress;
    }

    /** @return the received frame length. */
    public int frameLength()
    {
        return frameLength;
    }

    /** @return the ingress port. */
    public int ingressPort()
    {
        return ingressPort;
    }

    Verdict drop(final DropReason reason)
    {
        verdict = Verdict.DROP;
        dropReason = reason;
        return Verdict.DROP;
    }

    Verdict punt(final PuntReason reason)
    {
        verdict = Verdict.PUNT;
        puntReason = reason;
        return Verdict.PUNT;
    }

    Verdict transmit(final int port, final long address, final int length, final boolean isGenerated)
    {
        egressPort = port;
        outAddress = address;
        outLength = length;
        verdict = isGenerated ? Verdict.TRANSMIT_GENERATED : Verdict.TRANSMIT;
        return verdict;
    }

    /**
     * @param isGenerated whether the packet is a generated ICMPv6 error in the error buffer.
     * @return lowest address the pipeline may write for that packet.
     */
    long floor(final boolean isGenerated)
    {
        return isGenerated ? errorBuffer : frameAddress - headroom;
    }
}
