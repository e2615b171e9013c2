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
 * --checks chooses the per-packet work. minimal (the default) is the loop above: EtherType, version, payload
 * length, hop limit, LPM, MTU, headroom. full makes the C loop take the decisions the Java data plane takes
 * for a packet received on a core port in encap mode (fastpath PacketParser, Pipeline, Encapsulator,
 * TunnelTable), in its order: Ethernet with up to two 802.1Q / 802.1ad tags; IPv6 version and payload length
 * against the frame; the extension-header walk (hop-by-hop only first, routing, fragment, destination
 * options, AH; at most 8; the Tunnel Encapsulation Limit option found in destination options; a later
 * fragment ends the walk); IPv6-in-IPv6 to a tunnel endpoint (counted as decap-not-done: the Java side
 * decapsulates); ICMPv6 133..137 punted; Mobility Header punted; a destination among the node's addresses
 * (an exact-match table behind a presence filter: the tunnel endpoints of the T lines, as the Java rate
 * set-up holds them, plus any --own-address) punted; multicast destination (MLD punted, else dropped),
 * link-local destination or source, multicast or unspecified source dropped; the LPM; then the tunnel's
 * line read under its seqlock (sequence with acquire, fields, template copied into the headroom, fence,
 * sequence again; retried, busy after a bounded wait) with the refusal test in the Java order: tunnel
 * present, hop limit <= 1 (Time Exceeded), TEL 0 (Parameter Problem), tunnel MTU (Packet Too Big),
 * headroom; ICMPv6 errors are counted, not sent. An inner TEL > 0 adds the outer destination options header
 * with TEL - 1 (Linux's layout), as the Java Encapsulator does. The outer flow label hashes the upper-layer
 * protocol after the extension headers. Each burst announces the reader's epoch (a sequentially consistent
 * store and a full fence, as ReaderEpochs.enter). Counters, plain per lcore: per port rx/tx packets and
 * octets, each drop and punt reason ("RATE drop <reason>", "RATE punt <reason>", "RATE full ..." lines at the
 * end). Punted packets are freed. On perf/rate's inputs both modes send the same frames
 * (perf/RESULTS.md, session 10 cfull10).
 *
 * --mode encap|forward|decap (default encap: the above, its output unchanged) needs --checks full for forward and
 * decap: the Java data plane's decisions in `dataplane rate --mode forward|decap` (RateCommand: every route a
 * forward to next hop 1, the gateway's MAC 02:00:00:00:00:fe, port MAC 02:00:00:00:00:01; ingress filter strict
 * in forward mode, any in decap mode). The same parse and classification as the encap full loop; IPv6-in-IPv6 to
 * a tunnel endpoint decapsulated (Pipeline.decapsulate: outer fragment, peer table keyed by (peer address,
 * endpoint) as TunnelPeers, inner parse, ingress filter) and the inner packet classified again; the LPM gives the
 * next hop, whose record (port, MAC or unresolved) is read under its seqlock once per burst (Pipeline.readNextHop);
 * hop limit <= 1 counted (Time Exceeded not sent), unresolved neighbour punted, hop limit - 1, Ethernet rewritten
 * in front of the (inner) IPv6 header, the frame trimmed to the packet. Extra lines "RATE mode", "RATE full
 * forwarded", "RATE full decapsulated". Output frames equal the Java data plane's (perf/RESULTS.md, session 10
 * cfwd10).
 *
 * Usage: encap_ref <EAL args> -- --routes FILE --tunnels FILE [--tbl8s N] [--max-packets N]
 *        [--pmd-floor] [--pool-memory dpdk|dpdk-packed|huge-anon|huge-anon-packed]
 *        [--checks minimal|full] [--own-address IPV6]... (--own-address: full only, at most 8)
 *        [--mode encap|forward|decap] (forward, decap: --checks full only)
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
 * FlowLabel.derive and flow_label() in gen_inputs.py: multiply-xor over the inner
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

/* ------------------------------------------------------------------------------------------------
 * --checks full: the decisions of the Java data plane (fastpath Pipeline, PacketParser, Encapsulator)
 * for a packet received on a core port in encap mode, written as plain C.
 * ------------------------------------------------------------------------------------------------ */

#define PROTO_HOP_BY_HOP 0
#define PROTO_ROUTING 43
#define PROTO_FRAGMENT 44
#define PROTO_AH 51
#define PROTO_ICMPV6 58
#define PROTO_DESTINATION_OPTIONS 60
#define PROTO_MOBILITY 135
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_QINQ 0x88A8
#define VLAN_TAG_LENGTH 4
#define MAX_VLAN_TAGS 2
#define MAX_EXTENSION_HEADERS 8 /* PacketParser.MAX_EXTENSION_HEADERS */
#define EXTENSION_HEADERS (UINT64_C(1) << PROTO_HOP_BY_HOP | UINT64_C(1) << PROTO_ROUTING | \
			   UINT64_C(1) << PROTO_FRAGMENT | UINT64_C(1) << PROTO_DESTINATION_OPTIONS | \
			   UINT64_C(1) << PROTO_AH)
#define OPTION_PAD1 0
#define OPTION_PADN 1
#define OPTION_TUNNEL_ENCAP_LIMIT 4
#define ICMPV6_MLD_QUERY 130
#define ICMPV6_MLD_DONE 132
#define ICMPV6_ROUTER_SOLICITATION 133
#define ICMPV6_REDIRECT 137
#define ICMPV6_MLD2_REPORT 143
#define IPV6_LENGTH 40
#define DESTINATION_OPTIONS_LENGTH 8
#define READ_ATTEMPTS (1u << 16) /* SeqLockRecords.READ_ATTEMPTS */
#define BUSY_SPINS (1u << 23)    /* SeqLockRecords.BUSY_SPINS */
#define NB_PORTS 2

