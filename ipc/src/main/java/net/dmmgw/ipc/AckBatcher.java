package net.dmmgw.ipc;

import java.nio.ByteBuffer;

import io.aeron.Publication;
import net.dmmgw.ipc.sbe.AckBatchEncoder;
import net.dmmgw.ipc.sbe.AckEncoder;
import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.MessageHeaderEncoder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The state agent's OK acknowledgements, gathered over a duty cycle and sent as few messages: runs
 * of consecutive correlation ids become ranges of one {@code AckBatch}. A lone OK goes out as a plain
 * {@code Ack}, exactly as before batching, so a single message costs no more and reads the same.
 * Refusals are not gathered: the agent {@link #flush()}es before sending one, which keeps every ack
 * in the order the messages were applied. Allocation-free.
 */
final class AckBatcher
{
    /** Ranges per {@code AckBatch}: 12 octets each, so one batch fits an MTU of 4 KiB. */
    static final int MAX_RANGES = 256;

    private final Publication publication;
    private final AtomicCounter dropped;
    private final long[] first = new long[MAX_RANGES];
    private final int[] count = new int[MAX_RANGES];
    private final MutableDirectBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(
        MessageHeaderEncoder.ENCODED_LENGTH + AckBatchEncoder.BLOCK_LENGTH + AckBatchEncoder.OkRangesEncoder.HEADER_SIZE +
        MAX_RANGES * AckBatchEncoder.OkRangesEncoder.sbeBlockLength()));
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final AckBatchEncoder batchEncoder = new AckBatchEncoder();
    private final AckEncoder ackEncoder = new AckEncoder();
    private int ranges;
    private long pending;

    /**
     * @param publication where the acks go (the data plane's stream to control).
     * @param dropped     counts the acks that could not be published.
     */
    AckBatcher(final Publication publication, final AtomicCounter dropped)
    {
        this.publication = publication;
        this.dropped = dropped;
    }

    /** Records an OK for {@code correlationId}; sends what is gathered when the batch is full. */
    void ok(final long correlationId)
    {
        if (ranges > 0)
        {
            final int last = ranges - 1;
            if (correlationId == first[last] + count[last] && count[last] < Integer.MAX_VALUE)
            {
                count[last]++;
                pending++;
                return;
            }
            if (ranges == MAX_RANGES)
            {
                flush();
            }
        }
        first[ranges] = correlationId;
        count[ranges] = 1;
        ranges++;
        pending++;
    }

    /** @return OKs gathered and not yet sent. */
    long pending()
    {
        return pending;
    }

    /**
     * Sends what is gathered.
     *
     * @return the number of messages published (0 or 1).
     */
    int flush()
    {
        if (ranges == 0)
        {
            return 0;
        }
        final int length;
        if (ranges == 1 && count[0] == 1)
        {
            ackEncoder.wrapAndApplyHeader(buffer, 0, header).correlationId(first[0]).result(AckResult.OK)
                .putReason(buffer, 0, 0);
            length = MessageHeaderEncoder.ENCODED_LENGTH + ackEncoder.encodedLength();
        }
        else
        {
            final AckBatchEncoder.OkRangesEncoder group =
                batchEncoder.wrapAndApplyHeader(buffer, 0, header).okCount(pending).okRangesCount(ranges);
            for (int i = 0; i < ranges; i++)
            {
                group.next().firstCorrelationId(first[i]).length(count[i] & 0xFFFF_FFFFL);
            }
            length = MessageHeaderEncoder.ENCODED_LENGTH + batchEncoder.encodedLength();
        }
        final boolean sent = Publisher.offer(publication, buffer, length);
        if (!sent)
        {
            dropped.getAndAddRelease(pending);
        }
        ranges = 0;
        pending = 0;
        return sent ? 1 : 0;
    }
}
