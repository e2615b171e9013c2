/* SPDX-License-Identifier: Apache-2.0
 *
 * encap_ref: the C reference of the data plane's encapsulation loop, for perf/rate.
 *
 * One lcore: rx burst of 32 from port 0, per packet parse Ethernet + IPv6, longest-prefix match
 * of the destination in rte_lpm6 (next hop = tunnel id), RFC 2473 encapsulation (inner hop limit
 * decremented; outer header from the tunnel: src/dst, next header 41, hop limit 64, traffic class
 * copied from the inner packet, flow label hashed from the inner src/dst/flow label, payload
 * length = inner packet length; Ethernet rewritten for the tunnel's next hop), tx burst to port 1.
 * Dropped packets are counted by reason (no ICMPv6 errors are generated: this is a rate reference).
 *
 * With --pmd-floor it does no packet work at all: each rx burst goes straight to tx. That is the
 * harness's ceiling (the PMDs' own cost: net_pcap's copy of every frame into an mbuf, net_null's
 * free), which no data plane on this input can exceed.
 *
 * --pool-memory chooses where the mbuf pool lives (default dpdk: rte_pktmbuf_pool_create, which under
 * --no-huge puts one 2.3 KiB mbuf per 4 KiB page of DPDK's memfd memory): dpdk-packed is DPDK's memory
 * with RTE_MEMPOOL_F_NO_IOVA_CONTIG (mbufs packed across 4 KiB pages); huge-anon is the process's own
 * anonymous memory, 2 MiB aligned and advised MADV_HUGEPAGE, one mbuf per 4 KiB like DPDK's;
 * huge-anon-packed is that memory with packed mbufs, the Java data plane's mempool.memory=huge-anon
 * (for a fair Java/C comparison). It prints one "RATE pool-memory" line describing the physical
 * placement of the pool's pages (as root, from /proc/self/pagemap): 4 KiB pages, physically contiguous
 * runs, huge (2 MiB) frames, and the spread of page colours modulo the L2 way size.
 *
 * Usage: encap_ref <EAL args> -- --routes FILE --tunnels FILE [--tbl8s N] [--max-packets N]
 *        [--pmd-floor] [--pool-memory dpdk|dpdk-packed|huge-anon|huge-anon-packed]
 * File formats: see `perf/rate --help`. Protocol with the harness: prints "RATE READY" once the
 * tables are built and forwarding starts; on SIGINT/SIGTERM (or after --max-packets) prints
 * "RATE ..." counter lines and "PACKETS <tx packets> SECONDS <elapsed>".
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_lcore.h>
#include <rte_lpm6.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mbuf_pool_ops.h>
#include <rte_mempool.h>
#include <rte_memcpy.h>
#include <rte_prefetch.h>

#define BURST 32
#define RX_DESC 1024
#define TX_DESC 1024
#define NB_MBUFS 8191
#define MBUF_CACHE 256
#define RX_PORT 0
#define TX_PORT 1
#define MAX_TUNNELS (1u << 16)
#define OUTER_HOP_LIMIT 64
#define IPPROTO_IPV6_IN_IPV6 41
#define HUGE_PAGE_SIZE (2u << 20)
#define MADVISE_HUGEPAGE 14
#define ETH_IPV6_HDRS (RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv6_hdr))

/* Per tunnel: the 54 octets prepended to every packet (Ethernet + outer IPv6), ready to copy. */
struct tunnel {
	uint8_t hdr[ETH_IPV6_HDRS];
	uint16_t mtu;
	bool valid;
} __rte_cache_aligned;

enum drop_reason {
	DROP_NOT_IPV6,
	DROP_TRUNCATED,
	DROP_HOP_LIMIT,
	DROP_NO_ROUTE,
	DROP_TOO_BIG,
	DROP_NO_HEADROOM,
	DROP_TX_FULL,
	DROP_REASONS
};
static const char *const DROP_NAMES[DROP_REASONS] = {
	"not-ipv6", "truncated", "hop-limit", "no-route", "too-big", "no-headroom", "tx-full"
};