/* What happens to a packet: encapsulated, or the Java data plane's DropReason / PuntReason. */
enum verdict {
	V_ENCAPSULATED,
	/* drops (DropReason) */
	V_TRUNCATED_ETHERNET, V_NOT_IPV6, V_TRUNCATED_IPV6, V_BAD_VERSION, V_BAD_PAYLOAD_LENGTH,
	V_BAD_EXTENSION_HEADER, V_MULTICAST, V_LINK_LOCAL, V_BAD_SOURCE, V_NO_ROUTE, V_NO_TUNNEL,
	V_HOP_LIMIT_EXCEEDED, V_ENCAP_LIMIT_EXCEEDED, V_TOO_BIG, V_NO_HEADROOM, V_TABLE_BUSY,
	V_MULTI_SEGMENT, V_DECAP_NOT_DONE,
	/* drops of --mode forward / decap only (not printed in encap mode, whose output stays as it was) */
	V_NO_NEXT_HOP, V_DECAP_FRAGMENT, V_DECAP_UNKNOWN_PEER, V_DECAP_BAD_INNER, V_DECAP_SPOOFED_SOURCE,
	V_NESTED_TUNNEL,
	/* punts (PuntReason): freed and counted */
	V_PUNT_MOBILITY_HEADER, V_PUNT_NEIGHBOUR_DISCOVERY, V_PUNT_MULTICAST_LISTENER, V_PUNT_OWN_ADDRESS,
	V_PUNT_NEIGHBOUR_UNRESOLVED, /* forward / decap only */
	V_COUNT
};
#define V_FORWARDED V_ENCAPSULATED /* --mode forward / decap: the packet goes out */
#define V_FIRST_PUNT V_PUNT_MOBILITY_HEADER
static const char *const VERDICT_NAMES[V_COUNT] = {
	"encapsulated",
	"truncated-ethernet", "not-ipv6", "truncated-ipv6", "bad-version", "bad-payload-length",
	"bad-extension-header", "multicast", "link-local", "bad-source", "no-route", "no-tunnel",
	"hop-limit-exceeded", "encap-limit-exceeded", "too-big", "no-headroom", "table-busy",
	"multi-segment", "decap-not-done",
	"no-next-hop", "decap-fragment", "decap-unknown-peer", "decap-bad-inner", "decap-spoofed-source",
	"nested-tunnel",
	"mobility-header", "neighbour-discovery", "multicast-listener", "own-address",
	"neighbour-unresolved",
};

/* Whether verdict v is one of --mode forward / decap's own (left out of encap mode's counter lines). */
static inline bool
forward_only(unsigned int v)
{
	return (v >= V_NO_NEXT_HOP && v <= V_NESTED_TUNNEL) || v == V_PUNT_NEIGHBOUR_UNRESOLVED;
}

/*
 * A tunnel's per-packet line under a seqlock (as the Java TunnelTable: one 64-octet line per tunnel,
 * the Ethernet + outer IPv6 template at offset 8, copied whole into the headroom).
 */
struct tunnel_line {
	uint32_t seq;       /* odd while the writer is in its section */
	uint16_t mtu;       /* tunnel path MTU */
	uint8_t present;
	uint8_t tel_plus_1; /* the TEL the tunnel adds + 1; 0: none (the T lines configure none) */
	uint8_t hdr[ETH_IPV6_HDRS];
	uint16_t port;
} __rte_cache_aligned;

/* The node's own addresses and tunnel endpoints: open addressing behind a presence filter. */
#define LOCAL_OWN 1u
#define LOCAL_ENDPOINT 2u
#define LOCAL_SLOTS 64u        /* power of two; a handful of addresses */
#define LOCAL_FILTER_BITS 4096u
struct local_slot {
	uint64_t w0, w1; /* the address as two words in memory (wire) order */
	uint32_t value;  /* 0: empty */
	uint32_t pad;
};
struct local_table {
	uint64_t filter[LOCAL_FILTER_BITS / 64];
	struct local_slot slot[LOCAL_SLOTS];
} __rte_cache_aligned;

/* What the parse finds (PacketParser / ParsedPacket). */
struct parsed {
	uint8_t *l3;
	uint8_t *l4;       /* the upper-layer header (after the extension headers) */
	uint8_t *tel;      /* the inner TEL option's value octet, or NULL */
	uint32_t l3_len;   /* 40 + payload length */
	uint16_t l2_len;
	uint8_t upper;
	int16_t icmp_type; /* -1: none */
	bool fragment;
};

/* Plain per-lcore counters, as DPDK's examples count (one lcore here). */
struct port_counters {
	uint64_t rx_packets, rx_octets, tx_packets, tx_octets;
};
struct lcore_counters {
	struct port_counters port[NB_PORTS];
	uint64_t verdicts[V_COUNT];
	uint64_t tx_full;
	uint64_t icmp_not_sent; /* Time Exceeded, Packet Too Big, Parameter Problem the Java side would send */
} __rte_cache_aligned;

/*
 * The reader's epoch slot (ReaderEpochs.Reader): announced at the start of every burst with a full fence, so a
 * table writer that unlinks a node knows when no burst can still see it; released at the burst's end. The
 * writer side (here none) waits for the slots before it frees.
 */
#define EPOCH_IDLE 0
static uint64_t table_epoch = 1;
static uint64_t reader_slot __rte_cache_aligned;

static struct tunnel_line *tunnel_lines;
static struct local_table local_addresses;
static struct lcore_counters full_counters;

static inline uint64_t
local_hash(uint64_t w0, uint64_t w1)
{
	return ((w0 * UINT64_C(0x9E3779B97F4A7C15)) ^ w1) * UINT64_C(0xC2B2AE3D27D4EB4F);
}

static void
local_add(const uint8_t *addr, uint32_t value)
{
	uint64_t w0, w1, h;
	uint32_t i, s;

	memcpy(&w0, addr, 8);
	memcpy(&w1, addr + 8, 8);
	h = local_hash(w0, w1);
	for (i = 0; i < LOCAL_SLOTS; i++) {
		s = ((uint32_t)(h >> 58) + i) & (LOCAL_SLOTS - 1);
		if (local_addresses.slot[s].value == 0 ||
		    (local_addresses.slot[s].w0 == w0 && local_addresses.slot[s].w1 == w1)) {
			local_addresses.slot[s].w0 = w0;
			local_addresses.slot[s].w1 = w1;
			local_addresses.slot[s].value |= value;
			local_addresses.filter[(h & (LOCAL_FILTER_BITS - 1)) / 64] |=
				UINT64_C(1) << (h & 63);
			return;
		}
	}
	rte_exit(EXIT_FAILURE, "local address table full\n");
}

static void
local_add_text(const char *text, uint32_t value)
{
	uint8_t addr[16];

	if (inet_pton(AF_INET6, text, addr) != 1)
		rte_exit(EXIT_FAILURE, "bad local address %s\n", text);
	local_add(addr, value);
}

/* The value of a local address (0: not one); a miss usually ends at the filter. */
static inline uint32_t
local_get(const uint8_t *addr)
{
	uint64_t w0, w1, h;
	uint32_t i, s;

	memcpy(&w0, addr, 8);
	memcpy(&w1, addr + 8, 8);
	h = local_hash(w0, w1);
	if (likely(!(local_addresses.filter[(h & (LOCAL_FILTER_BITS - 1)) / 64] >> (h & 63) & 1)))
		return 0;
	for (i = 0; i < LOCAL_SLOTS; i++) {
		s = ((uint32_t)(h >> 58) + i) & (LOCAL_SLOTS - 1);
		if (local_addresses.slot[s].value == 0)
			return 0;
		if (local_addresses.slot[s].w0 == w0 && local_addresses.slot[s].w1 == w1)
			return local_addresses.slot[s].value;
	}
	return 0;
}

