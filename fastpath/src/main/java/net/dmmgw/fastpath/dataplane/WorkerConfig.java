package net.dmmgw.fastpath.dataplane;

import java.util.List;

/**
 * One worker thread: the CPU (lcore) it is pinned to and the rx queues it polls.
 *
 * @param index worker number ({@code worker.<index>.*}), part of its counter labels.
 * @param lcore CPU the thread is pinned to.
 * @param rx    the (port, queue) pairs it polls, in order.
 */
public record WorkerConfig(int index, int lcore, List<RxQueue> rx)
{
    /**
     * One rx queue of a port.
     *
     * @param port  port id (as in {@code port.<id>}).
     * @param queue queue number on that port.
     */
    public record RxQueue(int port, int queue)
    {
    }
}