static volatile bool force_quit;
static struct tunnel *tunnels;
static struct rte_lpm6 *lpm;
static uint64_t drops[DROP_REASONS];

static void
on_signal(int signum)
{
	(void)signum;
	force_quit = true;
}

/*
 * Outer flow label (RFC 6438), the same function as the Java data plane's
 * Encapsulator.derivedFlowLabel and flow_label() in gen_inputs.py: multiply-xor over the inner
 * source and destination (big-endian 64-bit halves), then (inner label << 8 | upper protocol);
 * the label is bits 44..63, never 0. Here the upper protocol is the inner Next Header, which is
 * the same for packets without extension headers (the harness's inputs).
 */
static inline uint32_t
flow_label(const uint8_t *src, const uint8_t *dst, uint32_t inner_label, uint8_t upper_protocol)
{
	const uint64_t k1 = UINT64_C(0x9E3779B97F4A7C15), k2 = UINT64_C(0xC2B2AE3D27D4EB4F);
	uint64_t w[4], h;
	uint32_t label;

	memcpy(&w[0], src, 8);
	memcpy(&w[1], src + 8, 8);
	memcpy(&w[2], dst, 8);
	memcpy(&w[3], dst + 8, 8);
	h = rte_be_to_cpu_64(w[0]) * k1;
	h = (h ^ rte_be_to_cpu_64(w[1])) * k2;
	h = (h ^ rte_be_to_cpu_64(w[2])) * k1;
	h = (h ^ rte_be_to_cpu_64(w[3])) * k2;
	h = (h ^ ((uint64_t)(inner_label & 0xFFFFF) << 8 | upper_protocol)) * k1;
	label = (uint32_t)(h >> 44) & 0xFFFFF;
	return label != 0 ? label : 1;
}

/* Encapsulates m in place; returns DROP_REASONS on success, else why it must be dropped. */
static inline enum drop_reason
encap_one(struct rte_mbuf *m)
{
	struct rte_ether_hdr *eth;
	struct rte_ipv6_hdr *inner, *outer;
	const struct tunnel *t;
	uint32_t tunnel_id, vtc, inner_len;

	if (unlikely(m->data_len < ETH_IPV6_HDRS))
		return DROP_TRUNCATED;
	eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	inner = (struct rte_ipv6_hdr *)(eth + 1);
	vtc = rte_be_to_cpu_32(inner->vtc_flow);
	if (unlikely(eth->ether_type != RTE_BE16(RTE_ETHER_TYPE_IPV6) || (vtc >> 28) != 6))
		return DROP_NOT_IPV6;
	inner_len = sizeof(*inner) + rte_be_to_cpu_16(inner->payload_len);
	if (unlikely(RTE_ETHER_HDR_LEN + inner_len > m->pkt_len))
		return DROP_TRUNCATED;
	if (unlikely(inner->hop_limits <= 1))
		return DROP_HOP_LIMIT;
	if (unlikely(rte_lpm6_lookup(lpm, inner->dst_addr, &tunnel_id) != 0))
		return DROP_NO_ROUTE;
	t = &tunnels[tunnel_id];
	if (unlikely(inner_len + sizeof(*outer) > t->mtu))
		return DROP_TOO_BIG;
	/* Ethernet padding must not end up inside the tunnel. */
	if (unlikely(m->pkt_len > RTE_ETHER_HDR_LEN + inner_len))
		rte_pktmbuf_trim(m, m->pkt_len - RTE_ETHER_HDR_LEN - inner_len);

	inner->hop_limits--;
	eth = (struct rte_ether_hdr *)rte_pktmbuf_prepend(m, sizeof(*outer));
	if (unlikely(eth == NULL)) {
		inner->hop_limits++;
		return DROP_NO_HEADROOM;
	}
	rte_memcpy(eth, t->hdr, ETH_IPV6_HDRS);
	outer = (struct rte_ipv6_hdr *)(eth + 1);
	outer->vtc_flow = rte_cpu_to_be_32(UINT32_C(6) << 28 | (vtc & 0x0FF00000) |
			flow_label(inner->src_addr, inner->dst_addr, vtc & 0xFFFFF, inner->proto));
	outer->payload_len = rte_cpu_to_be_16((uint16_t)inner_len);
	return DROP_REASONS;
}