/* PacketParser.findTunnelEncapsulationLimit: the TEL option in a destination options header. */
static inline void
find_tel(uint8_t *q, const uint8_t *end, struct parsed *p)
{
	while (q < end) {
		if (*q == OPTION_PAD1) {
			q++;
			continue;
		}
		if (q + 2 > end)
			return;
		if (q[0] == OPTION_TUNNEL_ENCAP_LIMIT && q[1] == 1 && q + 3 <= end)
			p->tel = q + 2;
		q += 2 + q[1];
	}
}

/*
 * PacketParser.parseIpv6: the IPv6 header at l3 (avail octets there), then the extension-header walk; a verdict
 * on error. Used for the frame's packet and, after decapsulation, for the inner packet.
 */
static inline enum verdict
parse_ipv6(uint8_t *l3, uint32_t avail, struct parsed *p)
{
	uint32_t total, i, hdr_len;
	uint8_t *q, *end;
	uint8_t next;
	bool later_fragment = false;

	if (unlikely(avail < IPV6_LENGTH))
		return V_TRUNCATED_IPV6;
	if (unlikely(l3[0] >> 4 != 6))
		return V_BAD_VERSION;
	total = IPV6_LENGTH + rte_be_to_cpu_16(((struct rte_ipv6_hdr *)l3)->payload_len);
	if (unlikely(total > avail))
		return V_BAD_PAYLOAD_LENGTH;
	p->l3 = l3;
	p->l3_len = total;
	p->tel = NULL;
	p->fragment = false;
	p->icmp_type = -1;
	next = ((struct rte_ipv6_hdr *)l3)->proto;
	q = l3 + IPV6_LENGTH;
	end = l3 + total;
	for (i = 0; i <= MAX_EXTENSION_HEADERS; i++) {
		if (likely(!(next < 64 && (EXTENSION_HEADERS >> next & 1))) || later_fragment) {
			p->upper = next;
			p->l4 = q;
			if (next == PROTO_ICMPV6 && !later_fragment && end - q >= 4)
				p->icmp_type = q[0];
			return V_ENCAPSULATED; /* parsed */
		}
		if (i == MAX_EXTENSION_HEADERS || q + 8 > end ||
		    (next == PROTO_HOP_BY_HOP && q != l3 + IPV6_LENGTH))
			return V_BAD_EXTENSION_HEADER;
		hdr_len = next == PROTO_FRAGMENT ? 8 : next == PROTO_AH ? (q[1] + 2u) * 4 : (q[1] + 1u) * 8;
		if (q + hdr_len > end)
			return V_BAD_EXTENSION_HEADER;
		if (next == PROTO_DESTINATION_OPTIONS) {
			find_tel(q + 2, q + hdr_len, p);
		} else if (next == PROTO_FRAGMENT) {
			p->fragment = true;
			later_fragment = (rte_be_to_cpu_16(*(unaligned_uint16_t *)(q + 2)) & 0xFFF8) != 0;
		}
		next = q[0];
		q += hdr_len;
	}
	return V_BAD_EXTENSION_HEADER;
}

/* PacketParser.parseFrame: Ethernet (up to two tags), then parse_ipv6; a verdict on error. */
static inline enum verdict
parse_frame(uint8_t *frame, uint32_t len, struct parsed *p)
{
	uint32_t l2 = RTE_ETHER_HDR_LEN, tags;
	uint16_t type;

	if (unlikely(len < RTE_ETHER_HDR_LEN))
		return V_TRUNCATED_ETHERNET;
	type = ((struct rte_ether_hdr *)frame)->ether_type;
	for (tags = 0; tags < MAX_VLAN_TAGS &&
	     (type == RTE_BE16(ETHERTYPE_VLAN) || type == RTE_BE16(ETHERTYPE_QINQ)); tags++) {
		if (len < l2 + VLAN_TAG_LENGTH)
			return V_TRUNCATED_ETHERNET;
		memcpy(&type, frame + l2 + 2, 2);
		l2 += VLAN_TAG_LENGTH;
	}
	if (unlikely(type != RTE_BE16(RTE_ETHER_TYPE_IPV6)))
		return V_NOT_IPV6;
	p->l2_len = (uint16_t)l2;
	return parse_ipv6(frame + l2, len - l2, p);
}

/* Pipeline.unusual: multicast or link-local destination, multicast, link-local or unspecified source. */
static inline bool
unusual(const struct rte_ipv6_hdr *ip)
{
	const uint8_t *d = ip->dst_addr, *s = ip->src_addr;
	uint64_t s0, s1;

	memcpy(&s0, s, 8);
	memcpy(&s1, s + 8, 8);
	return d[0] == 0xFF || (d[0] == 0xFE && (d[1] & 0xC0) == 0x80) ||
	       s[0] == 0xFF || (s[0] == 0xFE && (s[1] & 0xC0) == 0x80) || (s0 | s1) == 0;
}

/* Pipeline.unusualAddress: the drop or punt, in the order of precedence. */
static enum verdict
unusual_verdict(const struct rte_ipv6_hdr *ip, int icmp_type)
{
	const uint8_t *d = ip->dst_addr, *s = ip->src_addr;

	if (d[0] == 0xFF)
		return (icmp_type >= ICMPV6_MLD_QUERY && icmp_type <= ICMPV6_MLD_DONE) ||
		       icmp_type == ICMPV6_MLD2_REPORT ? V_PUNT_MULTICAST_LISTENER : V_MULTICAST;
	if ((d[0] == 0xFE && (d[1] & 0xC0) == 0x80) || (s[0] == 0xFE && (s[1] & 0xC0) == 0x80))
		return V_LINK_LOCAL;
	return V_BAD_SOURCE;
}

/* SeqLockRecords.readBegin: the sequence with acquire; while odd a bounded wait, then odd = busy. */
static inline uint32_t
seq_begin(const uint32_t *sequence)
{
	uint32_t seq = __atomic_load_n(sequence, __ATOMIC_ACQUIRE), spins;

	for (spins = 0; unlikely(seq & 1) && spins < BUSY_SPINS; spins++) {
		rte_pause();
		seq = __atomic_load_n(sequence, __ATOMIC_ACQUIRE);
	}
	return seq;
}

/* SeqLockRecords.readValid: the field reads complete before the sequence is read again. */
static inline bool
seq_valid(const uint32_t *sequence, uint32_t seq)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(sequence, __ATOMIC_RELAXED) == seq;
}

