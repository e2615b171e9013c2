#!/usr/bin/python3
"""Inputs of the packet-rate harness perf/rate: pcaps, route sets, tunnels, expected lookups.

Deterministic (fixed seeds): the same arguments always give the same files, so runs on different
days are comparable. Written without scapy because 1 M routes must be produced in seconds; the pcaps
are checked against tshark by `perf/rate --verify`.

Files written into OUT_DIR:
  forward.pcap        1 000 Ethernet/IPv6/UDP frames, 64-octet UDP payload, one per destination
  decap.pcap          the same frames IPv6-in-IPv6 encapsulated (RFC 2473) as a tunnel peer
                      would send them: outer src = the peer of the destination's tunnel,
                      outer dst = our tunnel endpoint
  routes-<N>.txt      N IPv6 prefixes, l3fwd --rule_ipv6 syntax plus a third field (tunnel id)
  routes-v4.txt       one IPv4 route (l3fwd insists on an IPv4 rule file too)
  tunnels.txt         the tunnel table the route sets point into
  expected-<N>.txt    per destination: the tunnel that a longest-prefix match over routes-<N> gives
  tbl8s-<N>.txt       exact number of rte_lpm6 tbl8 groups routes-<N> needs (sizes the LPM tables)

Every route set of N >= 1000 contains the 1 000 destination prefixes (the 1 k set is a subset of
the 1 M set), so every lookup hits.
"""

import argparse
import os
import random
import struct
import sys

DESTINATIONS = 1000
TUNNELS = 1024
PAYLOAD = 64
EGRESS_PORT = 1

# Address plan (one pool per prefix length, so that the LPM tables stay a realistic size: a
# gateway's prefixes come from a few pools, not from the whole address space).
# Each entry: length -> (pool base, pool length, share of the route set).
POOLS = {
    32: (0x2400 << 112, 12, 0.010),
    40: (0x20010E << 104, 24, 0.020),
    48: (0x20010DC << 100, 28, 0.170),
    56: (0x20010DB9 << 96, 36, 0.200),
    64: (0x20010DB800 << 88, 40, 0.595),
    128: (0x20010DB800 << 88, 40, 0.005),
}
LOCAL_ENDPOINT = 0x20010DB8FFFF << 80 | 1           # 2001:db8:ffff::1, our tunnel end-point
PEER_BASE = 0x20010DB8FFFE << 80                    # 2001:db8:fffe::<id+1>, tunnel peers
INNER_SOURCE = 0x20010DB8FFF0 << 80 | 0x10          # 2001:db8:fff0::10, the sender of every packet
OUR_MAC = bytes.fromhex("020000000001")
PEER_MAC_PREFIX = bytes.fromhex("0200000a")         # + 2 octets of tunnel id
SENDER_MAC = bytes.fromhex("0200000000aa")
TUNNEL_MTU = 1500
MASK64 = (1 << 64) - 1


def flow_label(src, dst, inner_label, upper_protocol):
    """Outer flow label derived from the inner flow (RFC 6438), the same function as the Java data
    plane's FlowLabel.derive and encap_ref.c, so outputs compare bit for bit:
    multiply-xor over the inner source and destination (64-bit halves, big-endian), then
    (inner label << 8 | upper-layer protocol); the label is bits 44..63; 1 instead of 0."""
    k1, k2 = 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F
    h = ((src >> 64) * k1) & MASK64
    h = ((h ^ (src & MASK64)) * k2) & MASK64
    h = ((h ^ (dst >> 64)) * k1) & MASK64
    h = ((h ^ (dst & MASK64)) * k2) & MASK64
    h = ((h ^ ((inner_label & 0xFFFFF) << 8 | upper_protocol)) * k1) & MASK64
    label = (h >> 44) & 0xFFFFF
    return label if label else 1


def fmt6(a):
    """Uncompressed IPv6 text, which inet_pton accepts; much faster than the ipaddress module."""
    return "%x:%x:%x:%x:%x:%x:%x:%x" % tuple((a >> s) & 0xFFFF for s in range(112, -1, -16))


def length_mix(n):
    """How many prefixes of each length a set of n gets; the rounding remainder goes to /64."""
    counts = {length: int(n * share) for length, (_, _, share) in POOLS.items()}
    counts[64] += n - sum(counts.values())
    return counts


def draw_prefix(rng, length):
    base, pool_len, _ = POOLS[length]
    if length == 128:
        return base | rng.getrandbits(128 - pool_len)
    free = length - pool_len
    return base | (rng.getrandbits(free) << (128 - length))


def draw_set(rng, n, taken, out):
    """Appends n new distinct (value, length) prefixes to out, lengths in random order."""
    lengths = [length for length, c in length_mix(n).items() for _ in range(c)]
    rng.shuffle(lengths)
    for length in lengths:
        while True:
            value = draw_prefix(rng, length)
            key = (value, length)
            if key not in taken:
                taken.add(key)
                out.append(key)
                break


def tbl8_groups(routes):
    """rte_lpm6 needs one tbl8 group per distinct parent entry: for a prefix of depth d, one for each
    level starting at bit 24, 32, ... below d, keyed by the prefix bits above that level."""
    keys = set()
    for value, length in routes:
        for k in range(24, length, 8):
            keys.add((k << 128) | (value >> (128 - k)))
    return len(keys)


def lpm(table, lengths, addr):
    for length in lengths:
        hit = table[length].get(addr >> (128 - length))
        if hit is not None:
            return hit
    return None


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv6_header(tc, label, payload_len, next_header, hop_limit, src, dst):
    return struct.pack("!IHBB", 6 << 28 | tc << 20 | label, payload_len, next_header, hop_limit) \
        + src.to_bytes(16, "big") + dst.to_bytes(16, "big")