/* The forwarding loop; with pmd_floor (--pmd-floor) each rx burst goes to tx untouched. */
static uint64_t
forward_loop(uint64_t max_packets, bool pmd_floor)
{
	struct rte_mbuf *rx[BURST], *tx[BURST], **out;
	uint64_t sent_total = 0;
	uint16_t nb_rx, nb_tx, sent, i;
	enum drop_reason why;

	while (!force_quit) {
		nb_rx = rte_eth_rx_burst(RX_PORT, 0, rx, BURST);
		if (pmd_floor) {
			out = rx;
			nb_tx = nb_rx;
		} else {
			out = tx;
			nb_tx = 0;
			for (i = 0; i < nb_rx; i++) {
				if (i + 1 < nb_rx)
					rte_prefetch0(rte_pktmbuf_mtod(rx[i + 1], void *));
				why = encap_one(rx[i]);
				if (likely(why == DROP_REASONS)) {
					tx[nb_tx++] = rx[i];
				} else {
					drops[why]++;
					rte_pktmbuf_free(rx[i]);
				}
			}
		}
		if (nb_tx == 0)
			continue;
		sent = rte_eth_tx_burst(TX_PORT, 0, out, nb_tx);
		if (unlikely(sent < nb_tx)) {
			drops[DROP_TX_FULL] += nb_tx - sent;
			rte_pktmbuf_free_bulk(&out[sent], nb_tx - sent);
		}
		sent_total += sent;
		if (max_packets != 0 && sent_total >= max_packets)
			break;
	}
	return sent_total;
}

static int
parse_mac(const char *s, uint8_t *mac)
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx",
		      &mac[0], &mac[1], &mac[2], &mac[3], &mac[4], &mac[5]) == 6 ? 0 : -1;
}

/* Tunnel file lines: T<id> <local-ipv6> <remote-ipv6> <local-mac> <remote-mac> <mtu> <port>. */
static void
load_tunnels(const char *path)
{
	char line[512], local[64], remote[64], lmac[32], rmac[32];
	unsigned int id, mtu, port, lineno = 0;
	struct rte_ether_hdr *eth;
	struct rte_ipv6_hdr *ip;
	struct tunnel *t;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		rte_exit(EXIT_FAILURE, "cannot open tunnel file %s: %s\n", path, strerror(errno));
	tunnels = rte_zmalloc("tunnels", MAX_TUNNELS * sizeof(*tunnels), RTE_CACHE_LINE_SIZE);
	if (tunnels == NULL)
		rte_exit(EXIT_FAILURE, "cannot allocate the tunnel table\n");
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (line[0] != 'T')
			continue;
		if (sscanf(line + 1, "%u %63s %63s %31s %31s %u %u", &id, local, remote, lmac, rmac,
			   &mtu, &port) != 7 || id >= MAX_TUNNELS || mtu > UINT16_MAX)
			rte_exit(EXIT_FAILURE, "%s:%u: bad tunnel line, want T<id> <local-ipv6> "
				 "<remote-ipv6> <local-mac> <remote-mac> <mtu> <egress-port>\n", path, lineno);
		t = &tunnels[id];
		eth = (struct rte_ether_hdr *)t->hdr;
		ip = (struct rte_ipv6_hdr *)(eth + 1);
		if (parse_mac(lmac, eth->src_addr.addr_bytes) != 0 ||
		    parse_mac(rmac, eth->dst_addr.addr_bytes) != 0 ||
		    inet_pton(AF_INET6, local, ip->src_addr) != 1 ||
		    inet_pton(AF_INET6, remote, ip->dst_addr) != 1)
			rte_exit(EXIT_FAILURE, "%s:%u: bad address in tunnel line\n", path, lineno);
		eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV6);
		ip->proto = IPPROTO_IPV6_IN_IPV6;
		ip->hop_limits = OUTER_HOP_LIMIT;
		t->mtu = (uint16_t)mtu;
		t->valid = true;
	}
	fclose(f);
}