/* Encapsulator.refuse: the first reason that applies (ICMPv6 errors are counted, not sent). */
static enum verdict
refuse(const struct parsed *p, bool present, uint32_t seq, int limit_conf, uint32_t mtu, uint8_t hop_limit)
{
	uint32_t overhead;
	int limit = limit_conf;

	if (!present)
		return seq & 1 ? V_TABLE_BUSY : V_NO_TUNNEL;
	if (hop_limit <= 1)
		return V_HOP_LIMIT_EXCEEDED;
	if (p->tel != NULL) {
		if (*p->tel == 0)
			return V_ENCAP_LIMIT_EXCEEDED;
		limit = *p->tel - 1;
	}
	overhead = limit >= 0 ? IPV6_LENGTH + DESTINATION_OPTIONS_LENGTH : IPV6_LENGTH;
	if (p->l3_len + overhead > mtu)
		return V_TOO_BIG;
	return V_NO_HEADROOM;
}

/*
 * Encapsulator.encapsulate: one seqlock section over the tunnel's line (sequence, acquire, the control
 * fields, the template copied into the headroom, fence, sequence again), the refusal test (tunnel
 * present, hop limit, TEL 0, MTU, headroom), then the inner hop limit and the TEL option.
 */
static inline enum verdict
encap_full(struct rte_mbuf *m, struct parsed *p, uint32_t tunnel_id, uint16_t *egress)
{
	const struct tunnel_line *t;
	struct rte_ipv6_hdr *inner = (struct rte_ipv6_hdr *)p->l3, *outer;
	uint8_t *frame, *opts, hop_limit = inner->hop_limits;
	uint32_t attempt, seq, mtu, overhead, vtc;
	int limit, limit_conf;
	uint16_t port;
	bool present;

	if (unlikely(tunnel_id >= MAX_TUNNELS))
		return V_NO_TUNNEL;
	t = &tunnel_lines[tunnel_id];
	for (attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
		seq = seq_begin(&t->seq);
		present = !(seq & 1) && t->present;
		mtu = t->mtu;
		limit_conf = (int)t->tel_plus_1 - 1;
		limit = p->tel != NULL ? (int)*p->tel - 1 : limit_conf;
		overhead = limit >= 0 ? IPV6_LENGTH + DESTINATION_OPTIONS_LENGTH : IPV6_LENGTH;
		/* The new frame starts overhead + 14 before the inner header, replacing the inner Ethernet (+ tags). */
		if (unlikely(!present || hop_limit <= 1 || (p->tel != NULL && *p->tel == 0) ||
			     p->l3_len + overhead > mtu ||
			     m->data_off + p->l2_len < overhead + RTE_ETHER_HDR_LEN)) {
			if (seq_valid(&t->seq, seq))
				return refuse(p, present, seq, limit_conf, mtu, hop_limit);
			continue;
		}
		frame = p->l3 - overhead - RTE_ETHER_HDR_LEN;
		rte_memcpy(frame, t->hdr, ETH_IPV6_HDRS);
		port = t->port;
		if (!seq_valid(&t->seq, seq))
			continue;
		outer = (struct rte_ipv6_hdr *)(frame + RTE_ETHER_HDR_LEN);
		vtc = rte_be_to_cpu_32(inner->vtc_flow);
		outer->vtc_flow = rte_cpu_to_be_32(UINT32_C(6) << 28 | (vtc & 0x0FF00000) |
				flow_label(inner->src_addr, inner->dst_addr, vtc & 0xFFFFF, p->upper));
		outer->payload_len = rte_cpu_to_be_16((uint16_t)(p->l3_len + overhead - IPV6_LENGTH));
		inner->hop_limits = hop_limit - 1;
		if (limit >= 0) {
			/* Linux's layout: next header 41, length 0, TEL (type 4, length 1, value), PadN of one. */
			outer->proto = PROTO_DESTINATION_OPTIONS;
			opts = (uint8_t *)(outer + 1);
			opts[0] = IPPROTO_IPV6_IN_IPV6;
			opts[1] = 0;
			opts[2] = OPTION_TUNNEL_ENCAP_LIMIT;
			opts[3] = 1;
			opts[4] = (uint8_t)limit;
			opts[5] = OPTION_PADN;
			opts[6] = 1;
			opts[7] = 0;
		}
		/* The frame: from the template to the inner packet's end (Ethernet padding left out). */
		m->data_off = (uint16_t)(m->data_off + p->l2_len - overhead - RTE_ETHER_HDR_LEN);
		m->data_len = (uint16_t)(RTE_ETHER_HDR_LEN + overhead + p->l3_len);
		m->pkt_len = m->data_len;
		*egress = port;
		return V_ENCAPSULATED;
	}
	return V_TABLE_BUSY;
}

/*
 * Pipeline.classifyNotTunnelled: the checks every packet not decapsulated here passes (the outer packet, and the
 * inner packet after decapsulation); V_ENCAPSULATED (V_FORWARDED) when the prefix tables decide.
 */
static inline enum verdict
classify_not_tunnelled(const struct parsed *p, uint32_t local)
{
	const struct rte_ipv6_hdr *ip = (const struct rte_ipv6_hdr *)p->l3;

	if (unlikely(p->icmp_type >= ICMPV6_ROUTER_SOLICITATION && p->icmp_type <= ICMPV6_REDIRECT))
		return V_PUNT_NEIGHBOUR_DISCOVERY;
	if (unlikely(p->upper == PROTO_MOBILITY))
		return V_PUNT_MOBILITY_HEADER; /* punt.transit-mobility=true, the default */
	if (unlikely(local != 0))
		/* Only an inner packet gets here with a tunnel to our endpoint: not decapsulated again. */
		return (local & LOCAL_ENDPOINT) && p->upper == IPPROTO_IPV6_IN_IPV6 ? V_NESTED_TUNNEL
										    : V_PUNT_OWN_ADDRESS;
	if (unlikely(unusual(ip)))
		return unusual_verdict(ip, p->icmp_type);
	return V_ENCAPSULATED;
}

/*
 * One packet from a core port, the Java data plane's order (Pipeline.classifyUntilLookup,
 * classifyBeforeLookup, classifyNotTunnelled, unusualAddress, the lookup, route, Encapsulator).
 */
