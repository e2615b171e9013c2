package net.dmmgw.fastpath.dataplane;

/**
 * The configuration the DPDK tests share: port 0 = {@code net_pcap0} reading {@code in.pcap} once,
 * port 1 = {@code net_pcap1} writing {@code out.pcap}, both core; one worker on lcore 1 with the
 * backoff idle strategy (the tests share two CPUs with the build); state from {@code state.txt};
 * relative paths in the configuration file's directory.
 */
final class PcapConfig
{
    private PcapConfig()
    {
    }

    static String text(final String filePrefix)
    {
        return """
            eal.lcores=0
            eal.file-prefix=%s
            eal.vdev.0=net_pcap0,rx_pcap=in.pcap
            eal.vdev.1=net_pcap1,tx_pcap=out.pcap
            port.0.device=net_pcap0
            port.0.role=core
            port.0.mac=02:00:00:00:00:10
            port.0.address=2001:db8:a::1
            port.0.rx-descriptors=256
            port.1.device=net_pcap1
            port.1.role=core
            port.1.mac=02:00:00:00:00:11
            port.1.address=2001:db8:c::1
            port.1.rx-descriptors=256
            worker.0.lcore=1
            worker.0.rx=0:0
            mempool.size=2047
            idle.strategy=backoff
            counters.file=counters.dat
            state.files=state.txt
            """.formatted(filePrefix);
    }
}
