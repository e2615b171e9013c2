/* See dmmgw_dpdk.h. Built by native-bindings/pom.xml through build-shim.sh. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "dmmgw_dpdk.h"

int32_t dmmgw_layout(int32_t *out, int32_t capacity)
{
    int32_t v[DMMGW_LAYOUT_COUNT];
    v[DMMGW_MBUF_SIZE] = (int32_t) sizeof(struct rte_mbuf);
    v[DMMGW_MBUF_BUF_ADDR] = (int32_t) offsetof(struct rte_mbuf, buf_addr);
    v[DMMGW_MBUF_DATA_OFF] = (int32_t) offsetof(struct rte_mbuf, data_off);
    v[DMMGW_MBUF_REFCNT] = (int32_t) offsetof(struct rte_mbuf, refcnt);
    v[DMMGW_MBUF_NB_SEGS] = (int32_t) offsetof(struct rte_mbuf, nb_segs);
    v[DMMGW_MBUF_PORT] = (int32_t) offsetof(struct rte_mbuf, port);
    v[DMMGW_MBUF_OL_FLAGS] = (int32_t) offsetof(struct rte_mbuf, ol_flags);
    v[DMMGW_MBUF_PACKET_TYPE] = (int32_t) offsetof(struct rte_mbuf, packet_type);
    v[DMMGW_MBUF_PKT_LEN] = (int32_t) offsetof(struct rte_mbuf, pkt_len);
    v[DMMGW_MBUF_DATA_LEN] = (int32_t) offsetof(struct rte_mbuf, data_len);
    v[DMMGW_MBUF_VLAN_TCI] = (int32_t) offsetof(struct rte_mbuf, vlan_tci);
    v[DMMGW_MBUF_HASH] = (int32_t) offsetof(struct rte_mbuf, hash);
    v[DMMGW_MBUF_BUF_LEN] = (int32_t) offsetof(struct rte_mbuf, buf_len);
    v[DMMGW_MBUF_POOL] = (int32_t) offsetof(struct rte_mbuf, pool);
    v[DMMGW_MBUF_NEXT] = (int32_t) offsetof(struct rte_mbuf, next);
    v[DMMGW_MBUF_TX_OFFLOAD] = (int32_t) offsetof(struct rte_mbuf, tx_offload);
    v[DMMGW_PKTMBUF_HEADROOM] = RTE_PKTMBUF_HEADROOM;
    v[DMMGW_ETH_STATS_SIZE] = (int32_t) sizeof(struct rte_eth_stats);
    v[DMMGW_ETH_STATS_IPACKETS] = (int32_t) offsetof(struct rte_eth_stats, ipackets);
    v[DMMGW_ETH_STATS_OPACKETS] = (int32_t) offsetof(struct rte_eth_stats, opackets);
    v[DMMGW_ETH_STATS_IBYTES] = (int32_t) offsetof(struct rte_eth_stats, ibytes);
    v[DMMGW_ETH_STATS_OBYTES] = (int32_t) offsetof(struct rte_eth_stats, obytes);
    v[DMMGW_ETH_STATS_IMISSED] = (int32_t) offsetof(struct rte_eth_stats, imissed);
    v[DMMGW_ETH_STATS_IERRORS] = (int32_t) offsetof(struct rte_eth_stats, ierrors);
    v[DMMGW_ETH_STATS_OERRORS] = (int32_t) offsetof(struct rte_eth_stats, oerrors);
    v[DMMGW_ETH_STATS_RX_NOMBUF] = (int32_t) offsetof(struct rte_eth_stats, rx_nombuf);
    v[DMMGW_ETH_XSTAT_SIZE] = (int32_t) sizeof(struct rte_eth_xstat);
    v[DMMGW_ETH_XSTAT_NAME_SIZE] = (int32_t) sizeof(struct rte_eth_xstat_name);
    v[DMMGW_ETHER_ADDR_SIZE] = (int32_t) sizeof(struct rte_ether_addr);
    int32_t n = capacity < DMMGW_LAYOUT_COUNT ? capacity : DMMGW_LAYOUT_COUNT;
    for (int32_t i = 0; i < n; i++) {
        out[i] = v[i];
    }
    return DMMGW_LAYOUT_COUNT;
}

/* rte_errno is a per-lcore (thread-local) variable: only C can read it portably. */
int32_t dmmgw_errno(void)
{
    return rte_errno;
}

uint32_t dmmgw_lcore_id(void)
{
    return rte_lcore_id();
}