static inline enum verdict
classify_encap(struct rte_mbuf *m, uint16_t *egress)
{
	struct parsed p;
	const struct rte_ipv6_hdr *ip;
	enum verdict v;
	uint32_t local, tunnel_id;

	if (unlikely(m->nb_segs != 1))
		return V_MULTI_SEGMENT; /* the worker's MULTI_SEGMENT: never passed to the pipeline */
	v = parse_frame(rte_pktmbuf_mtod(m, uint8_t *), m->data_len, &p);
	if (unlikely(v != V_ENCAPSULATED))
		return v;
	ip = (const struct rte_ipv6_hdr *)p.l3;
	local = local_get(ip->dst_addr);
	if (unlikely(local != 0)) {
		/* To a tunnel endpoint, IPv6-in-IPv6: the Java side decapsulates; this loop does not. */
		if (p.upper == IPPROTO_IPV6_IN_IPV6 && (local & LOCAL_ENDPOINT))
			return V_DECAP_NOT_DONE;
	}
	v = classify_not_tunnelled(&p, local);
	if (unlikely(v != V_ENCAPSULATED))
		return v;
	if (unlikely(rte_lpm6_lookup(lpm, ip->dst_addr, &tunnel_id) != 0))
		return V_NO_ROUTE;
	return encap_full(m, &p, tunnel_id, egress);
}

/* ------------------------------------------------------------------------------------------------
 * --mode forward / decap (with --checks full): the Java data plane's decisions in `dataplane rate --mode forward`
 * and `--mode decap` (RateCommand): every route is action forward to next hop 1 (H1: port 1, the gateway
 * 2001:db8:ffff::fe, N1: its MAC 02:00:00:00:00:fe), both ports carry MAC 02:00:00:00:00:01, the T lines give the
 * tunnel endpoints (own addresses) and their peers. The ingress
 * filter of decapsulated packets is strict in forward mode, any in decap mode.
 * ------------------------------------------------------------------------------------------------ */

#define FORWARD_NEXT_HOP 1      /* RateCommand's H1 */
#define MAX_NEXT_HOPS 16
#define NB_ENDPOINTS_MAX 16
static const uint8_t GATEWAY_MAC[RTE_ETHER_ADDR_LEN] = { 0x02, 0, 0, 0, 0, 0xfe };
static const uint8_t PORT_MAC[RTE_ETHER_ADDR_LEN] = { 0x02, 0, 0, 0, 0, 0x01 };

enum mode { MODE_ENCAP, MODE_FORWARD, MODE_DECAP };

/* A next hop's record under a seqlock (as NextHopTable: port, the neighbour's MAC or unresolved). */
struct next_hop_line {
	uint32_t seq;
	uint8_t present;
	uint8_t resolved;
	uint16_t port;
	uint8_t mac[RTE_ETHER_ADDR_LEN];
} __rte_cache_aligned;

/* The burst's next-hop cache (Pipeline.hopRoute / hopMac / hopSourceMac / hopPort): reset at each burst. */
struct hop_cache {
	uint32_t id;       /* 0: none */
	uint16_t port;
	bool resolved;
	uint8_t mac[RTE_ETHER_ADDR_LEN];
	uint8_t source_mac[RTE_ETHER_ADDR_LEN];
};

/* TunnelPeers: exact match on (peer address, endpoint index), open addressing; value: tunnel id + 1. */
struct peer_slot {
	uint64_t w0, w1;
	uint32_t endpoint;
	uint32_t value; /* 0: empty */
};

static struct next_hop_line next_hops[MAX_NEXT_HOPS];
static uint8_t port_macs[NB_PORTS][RTE_ETHER_ADDR_LEN];
static struct peer_slot *peers;
static uint32_t peer_mask;
static unsigned int peer_shift; /* the slot: the hash's top bits (multiplication carries every input bit up) */
static uint8_t endpoint_addresses[NB_ENDPOINTS_MAX][16];
static unsigned int nb_endpoints;
static uint64_t decapsulated;

static inline uint64_t
peer_hash(uint64_t w0, uint64_t w1, uint32_t endpoint)
{
	return local_hash(w0 ^ endpoint, w1);
}

static void
peer_add(const uint8_t *addr, uint32_t endpoint, uint32_t tunnel)
{
	uint64_t w0, w1;
	uint32_t i, s;

	memcpy(&w0, addr, 8);
	memcpy(&w1, addr + 8, 8);
	for (i = 0, s = (uint32_t)(peer_hash(w0, w1, endpoint) >> peer_shift); i <= peer_mask;
	     i++, s = (s + 1) & peer_mask) {
		if (peers[s].value == 0 || (peers[s].w0 == w0 && peers[s].w1 == w1 && peers[s].endpoint == endpoint)) {
			peers[s].w0 = w0;
			peers[s].w1 = w1;
			peers[s].endpoint = endpoint;
			peers[s].value = tunnel + 1;
			return;
		}
	}
	rte_exit(EXIT_FAILURE, "tunnel peer table full\n");
}

/* The peer's tunnel id + 1, 0 when (addr, endpoint) is no configured peer. */
static inline uint32_t
peer_get(const uint8_t *addr, uint32_t endpoint)
{
	uint64_t w0, w1;
	uint32_t i, s;

	memcpy(&w0, addr, 8);
	memcpy(&w1, addr + 8, 8);
	for (i = 0, s = (uint32_t)(peer_hash(w0, w1, endpoint) >> peer_shift); i <= peer_mask;
	     i++, s = (s + 1) & peer_mask) {
		if (peers[s].value == 0)
			return 0;
		if (peers[s].w0 == w0 && peers[s].w1 == w1 && peers[s].endpoint == endpoint)
			return peers[s].value;
	}
	return 0;
}

/* The endpoint index of a tunnel's local address (added on first sight); its local-table value carries it. */
static uint32_t
endpoint_index(const uint8_t *addr)
{
	unsigned int i;

	for (i = 0; i < nb_endpoints; i++)
		if (memcmp(endpoint_addresses[i], addr, 16) == 0)
			return i;
	if (nb_endpoints == NB_ENDPOINTS_MAX)
		rte_exit(EXIT_FAILURE, "more than %u tunnel endpoints\n", NB_ENDPOINTS_MAX);
	memcpy(endpoint_addresses[nb_endpoints], addr, 16);
	return nb_endpoints++;
}

#define LOCAL_ENDPOINT_SHIFT 8 /* local value: LOCAL_OWN | LOCAL_ENDPOINT | endpoint index << 8 */

/* TunnelEndpoints.indexOf: the endpoint's local-table value (0: not an endpoint), by two compares per endpoint. */
static inline uint32_t
endpoint_get(const uint8_t *addr)
{
	uint64_t w0, w1, e0, e1;
	unsigned int i;

	memcpy(&w0, addr, 8);
	memcpy(&w1, addr + 8, 8);
	for (i = 0; i < nb_endpoints; i++) {
		memcpy(&e0, endpoint_addresses[i], 8);
		memcpy(&e1, endpoint_addresses[i] + 8, 8);
		if (w0 == e0 && w1 == e1)
			return LOCAL_OWN | LOCAL_ENDPOINT | i << LOCAL_ENDPOINT_SHIFT;
	}
	return 0;
}