def inner_packet(i, dst):
    """IPv6/UDP with a 64-octet payload; traffic class and flow label vary per packet."""
    src_port, dst_port = 1024 + i, 5000
    payload = bytes((i + j) & 0xFF for j in range(PAYLOAD))
    udp_len = 8 + PAYLOAD
    pseudo = INNER_SOURCE.to_bytes(16, "big") + dst.to_bytes(16, "big") + struct.pack("!IxxxB", udp_len, 17)
    udp = struct.pack("!HHHH", src_port, dst_port, udp_len, 0) + payload
    csum = checksum(pseudo + udp) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", csum) + udp[8:]
    tc, label = (i * 13) & 0xFF, (i * 7919) & 0xFFFFF
    return ipv6_header(tc, label, udp_len, 17, 64, INNER_SOURCE, dst) + udp, tc, label


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for n, frame in enumerate(frames):
            f.write(struct.pack("<IIII", 1_700_000_000, n, len(frame), len(frame)))
            f.write(frame)


def read_pcap(path):
    """The frames of a classic pcap file (either byte order, micro- or nanosecond stamps), as bytes."""
    with open(path, "rb") as f:
        data = f.read()
    endian = "<" if struct.unpack("<I", data[:4])[0] in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    off, frames = 24, []
    while off + 16 <= len(data):
        incl = struct.unpack(endian + "IIII", data[off:off + 16])[2]
        frames.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    return frames


def peer_address(tunnel):
    return PEER_BASE | (tunnel + 1)


def peer_mac(tunnel):
    return PEER_MAC_PREFIX + tunnel.to_bytes(2, "big")


def write_tunnels(path):
    with open(path, "w") as f:
        f.write("# T<id> <local-ipv6> <remote-ipv6> <local-mac> <remote-mac> <mtu> <egress-port>\n")
        for t in range(TUNNELS):
            f.write("T%d %s %s %s %s %d %d\n" % (t, fmt6(LOCAL_ENDPOINT), fmt6(peer_address(t)),
                                                 OUR_MAC.hex(":"), peer_mac(t).hex(":"),
                                                 TUNNEL_MTU, EGRESS_PORT))


def write_routes(path, routes):
    with open(path, "w") as f:
        f.write("# R<ipv6-prefix>/<length> <egress-port> <tunnel-id>  (l3fwd reads the first two fields)\n")
        f.writelines("R%s/%d %d %d\n" % (fmt6(v), length, EGRESS_PORT, i % TUNNELS)
                     for i, (v, length) in enumerate(routes))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("--prefixes", default="1000,1000000", help="comma-separated route-set sizes")
    args = ap.parse_args()
    sizes = sorted({int(s) for s in args.prefixes.split(",") if s})
    if not sizes or sizes[0] < DESTINATIONS:
        sys.exit("gen_inputs: every prefix count must be >= %d (the destinations)" % DESTINATIONS)
    os.makedirs(args.out_dir, exist_ok=True)

    taken = set()
    dest_prefixes = []
    draw_set(random.Random(1), DESTINATIONS, taken, dest_prefixes)
    host_rng = random.Random(3)
    destinations = [v | (host_rng.getrandbits(128 - length) if length < 128 else 0)
                    for v, length in dest_prefixes]

    routes = list(dest_prefixes)
    extra_rng = random.Random(2)
    for n in sizes:
        draw_set(extra_rng, n - len(routes), taken, routes)
        write_routes(os.path.join(args.out_dir, "routes-%d.txt" % n), routes)
        table = {length: {} for length in POOLS}
        for i, (v, length) in enumerate(routes):
            table[length][v >> (128 - length)] = i % TUNNELS
        lengths = sorted(table, reverse=True)
        expected = [lpm(table, lengths, d) for d in destinations]
        if None in expected:
            sys.exit("gen_inputs: a destination misses routes-%d (bug in the generator)" % n)
        with open(os.path.join(args.out_dir, "expected-%d.txt" % n), "w") as f:
            f.writelines("%s %d\n" % (fmt6(d), t) for d, t in zip(destinations, expected))
        with open(os.path.join(args.out_dir, "tbl8s-%d.txt" % n), "w") as f:
            f.write("%d\n" % tbl8_groups(routes))

    with open(os.path.join(args.out_dir, "routes-v4.txt"), "w") as f:
        f.write("R198.18.0.0/15 %d\n" % EGRESS_PORT)
    write_tunnels(os.path.join(args.out_dir, "tunnels.txt"))

    # Packets are sent in a shuffled order so that consecutive lookups do not walk memory in order.
    order = list(range(DESTINATIONS))
    random.Random(4).shuffle(order)
    # The decap input is what the peers send us; which peer sends a packet is the tunnel its
    # destination maps to in the smallest route set (the same in every set for these packets
    # unless a longer prefix of a bigger set takes over, which only changes the peer address).
    first_expected = [int(line.split()[1]) for line in
                      open(os.path.join(args.out_dir, "expected-%d.txt" % sizes[0]))]
    forward, decap = [], []
    for i in order:
        inner, tc, label = inner_packet(i, destinations[i])
        forward.append(OUR_MAC + SENDER_MAC + b"\x86\xdd" + inner)
        t = first_expected[i]
        peer = peer_address(t)
        outer = ipv6_header(tc, flow_label(INNER_SOURCE, destinations[i], label, 17), len(inner), 41, 64,
                            peer, LOCAL_ENDPOINT)
        decap.append(OUR_MAC + peer_mac(t) + b"\x86\xdd" + outer + inner)
    write_pcap(os.path.join(args.out_dir, "forward.pcap"), forward)
    write_pcap(os.path.join(args.out_dir, "decap.pcap"), decap)


if __name__ == "__main__":
    main()