/*
 * Route file lines: R<ipv6-prefix>/<length> <egress-port> <tunnel-id> (l3fwd syntax + tunnel).
 * The egress port of routes and tunnels is not used: everything leaves on TX_PORT.
 */
static unsigned int
load_routes(const char *path, uint32_t tbl8s)
{
	char line[512], addr[64];
	unsigned int depth, port, tunnel, lineno = 0, count = 0;
	struct rte_lpm6_config config;
	uint8_t ip[16];
	FILE *f = fopen(path, "r");
	int ret;

	if (f == NULL)
		rte_exit(EXIT_FAILURE, "cannot open route file %s: %s\n", path, strerror(errno));
	while (fgets(line, sizeof(line), f) != NULL)
		count += line[0] == 'R';
	if (count == 0)
		rte_exit(EXIT_FAILURE, "%s: no routes\n", path);
	config.max_rules = count;
	config.number_tbl8s = tbl8s != 0 ? tbl8s : count * 4 + 1024;
	config.flags = 0;
	lpm = rte_lpm6_create("rate_routes", (int)rte_socket_id(), &config);
	if (lpm == NULL)
		rte_exit(EXIT_FAILURE, "rte_lpm6_create(%u rules, %u tbl8s) failed: %s (raise -m?)\n",
			 config.max_rules, config.number_tbl8s, rte_strerror(rte_errno));
	rewind(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (line[0] != 'R')
			continue;
		if (sscanf(line + 1, "%63[^/]/%u %u %u", addr, &depth, &port, &tunnel) != 4 ||
		    depth < 1 || depth > 128 || inet_pton(AF_INET6, addr, ip) != 1)
			rte_exit(EXIT_FAILURE, "%s:%u: bad route line, want "
				 "R<ipv6-prefix>/<1..128> <egress-port> <tunnel-id>\n", path, lineno);
		if (tunnel >= MAX_TUNNELS || !tunnels[tunnel].valid)
			rte_exit(EXIT_FAILURE, "%s:%u: unknown tunnel %u\n", path, lineno, tunnel);
		ret = rte_lpm6_add(lpm, ip, (uint8_t)depth, tunnel);
		if (ret < 0)
			rte_exit(EXIT_FAILURE, "%s:%u: rte_lpm6_add failed (%d): too few tbl8s (%u)?\n",
				 path, lineno, ret, config.number_tbl8s);
	}
	fclose(f);
	return count;
}

/*
 * The first steps of rte_pktmbuf_pool_create: an empty pool with the ops it would pick and the
 * packet-pool private area (exits on failure); the callers populate it their own way.
 */
static struct rte_mempool *
empty_pktmbuf_pool(const char *name, unsigned int n, unsigned int cache, uint16_t data_room, unsigned int flags)
{
	struct rte_pktmbuf_pool_private priv = { .mbuf_data_room_size = data_room };
	struct rte_mempool *mp;

	mp = rte_mempool_create_empty(name, n, sizeof(struct rte_mbuf) + data_room, cache, sizeof(priv),
				      (int)rte_socket_id(), flags);
	if (mp == NULL)
		rte_exit(EXIT_FAILURE, "rte_mempool_create_empty: %s\n", rte_strerror(rte_errno));
	if (rte_mempool_set_ops_byname(mp, rte_mbuf_best_mempool_ops(), NULL) != 0)
		rte_exit(EXIT_FAILURE, "rte_mempool_set_ops_byname(%s) failed\n", rte_mbuf_best_mempool_ops());
	rte_pktmbuf_pool_init(mp, &priv);
	return mp;
}