/* The next hop's writer section (as the control side's NextHopTable.put): odd, fields, even. */
static void
next_hop_put(uint32_t id, uint16_t port, const uint8_t *mac)
{
	struct next_hop_line *h = &next_hops[id];

	__atomic_store_n(&h->seq, h->seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	h->port = port;
	h->resolved = mac != NULL;
	if (mac != NULL)
		memcpy(h->mac, mac, RTE_ETHER_ADDR_LEN);
	h->present = 1;
	__atomic_store_n(&h->seq, h->seq + 1, __ATOMIC_RELEASE);
}

/*
 * Pipeline.readNextHop: the next hop's record under its seqlock into the burst's cache; V_FORWARDED when present,
 * else V_NO_NEXT_HOP or V_TABLE_BUSY (nothing cached).
 */
static inline enum verdict
read_next_hop(uint32_t id, struct hop_cache *hc)
{
	const struct next_hop_line *h;
	uint32_t attempt, seq;
	uint16_t port;
	bool present, resolved;
	uint8_t mac[RTE_ETHER_ADDR_LEN];

	if (unlikely(id >= MAX_NEXT_HOPS))
		return V_NO_NEXT_HOP;
	h = &next_hops[id];
	for (attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
		seq = seq_begin(&h->seq);
		present = !(seq & 1) && h->present;
		port = h->port;
		resolved = h->resolved;
		memcpy(mac, h->mac, RTE_ETHER_ADDR_LEN);
		if (!seq_valid(&h->seq, seq))
			continue;
		if (!present)
			return seq & 1 ? V_TABLE_BUSY : V_NO_NEXT_HOP;
		hc->id = id;
		hc->port = port < NB_PORTS ? port : TX_PORT;
		hc->resolved = resolved;
		memcpy(hc->mac, mac, RTE_ETHER_ADDR_LEN);
		memcpy(hc->source_mac, port_macs[hc->port], RTE_ETHER_ADDR_LEN);
		return V_FORWARDED;
	}
	return V_TABLE_BUSY;
}

/*
 * Pipeline.route (FORWARD) and toNeighbour: the next hop (cached for the burst), hop limit <= 1 (Time Exceeded,
 * counted), unresolved neighbour (punted), hop limit - 1, Ethernet rewritten in front of p->l3 (tags and, after
 * decapsulation, the outer header left out), the frame trimmed to the packet (Ethernet padding left out).
 */
static inline enum verdict
forward_to_hop(struct rte_mbuf *m, const struct parsed *p, uint32_t hop_id, struct hop_cache *hc,
	       uint16_t *egress)
{
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)p->l3;
	struct rte_ether_hdr *eth;
	enum verdict v;

	if (hc->id != hop_id) {
		v = read_next_hop(hop_id, hc);
		if (unlikely(v != V_FORWARDED))
			return v;
	}
	if (unlikely(ip->hop_limits <= 1))
		return V_HOP_LIMIT_EXCEEDED;
	if (unlikely(!hc->resolved))
		return V_PUNT_NEIGHBOUR_UNRESOLVED;
	ip->hop_limits--;
	eth = (struct rte_ether_hdr *)(p->l3 - RTE_ETHER_HDR_LEN);
	memcpy(eth->dst_addr.addr_bytes, hc->mac, RTE_ETHER_ADDR_LEN);
	memcpy(eth->src_addr.addr_bytes, hc->source_mac, RTE_ETHER_ADDR_LEN);
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV6);
	m->data_off = (uint16_t)((uint8_t *)eth - (uint8_t *)m->buf_addr);
	m->data_len = (uint16_t)(RTE_ETHER_HDR_LEN + p->l3_len);
	m->pkt_len = m->data_len;
	*egress = hc->port;
	return V_FORWARDED;
}

/*
 * Pipeline.decapsulate: fragment dropped, the outer source must be a peer of the endpoint, the inner packet parsed
 * (and filling the outer payload exactly), the ingress filter; then p describes the inner packet.
 */
static inline enum verdict
decapsulate(struct parsed *p, uint32_t local, bool strict_ingress)
{
	const struct rte_ipv6_hdr *outer = (const struct rte_ipv6_hdr *)p->l3;
	uint32_t inner_len;
	enum verdict v;

	if (unlikely(p->fragment))
		return V_DECAP_FRAGMENT;
	if (unlikely(peer_get(outer->src_addr, local >> LOCAL_ENDPOINT_SHIFT) == 0))
		return V_DECAP_UNKNOWN_PEER;
	inner_len = (uint32_t)(p->l3 + p->l3_len - p->l4);
	v = parse_ipv6(p->l4, inner_len, p);
	if (unlikely(v != V_ENCAPSULATED || p->l3_len != inner_len))
		return V_DECAP_BAD_INNER;
	/*
	 * The strict filter (RFC 5213) wants the inner source's route to be encap into this peer's tunnel; in forward
	 * mode every route is a forward, so it never is (decap mode's filter is "any", as RateCommand sets it).
	 */
	if (unlikely(strict_ingress))
		return V_DECAP_SPOOFED_SOURCE;
	return V_FORWARDED;
}

/*
 * One packet from a core port in forward / decap mode, the Java order (classifyUntilLookup, classifyBeforeLookup:
 * IPv6-in-IPv6 to a tunnel endpoint decapsulated and the inner packet classified by classifyNotTunnelled; the
 * lookup; route FORWARD). The 1 k forward lane (Pipeline.forwardInLane) takes the same decisions.
 */
static inline enum verdict
classify_forward(struct rte_mbuf *m, struct hop_cache *hc, uint16_t *egress, bool strict_ingress)
{
	struct parsed p;
	const struct rte_ipv6_hdr *ip;
	enum verdict v;
	uint32_t local, hop_id;

	if (unlikely(m->nb_segs != 1))
		return V_MULTI_SEGMENT;
	v = parse_frame(rte_pktmbuf_mtod(m, uint8_t *), m->data_len, &p);
	if (unlikely(v != V_FORWARDED))
		return v;
	ip = (const struct rte_ipv6_hdr *)p.l3;
	/* IPv6-in-IPv6: one of the node's few endpoints by two compares each, before the local-address probe. */
	local = p.upper == IPPROTO_IPV6_IN_IPV6 ? endpoint_get(ip->dst_addr) : 0;
	if (local == 0)
		local = local_get(ip->dst_addr);
	if (p.upper == IPPROTO_IPV6_IN_IPV6 && (local & LOCAL_ENDPOINT)) {
		v = decapsulate(&p, local, strict_ingress);
		if (unlikely(v != V_FORWARDED))
			return v;
		decapsulated++;
		ip = (const struct rte_ipv6_hdr *)p.l3;
		local = local_get(ip->dst_addr);
	}
	v = classify_not_tunnelled(&p, local);
	if (unlikely(v != V_FORWARDED))
		return v;
	if (unlikely(rte_lpm6_lookup(lpm, ip->dst_addr, &hop_id) != 0))
		return V_NO_ROUTE;
	return forward_to_hop(m, &p, hop_id, hc, egress);
}

