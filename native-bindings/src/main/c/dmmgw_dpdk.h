/*
 * dmmgw_dpdk: a small shim that exports DPDK 22.11's static-inline fast-path functions,
 * per-lcore TLS (rte_errno, rte_lcore_id) and struct layouts as plain symbols, so that the
 * Java FFM bindings (net.dmmgw.dpdk) can reach them. Every function here is a thin wrapper:
 * no state, no allocation of its own.
 */
#ifndef DMMGW_DPDK_H
#define DMMGW_DPDK_H

#include <stdint.h>

struct rte_mbuf;
struct rte_mempool;

/* Index of each value written by dmmgw_layout(); the Java side (MbufLayout) mirrors this order. */
enum dmmgw_layout_index {
    DMMGW_MBUF_SIZE = 0,
    DMMGW_MBUF_BUF_ADDR,
    DMMGW_MBUF_DATA_OFF,
    DMMGW_MBUF_REFCNT,
    DMMGW_MBUF_NB_SEGS,
    DMMGW_MBUF_PORT,
    DMMGW_MBUF_OL_FLAGS,
    DMMGW_MBUF_PACKET_TYPE,
    DMMGW_MBUF_PKT_LEN,
    DMMGW_MBUF_DATA_LEN,
    DMMGW_MBUF_VLAN_TCI,
    DMMGW_MBUF_HASH,
    DMMGW_MBUF_BUF_LEN,
    DMMGW_MBUF_POOL,
    DMMGW_MBUF_NEXT,
    DMMGW_MBUF_TX_OFFLOAD,
    DMMGW_PKTMBUF_HEADROOM,
    DMMGW_ETH_STATS_SIZE,
    DMMGW_ETH_STATS_IPACKETS,
    DMMGW_ETH_STATS_OPACKETS,
    DMMGW_ETH_STATS_IBYTES,
    DMMGW_ETH_STATS_OBYTES,
    DMMGW_ETH_STATS_IMISSED,
    DMMGW_ETH_STATS_IERRORS,
    DMMGW_ETH_STATS_OERRORS,
    DMMGW_ETH_STATS_RX_NOMBUF,
    DMMGW_ETH_XSTAT_SIZE,
    DMMGW_ETH_XSTAT_NAME_SIZE,
    DMMGW_ETHER_ADDR_SIZE,
    DMMGW_LAYOUT_COUNT
};

int32_t dmmgw_layout(int32_t *out, int32_t capacity);
int32_t dmmgw_errno(void);
uint32_t dmmgw_lcore_id(void);
int32_t dmmgw_set_affinity(int32_t cpu);
int32_t dmmgw_eth_dev_configure(uint16_t port, uint16_t nb_rx, uint16_t nb_tx);
/* Index of each value written by dmmgw_eth_dev_info(); the Java side (EthDev.info) mirrors it. */
enum dmmgw_dev_info_index {
    DMMGW_INFO_MAX_RX_QUEUES = 0,
    DMMGW_INFO_MAX_TX_QUEUES,
    DMMGW_INFO_MAX_RX_PKTLEN,
    DMMGW_INFO_RX_DESC_MAX,
    DMMGW_INFO_TX_DESC_MAX,
    DMMGW_INFO_RX_OFFLOAD_CAPA,
    DMMGW_INFO_TX_OFFLOAD_CAPA,
    DMMGW_INFO_COUNT
};

int32_t dmmgw_eth_dev_info(uint16_t port, char *driver, int32_t driver_capacity, uint64_t *values, int32_t capacity);
int32_t dmmgw_eth_link(uint16_t port, uint32_t *speed_mbps, int32_t *up, int32_t *full_duplex);

uint16_t dmmgw_rx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n);
uint16_t dmmgw_tx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n);

struct rte_mbuf *dmmgw_pktmbuf_alloc(struct rte_mempool *pool);
int32_t dmmgw_pktmbuf_alloc_bulk(struct rte_mempool *pool, struct rte_mbuf **mbufs, uint32_t n);
void dmmgw_pktmbuf_free(struct rte_mbuf *m);
char *dmmgw_pktmbuf_prepend(struct rte_mbuf *m, uint16_t len);
char *dmmgw_pktmbuf_append(struct rte_mbuf *m, uint16_t len);
char *dmmgw_pktmbuf_adj(struct rte_mbuf *m, uint16_t len);
int32_t dmmgw_pktmbuf_trim(struct rte_mbuf *m, uint16_t len);
int32_t dmmgw_pktmbuf_chain(struct rte_mbuf *head, struct rte_mbuf *tail);

#endif