/*
 * The mbuf pool on anonymous memory advised MADV_HUGEPAGE (what rte_pktmbuf_pool_create does,
 * step by step, with populate_virt over our own mapping instead of DPDK's memzones). The mapping
 * is never unmapped: the process ends with the pool.
 */
static struct rte_mempool *
pool_on_huge_anon(const char *name, unsigned int n, unsigned int cache, uint16_t data_room, bool packed)
{
	struct rte_mempool *mp = empty_pktmbuf_pool(name, n, cache, data_room,
						    packed ? RTE_MEMPOOL_F_NO_IOVA_CONTIG : 0);
	size_t total, len;
	char *base, *aligned;
	int ret;

	/* Enough for one object per 4 KiB page (what DPDK does without hugepages unless packed). */
	total = mp->header_size + mp->elt_size + mp->trailer_size;
	len = RTE_ALIGN_CEIL((size_t)n * RTE_ALIGN_CEIL(total, 4096), HUGE_PAGE_SIZE);
	base = mmap(NULL, len + HUGE_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		rte_exit(EXIT_FAILURE, "mmap of %zu bytes for the mbuf pool: %s\n", len, strerror(errno));
	aligned = RTE_PTR_ALIGN_CEIL(base, HUGE_PAGE_SIZE);
	if (madvise(aligned, len, MADVISE_HUGEPAGE) != 0)
		rte_exit(EXIT_FAILURE, "madvise(MADV_HUGEPAGE): %s\n", strerror(errno));
	/* Packed: objects may cross 4 KiB pages; IOVA = VA in VA mode (the only mode it is for). */
	ret = packed ? rte_mempool_populate_iova(mp, aligned, (rte_iova_t)(uintptr_t)aligned, len, NULL, NULL)
		     : rte_mempool_populate_virt(mp, aligned, len, HUGE_PAGE_SIZE, NULL, NULL);
	if (ret < 0 || mp->populated_size != n)
		rte_exit(EXIT_FAILURE, "populating the mbuf pool: %s\n", rte_strerror(ret < 0 ? -ret : rte_errno));
	rte_mempool_obj_iter(mp, rte_pktmbuf_init, NULL);
	return mp;
}

/*
 * The mbuf pool in DPDK's memory like rte_pktmbuf_pool_create, but packed: RTE_MEMPOOL_F_NO_IOVA_CONTIG
 * lets objects cross 4 KiB pages (without hugepages DPDK otherwise puts one 2.3 KiB mbuf per 4 KiB page).
 */
static struct rte_mempool *
pool_packed_in_dpdk_memory(const char *name, unsigned int n, unsigned int cache, uint16_t data_room)
{
	struct rte_mempool *mp = empty_pktmbuf_pool(name, n, cache, data_room, RTE_MEMPOOL_F_NO_IOVA_CONTIG);

	if (rte_mempool_populate_default(mp) != (int)n)
		rte_exit(EXIT_FAILURE, "rte_mempool_populate_default: %s\n", rte_strerror(rte_errno));
	rte_mempool_obj_iter(mp, rte_pktmbuf_init, NULL);
	return mp;
}

/* Physical placement of the pool's memory, accumulated over its chunks. */
struct placement {
	int pagemap;
	uint64_t pages, present, runs, huge, prev_pfn;
	uint64_t colours[32]; /* L2: 2 MiB, 16 ways -> 128 KiB per way = 32 colours of 4 KiB */
};

static void
placement_of_chunk(struct rte_mempool *mp, void *opaque, struct rte_mempool_memhdr *memhdr,
		   unsigned int idx)
{
	struct placement *p = opaque;
	uintptr_t va = RTE_ALIGN_FLOOR((uintptr_t)memhdr->addr, 4096);
	uintptr_t end = (uintptr_t)memhdr->addr + memhdr->len;
	uint64_t entry, pfn;

	(void)mp;
	(void)idx;
	for (; va < end; va += 4096) {
		p->pages++;
		if (pread(p->pagemap, &entry, sizeof(entry), (off_t)(va / 4096 * sizeof(entry))) !=
		    sizeof(entry) || !(entry >> 63))
			continue;
		pfn = entry & ((UINT64_C(1) << 55) - 1);
		if (pfn == 0)
			continue; /* not root: PFNs hidden */
		p->present++;
		p->colours[pfn % 32]++;
		if (pfn != p->prev_pfn + 1)
			p->runs++;
		if (pfn % 512 == 0 && va % HUGE_PAGE_SIZE == 0 && va + HUGE_PAGE_SIZE <= end) {
			uint64_t last;
			if (pread(p->pagemap, &last, sizeof(last),
				  (off_t)((va + HUGE_PAGE_SIZE - 4096) / 4096 * sizeof(last))) == sizeof(last) &&
			    (last & ((UINT64_C(1) << 55) - 1)) == pfn + 511)
				p->huge++;
		}
		p->prev_pfn = pfn;
	}
}

static void
print_placement(struct rte_mempool *mp, const char *kind)
{
	struct placement p;
	uint64_t min = UINT64_MAX, max = 0;
	unsigned int i;

	memset(&p, 0, sizeof(p));
	p.pagemap = open("/proc/self/pagemap", O_RDONLY);
	if (p.pagemap >= 0) {
		rte_mempool_mem_iter(mp, placement_of_chunk, &p);
		close(p.pagemap);
	}
	for (i = 0; i < 32; i++) {
		min = RTE_MIN(min, p.colours[i]);
		max = RTE_MAX(max, p.colours[i]);
	}
	printf("RATE pool-memory %s pages %" PRIu64 " present %" PRIu64 " phys-runs %" PRIu64
	       " huge-frames %" PRIu64 " colour-min %" PRIu64 " colour-max %" PRIu64 "\n",
	       kind, p.pages, p.present, p.runs, p.huge, p.present ? min : 0, max);
}

static void
setup_port(uint16_t port, struct rte_mempool *pool)
{
	struct rte_eth_conf conf;
	int ret;

	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_configure(port, 1, 1, &conf);
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(port, 0, RX_DESC, rte_eth_dev_socket_id(port), NULL, pool);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(port, 0, TX_DESC, rte_eth_dev_socket_id(port), NULL);
	if (ret == 0)
		ret = rte_eth_dev_start(port);
	if (ret != 0)
		rte_exit(EXIT_FAILURE, "port %u set-up failed: %s\n", port, rte_strerror(-ret));
}

static void
usage_exit(const char *prog)
{
	rte_exit(EXIT_FAILURE, "usage: %s <EAL args> -- --routes FILE --tunnels FILE "
		 "[--tbl8s N] [--max-packets N] [--pmd-floor] [--pool-memory dpdk|dpdk-packed|huge-anon|huge-anon-packed]\n", prog);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "routes", required_argument, NULL, 'r' },
		{ "tunnels", required_argument, NULL, 't' },
		{ "tbl8s", required_argument, NULL, 'b' },
		{ "max-packets", required_argument, NULL, 'm' },
		{ "pmd-floor", no_argument, NULL, 'f' },
		{ "pool-memory", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char *routes = NULL, *tunnel_file = NULL, *prog = argv[0];
	uint64_t max_packets = 0, sent, start, cycles;
	struct rte_eth_stats rx_stats, tx_stats;
	struct rte_mempool *pool;
	uint32_t tbl8s = 0;
	unsigned int nb_routes;
	int ret, opt, i;
	bool pmd_floor = false, huge_anon = false, packed = false;
	const char *pool_memory = "dpdk";

	ret = rte_eal_init(argc, argv);
	if (ret < 0)
		rte_exit(EXIT_FAILURE, "EAL initialisation failed\n");
	argc -= ret;
	argv += ret;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'r': routes = optarg; break;
		case 't': tunnel_file = optarg; break;
		case 'b': tbl8s = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'm': max_packets = strtoull(optarg, NULL, 0); break;
		case 'f': pmd_floor = true; break;
		case 'p':
			if (strcmp(optarg, "huge-anon") != 0 && strcmp(optarg, "huge-anon-packed") != 0 &&
			    strcmp(optarg, "dpdk") != 0 && strcmp(optarg, "dpdk-packed") != 0)
				usage_exit(prog);
			pool_memory = optarg;
			huge_anon = strncmp(optarg, "huge-anon", 9) == 0;
			packed = strstr(optarg, "packed") != NULL;
			break;
		default: usage_exit(prog);
		}
	}
	if (routes == NULL || tunnel_file == NULL)
		usage_exit(prog);
	if (rte_eth_dev_count_avail() < 2)
		rte_exit(EXIT_FAILURE, "need 2 ports (rx: port 0, tx: port 1), have %u\n",
			 rte_eth_dev_count_avail());
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	load_tunnels(tunnel_file);
	nb_routes = load_routes(routes, tbl8s);
	if (huge_anon)
		pool = pool_on_huge_anon("rate_mbufs", NB_MBUFS, MBUF_CACHE, RTE_MBUF_DEFAULT_BUF_SIZE, packed);
	else if (packed)
		pool = pool_packed_in_dpdk_memory("rate_mbufs", NB_MBUFS, MBUF_CACHE, RTE_MBUF_DEFAULT_BUF_SIZE);
	else
		pool = rte_pktmbuf_pool_create("rate_mbufs", NB_MBUFS, MBUF_CACHE, 0,
					       RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (pool == NULL)
		rte_exit(EXIT_FAILURE, "mbuf pool: %s\n", rte_strerror(rte_errno));
	setup_port(RX_PORT, pool);
	setup_port(TX_PORT, pool);
	print_placement(pool, pool_memory);
	printf("RATE iova-mode %s\n", rte_eal_iova_mode() == RTE_IOVA_VA ? "va" : "pa");

	printf("RATE routes %u\nRATE READY\n", nb_routes);
	fflush(stdout);
	rte_eth_stats_reset(RX_PORT);
	rte_eth_stats_reset(TX_PORT);
	start = rte_rdtsc();
	sent = forward_loop(max_packets, pmd_floor);
	cycles = rte_rdtsc() - start;

	rte_eth_stats_get(RX_PORT, &rx_stats);
	rte_eth_stats_get(TX_PORT, &tx_stats);
	printf("RATE port %u ipackets %" PRIu64 " imissed %" PRIu64 "\n", RX_PORT,
	       rx_stats.ipackets, rx_stats.imissed);
	printf("RATE port %u opackets %" PRIu64 " oerrors %" PRIu64 "\n", TX_PORT,
	       tx_stats.opackets, tx_stats.oerrors);
	for (i = 0; i < DROP_REASONS; i++)
		printf("RATE drop %s %" PRIu64 "\n", DROP_NAMES[i], drops[i]);
	printf("PACKETS %" PRIu64 " SECONDS %.6f\n", sent, (double)cycles / rte_get_tsc_hz());
	fflush(stdout);

	rte_eth_dev_stop(RX_PORT);
	rte_eth_dev_stop(TX_PORT);
	rte_eth_dev_close(RX_PORT);
	rte_eth_dev_close(TX_PORT);
	rte_lpm6_free(lpm);
	rte_free(tunnels);
	rte_eal_cleanup();
	return 0;
}