/*
 * The forwarding loop of --checks full: rx from port 0, classify and encapsulate (or forward, decapsulate), tx to
 * port 1. Always inlined into its three callers with mode a constant, so each has only its own classification.
 */
static __rte_always_inline uint64_t
loop_full(uint64_t max_packets, enum mode mode)
{
	struct hop_cache hc;
	struct lcore_counters *c = &full_counters;
	struct rte_mbuf *rx[BURST], *tx[BURST];
	uint64_t sent_total = 0, rx_octets, tx_octets;
	uint16_t nb_rx, nb_tx, sent, i, egress;
	enum verdict v;

	while (!force_quit) {
		nb_rx = rte_eth_rx_burst(RX_PORT, 0, rx, BURST);
		if (nb_rx == 0)
			continue;
		rx_octets = 0;
		tx_octets = 0;
		nb_tx = 0;
		__atomic_store_n(&reader_slot, __atomic_load_n(&table_epoch, __ATOMIC_RELAXED), __ATOMIC_SEQ_CST);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		hc.id = 0;
		for (i = 0; i < nb_rx; i++) {
			if (i + 1 < nb_rx)
				rte_prefetch0(rte_pktmbuf_mtod(rx[i + 1], void *));
			rx_octets += rx[i]->pkt_len;
			egress = TX_PORT;
			v = mode == MODE_ENCAP ? classify_encap(rx[i], &egress)
					       : classify_forward(rx[i], &hc, &egress, mode == MODE_FORWARD);
			c->verdicts[v]++;
			if (likely(v == V_ENCAPSULATED)) {
				/* The egress port is not used (perf/rate's T lines and H1 say 1): all leave on TX_PORT. */
				tx_octets += rx[i]->pkt_len;
				tx[nb_tx++] = rx[i];
			} else {
				/* Time Exceeded, Parameter Problem (TEL 0), Packet Too Big: the Java side sends these. */
				c->icmp_not_sent += v == V_HOP_LIMIT_EXCEEDED || v == V_ENCAP_LIMIT_EXCEEDED ||
						    v == V_TOO_BIG;
				rte_pktmbuf_free(rx[i]); /* punts too: no ring to the control plane here */
			}
		}
		__atomic_store_n(&reader_slot, EPOCH_IDLE, __ATOMIC_RELEASE);
		c->port[RX_PORT].rx_packets += nb_rx;
		c->port[RX_PORT].rx_octets += rx_octets;
		c->port[TX_PORT].tx_packets += nb_tx;
		c->port[TX_PORT].tx_octets += tx_octets;
		if (nb_tx == 0)
			continue;
		sent = rte_eth_tx_burst(TX_PORT, 0, tx, nb_tx);
		if (unlikely(sent < nb_tx)) {
			c->tx_full += nb_tx - sent;
			rte_pktmbuf_free_bulk(&tx[sent], nb_tx - sent);
		}
		sent_total += sent;
		if (max_packets != 0 && sent_total >= max_packets)
			break;
	}
	return sent_total;
}

/* The three loops of --checks full, not inlined into main, so that main's code around the minimal loop stays
 * what it was before this option. */
static __rte_noinline uint64_t
forward_loop_full(uint64_t max_packets)
{
	return loop_full(max_packets, MODE_ENCAP);
}

static __rte_noinline uint64_t
forward_loop_forward(uint64_t max_packets)
{
	return loop_full(max_packets, MODE_FORWARD);
}

static __rte_noinline uint64_t
forward_loop_decap(uint64_t max_packets)
{
	return loop_full(max_packets, MODE_DECAP);
}

static void
print_full_counters(enum mode mode)
{
	const struct lcore_counters *c = &full_counters;
	unsigned int v, p;

	for (p = 0; p < NB_PORTS; p++)
		printf("RATE full port %u rx-packets %" PRIu64 " rx-octets %" PRIu64 " tx-packets %" PRIu64
		       " tx-octets %" PRIu64 "\n", p, c->port[p].rx_packets, c->port[p].rx_octets,
		       c->port[p].tx_packets, c->port[p].tx_octets);
	if (mode == MODE_ENCAP) {
		printf("RATE full encapsulated %" PRIu64 "\n", c->verdicts[V_ENCAPSULATED]);
	} else {
		printf("RATE full forwarded %" PRIu64 "\n", c->verdicts[V_FORWARDED]);
		printf("RATE full decapsulated %" PRIu64 "\n", decapsulated);
	}
	for (v = V_ENCAPSULATED + 1; v < V_FIRST_PUNT; v++)
		if (mode != MODE_ENCAP || !forward_only(v))
			printf("RATE drop %s %" PRIu64 "\n", VERDICT_NAMES[v], c->verdicts[v]);
	printf("RATE drop tx-full %" PRIu64 "\n", c->tx_full);
	for (v = V_FIRST_PUNT; v < V_COUNT; v++)
		if (mode != MODE_ENCAP || !forward_only(v))
			printf("RATE punt %s %" PRIu64 "\n", VERDICT_NAMES[v], c->verdicts[v]);
	printf("RATE full icmp-errors-not-sent %" PRIu64 "\n", c->icmp_not_sent);
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
load_tunnels(const char *path, bool full)
{
	char line[512], local[64], remote[64], lmac[32], rmac[32];
	unsigned int id, mtu, port, lineno = 0;
	uint32_t ep;
	struct rte_ether_hdr *eth;
	struct rte_ipv6_hdr *ip;
	struct tunnel *t;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		rte_exit(EXIT_FAILURE, "cannot open tunnel file %s: %s\n", path, strerror(errno));
	tunnels = rte_zmalloc("tunnels", MAX_TUNNELS * sizeof(*tunnels), RTE_CACHE_LINE_SIZE);
	if (tunnels == NULL)
		rte_exit(EXIT_FAILURE, "cannot allocate the tunnel table\n");
	if (full) {
		unsigned int nb_t = 0;

		tunnel_lines = rte_zmalloc("tunnel_lines", MAX_TUNNELS * sizeof(*tunnel_lines), RTE_CACHE_LINE_SIZE);
		/* The peer table at most half full: a power of two >= 2 x the T lines. */
		while (fgets(line, sizeof(line), f) != NULL)
			nb_t += line[0] == 'T';
		rewind(f);
		peer_mask = 15;
		peer_shift = 60;
		while (peer_mask + 1 < 2 * nb_t) {
			peer_mask = peer_mask * 2 + 1;
			peer_shift--;
		}
		peers = rte_zmalloc("tunnel_peers", (peer_mask + 1) * sizeof(*peers), RTE_CACHE_LINE_SIZE);
		if (tunnel_lines == NULL || peers == NULL)
			rte_exit(EXIT_FAILURE, "cannot allocate the tunnel lines\n");
	}
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
		if (full) {
			/* The writer's section, as SeqLockRecords writes: odd, fields, even. */
			struct tunnel_line *l = &tunnel_lines[id];
			__atomic_store_n(&l->seq, l->seq + 1, __ATOMIC_RELAXED);
			__atomic_thread_fence(__ATOMIC_RELEASE);
			memcpy(l->hdr, t->hdr, ETH_IPV6_HDRS);
			l->mtu = (uint16_t)mtu;
			l->tel_plus_1 = 0; /* T lines configure no TEL (TunnelConfig.of: -1) */
			l->port = (uint16_t)port;
			l->present = 1;
			__atomic_store_n(&l->seq, l->seq + 1, __ATOMIC_RELEASE);
			/* The local end is a tunnel endpoint, and so an own address (FastPathTables.addTunnelEndpoint); the
			 * remote end is the tunnel's peer at that endpoint (TunnelPeers). */
			ep = endpoint_index(ip->src_addr);
			local_add(ip->src_addr, LOCAL_OWN | LOCAL_ENDPOINT | ep << LOCAL_ENDPOINT_SHIFT);
			peer_add(ip->dst_addr, ep, id);
		}
	}
	fclose(f);
}