/* rte_thread_set_affinity takes an rte_cpuset_t by pointer; building one needs the CPU_* macros. */
int32_t dmmgw_set_affinity(int32_t cpu)
{
    if (cpu < 0 || cpu >= CPU_SETSIZE) {
        return -EINVAL;
    }
    rte_cpuset_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return rte_thread_set_affinity(&set);
}

/* A zeroed rte_eth_conf is DPDK's "no offloads, no RSS" default; its layout stays on this side. */
int32_t dmmgw_eth_dev_configure(uint16_t port, uint16_t nb_rx, uint16_t nb_tx)
{
    struct rte_eth_conf conf;
    memset(&conf, 0, sizeof(conf));
    return rte_eth_dev_configure(port, nb_rx, nb_tx, &conf);
}

/* struct rte_eth_dev_info is large and changes between releases: only the fields Java needs cross over. */
int32_t dmmgw_eth_dev_info(uint16_t port, char *driver, int32_t driver_capacity, uint64_t *values, int32_t capacity)
{
    struct rte_eth_dev_info info;
    int rc = rte_eth_dev_info_get(port, &info);
    if (rc != 0) {
        return rc;
    }
    if (driver_capacity > 0) {
        snprintf(driver, (size_t) driver_capacity, "%s", info.driver_name != NULL ? info.driver_name : "");
    }
    uint64_t v[DMMGW_INFO_COUNT];
    v[DMMGW_INFO_MAX_RX_QUEUES] = info.max_rx_queues;
    v[DMMGW_INFO_MAX_TX_QUEUES] = info.max_tx_queues;
    v[DMMGW_INFO_MAX_RX_PKTLEN] = info.max_rx_pktlen;
    v[DMMGW_INFO_RX_DESC_MAX] = info.rx_desc_lim.nb_max;
    v[DMMGW_INFO_TX_DESC_MAX] = info.tx_desc_lim.nb_max;
    v[DMMGW_INFO_RX_OFFLOAD_CAPA] = info.rx_offload_capa;
    v[DMMGW_INFO_TX_OFFLOAD_CAPA] = info.tx_offload_capa;
    int32_t n = capacity < DMMGW_INFO_COUNT ? capacity : DMMGW_INFO_COUNT;
    for (int32_t i = 0; i < n; i++) {
        values[i] = v[i];
    }
    return 0;
}

/* struct rte_eth_link packs status bits in bit-fields, which FFM cannot address. */
int32_t dmmgw_eth_link(uint16_t port, uint32_t *speed_mbps, int32_t *up, int32_t *full_duplex)
{
    struct rte_eth_link link;
    memset(&link, 0, sizeof(link));
    int rc = rte_eth_link_get_nowait(port, &link);
    if (rc != 0) {
        return rc;
    }
    *speed_mbps = link.link_speed;
    *up = link.link_status == RTE_ETH_LINK_UP;
    *full_duplex = link.link_duplex == RTE_ETH_LINK_FULL_DUPLEX;
    return 0;
}

uint16_t dmmgw_rx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n)
{
    return rte_eth_rx_burst(port, queue, pkts, n);
}

uint16_t dmmgw_tx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n)
{
    return rte_eth_tx_burst(port, queue, pkts, n);
}

struct rte_mbuf *dmmgw_pktmbuf_alloc(struct rte_mempool *pool)
{
    return rte_pktmbuf_alloc(pool);
}

int32_t dmmgw_pktmbuf_alloc_bulk(struct rte_mempool *pool, struct rte_mbuf **mbufs, uint32_t n)
{
    return rte_pktmbuf_alloc_bulk(pool, mbufs, n);
}

void dmmgw_pktmbuf_free(struct rte_mbuf *m)
{
    rte_pktmbuf_free(m);
}

char *dmmgw_pktmbuf_prepend(struct rte_mbuf *m, uint16_t len)
{
    return rte_pktmbuf_prepend(m, len);
}

char *dmmgw_pktmbuf_append(struct rte_mbuf *m, uint16_t len)
{
    return rte_pktmbuf_append(m, len);
}

char *dmmgw_pktmbuf_adj(struct rte_mbuf *m, uint16_t len)
{
    return rte_pktmbuf_adj(m, len);
}

int32_t dmmgw_pktmbuf_trim(struct rte_mbuf *m, uint16_t len)
{
    return rte_pktmbuf_trim(m, len);
}

int32_t dmmgw_pktmbuf_chain(struct rte_mbuf *head, struct rte_mbuf *tail)
{
    return rte_pktmbuf_chain(head, tail);
}