/*
 * Route file lines: R<ipv6-prefix>/<length> <egress-port> <tunnel-id> (l3fwd syntax + tunnel).
 * The egress port of routes and tunnels is not used: everything leaves on TX_PORT.
 */
static unsigned int
load_routes(const char *path, uint32_t tbl8s, bool forward)
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
		/* --mode forward / decap: state.route-action=forward, every route to next hop 1 (RateCommand). */
		ret = rte_lpm6_add(lpm, ip, (uint8_t)depth, forward ? FORWARD_NEXT_HOP : tunnel);
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
		 "[--tbl8s N] [--max-packets N] [--pmd-floor] [--pool-memory dpdk|dpdk-packed|huge-anon|huge-anon-packed] "
		 "[--checks minimal|full] [--own-address IPV6]... [--mode encap|forward|decap]\n", prog);
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
		{ "checks", required_argument, NULL, 'c' },
		{ "own-address", required_argument, NULL, 'o' },
		{ "mode", required_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 },
	};
	const char *routes = NULL, *tunnel_file = NULL, *prog = argv[0];
	uint64_t max_packets = 0, sent, start, cycles;
	struct rte_eth_stats rx_stats, tx_stats;
	struct rte_mempool *pool;
	uint32_t tbl8s = 0;
	unsigned int nb_routes;
	int ret, opt, i;
	bool pmd_floor = false, huge_anon = false, packed = false, full = false;
	const char *own[8];
	unsigned int nb_own = 0, k;
	const char *pool_memory = "dpdk";
	enum mode mode = MODE_ENCAP;

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
		case 'c':
			if (strcmp(optarg, "minimal") != 0 && strcmp(optarg, "full") != 0)
				usage_exit(prog);
			full = strcmp(optarg, "full") == 0;
			break;
		case 'M':
			if (strcmp(optarg, "encap") == 0)
				mode = MODE_ENCAP;
			else if (strcmp(optarg, "forward") == 0)
				mode = MODE_FORWARD;
			else if (strcmp(optarg, "decap") == 0)
				mode = MODE_DECAP;
			else
				usage_exit(prog);
			break;
		case 'o':
			if (nb_own == RTE_DIM(own))
				usage_exit(prog);
			own[nb_own++] = optarg;
			break;
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
	if (routes == NULL || tunnel_file == NULL || (pmd_floor && full) || (nb_own > 0 && !full))
		usage_exit(prog);
	if (mode != MODE_ENCAP && !full)
		rte_exit(EXIT_FAILURE, "--mode forward and --mode decap need --checks full (the minimal loop only encapsulates)\n");
	if (rte_eth_dev_count_avail() < 2)
		rte_exit(EXIT_FAILURE, "need 2 ports (rx: port 0, tx: port 1), have %u\n",
			 rte_eth_dev_count_avail());
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	load_tunnels(tunnel_file, full);
	for (k = 0; k < nb_own; k++)
		local_add_text(own[k], LOCAL_OWN);
	if (mode != MODE_ENCAP) {
		/* RateCommand's ports (both MAC 02:00:00:00:00:01; their addresses are not local addresses there:
		 * mixed_encap.py's udp-to-port-address kind) and next hop H1 / N1. */
		for (k = 0; k < NB_PORTS; k++)
			memcpy(port_macs[k], PORT_MAC, RTE_ETHER_ADDR_LEN);
		next_hop_put(FORWARD_NEXT_HOP, TX_PORT, GATEWAY_MAC);
	}
	nb_routes = load_routes(routes, tbl8s, mode != MODE_ENCAP);
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

	if (mode != MODE_ENCAP) /* encap mode's output stays as it was before --mode */
		printf("RATE mode %s\n", mode == MODE_FORWARD ? "forward" : "decap");
	printf("RATE checks %s\nRATE routes %u\nRATE READY\n", full ? "full" : "minimal", nb_routes);
	fflush(stdout);
	rte_eth_stats_reset(RX_PORT);
	rte_eth_stats_reset(TX_PORT);
	start = rte_rdtsc();
	sent = !full ? forward_loop(max_packets, pmd_floor)
	       : mode == MODE_FORWARD ? forward_loop_forward(max_packets)
	       : mode == MODE_DECAP ? forward_loop_decap(max_packets) : forward_loop_full(max_packets);
	cycles = rte_rdtsc() - start;

	rte_eth_stats_get(RX_PORT, &rx_stats);
	rte_eth_stats_get(TX_PORT, &tx_stats);
	printf("RATE port %u ipackets %" PRIu64 " imissed %" PRIu64 "\n", RX_PORT,
	       rx_stats.ipackets, rx_stats.imissed);
	printf("RATE port %u opackets %" PRIu64 " oerrors %" PRIu64 "\n", TX_PORT,
	       tx_stats.opackets, tx_stats.oerrors);
	if (tunnel_lines != NULL) /* --checks full ("full" is not kept live across the minimal loop) */
		print_full_counters(mode);
	else
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
	rte_free(tunnel_lines);
	rte_free(peers);
	rte_eal_cleanup();
	return 0;
}
