#!/usr/bin/python3
"""A mixed input for `encap_ref --checks full`: one kind of packet per row, each kind a distinct number of times.

usage: mixed_encap.py write INPUTS_DIR OUT.pcap EXPECTED.txt [--prefixes 1000] [--mode encap|forward|decap]
       mixed_encap.py tally EXPECTED.txt C_LOG [JAVA_ERR]
       mixed_encap.py same-frames A.pcap B.pcap

write: INPUTS_DIR is gen_inputs.py's directory (its routes-N.txt and expected-N.txt give a routed destination
and let this script pick destinations no route covers; the tunnel endpoint is gen_inputs.py's 2001:db8:ffff::1).
Kind i (from 0) is written i + 1 times, so two kinds decided the other way round would change the counts. EXPECTED.txt holds
`<kind> <count> <verdict>` per kind: the verdict read from the Java data plane's code (Pipeline, PacketParser,
Encapsulator), named as encap_ref prints it. --mode forward: the same frames with the verdicts of `dataplane rate
--mode forward` (encap_ref --checks full --mode forward); --mode decap: the kinds with an untagged IPv6 packet, each
sent IPv6-in-IPv6 by tunnel 0's peer to the endpoint, plus outer-only kinds (unknown peer, outer fragment), with
the verdicts of `dataplane rate --mode decap`; rows named "decapsulated" count the packets decapsulated.

tally: sums EXPECTED.txt by verdict and prints, per verdict, expected / encap_ref's count (from its "RATE drop",
"RATE punt", "RATE full encapsulated" lines) / the Java data plane's count (from `scripts/dataplane rate`'s
counter summary on stderr, if given); exit 0 when all three agree for every verdict except the known
difference (decap-not-done: the Java side decapsulates and decides on the peer).

same-frames: exit 0 if the two pcaps hold the same frames in the same order (timestamps ignored).
"""

import ipaddress
import re
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_compare import compare  # noqa: E402  (one frame comparison)

OUR_MAC = "02:00:00:00:00:01"
SRC_MAC = "02:00:00:00:00:02"
INNER_SOURCE = "2001:db8:fff0::10"   # gen_inputs.py's inner source
ENDPOINT = "2001:db8:ffff::1"        # our tunnel endpoint (T lines)
PEER = "2001:db8:fffe::1"            # tunnel 0's remote end (gen_inputs.py's T0): a peer of ENDPOINT
PORT_ADDRESS = "2001:db8:ffff::a"    # scripts/dataplane rate's port 0 address (not a local address there)


def load_routes(inputs, n):
    nets = []
    with open("%s/routes-%d.txt" % (inputs, n)) as f:
        for line in f:
            if line.startswith("R"):
                nets.append(ipaddress.IPv6Network(line[1:].split()[0]))
    return nets


def routed(nets, addr):
    a = ipaddress.IPv6Address(addr)
    return any(a in net for net in nets)


def kinds(dst, unrouted):
    """(name, frame builder, Java verdict) per kind. Scapy is imported here: `tally` does not need it."""
    from scapy.layers.inet import IP, UDP as UDP4
    from scapy.layers.inet6 import (ICMPv6EchoRequest, ICMPv6MLReport2, ICMPv6ND_NS, IPv6, IPv6ExtHdrDestOpt,
                                    IPv6ExtHdrFragment, IPv6ExtHdrHopByHop, IPv6ExtHdrRouting, PadN, UDP)
    from scapy.layers.inet6 import HBHOptUnknown
    from scapy.layers.l2 import Dot1AD, Dot1Q, Ether
    from scapy.packet import Raw

    def eth(t=0x86DD):
        return Ether(dst=OUR_MAC, src=SRC_MAC, type=t)

    def ip6(d=dst, s=INNER_SOURCE, hlim=64, nh=None, tc=0x28, fl=0x12345):
        p = IPv6(src=s, dst=d, hlim=hlim, tc=tc, fl=fl)
        if nh is not None:
            p.nh = nh
        return p

    def udp(n=64):
        return UDP(sport=4000, dport=5000) / Raw(bytes(range(n % 256)) * (n // 256) + bytes(range(n % 256)))

    def tel(v):
        # Tunnel Encapsulation Limit: option type 4, length 1, then a PadN of one octet (8 octets in all).
        return IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=4, optlen=1, optdata=bytes([v])),
                                          PadN(optlen=1, optdata=b"\0")])

    def sized(l3_len, hdrs=None):
        # An IPv6/UDP packet of exactly l3_len octets (40 + extension headers + 8 + payload).
        ext = len(bytes(hdrs)) if hdrs is not None else 0
        pay = l3_len - 40 - ext - 8
        base = ip6() / hdrs if hdrs is not None else ip6()
        return eth() / base / UDP(sport=4000, dport=5000) / Raw(b"\x5a" * pay)

    def raw_ipv6(first_byte_version=6, payload_len=None, cut=None):
        p = bytes(ip6() / udp())
        b = bytearray(p)
        b[0] = (first_byte_version << 4) | (b[0] & 0x0F)
        if payload_len is not None:
            b[4:6] = struct.pack("!H", payload_len)
        if cut is not None:
            b = b[:cut]
        return bytes(eth()) + bytes(b)

    many_dest_opts = ip6()
    for _ in range(9):
        many_dest_opts = many_dest_opts / IPv6ExtHdrDestOpt()
    return [
        ("plain-udp", eth() / ip6() / udp(), "encapsulated"),
        ("vlan-udp", Ether(dst=OUR_MAC, src=SRC_MAC) / Dot1Q(vlan=10) / ip6() / udp(), "encapsulated"),
        ("qinq-udp", Ether(dst=OUR_MAC, src=SRC_MAC) / Dot1AD(vlan=20) / Dot1Q(vlan=10) / ip6() / udp(),
         "encapsulated"),
        ("hbh-destopt-udp", eth() / ip6() / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() / udp(), "encapsulated"),
        ("routing-udp", eth() / ip6() / IPv6ExtHdrRouting(addresses=[], segleft=0) / udp(), "encapsulated"),
        ("first-fragment", eth() / ip6() / IPv6ExtHdrFragment(offset=0, m=1, id=7) / udp(), "encapsulated"),
        ("later-fragment", eth() / ip6() / IPv6ExtHdrFragment(offset=100, m=0, id=7, nh=17) / Raw(b"x" * 40),
         "encapsulated"),
        ("icmp-echo", eth() / ip6() / ICMPv6EchoRequest(id=1, seq=1), "encapsulated"),
        ("padded-frame", Raw(bytes(eth() / ip6() / UDP(sport=1, dport=2)) + b"\0" * 8), "encapsulated"),
        ("tel-3", eth() / ip6() / tel(3) / udp(), "encapsulated"),
        ("mtu-exact-1460", sized(1460), "encapsulated"),
        ("mobility-header", eth() / ip6(nh=135) / Raw(bytes([59, 1, 5, 0, 0, 0, 0, 0])), "mobility-header"),
        ("mobility-header-to-endpoint", eth() / ip6(d=ENDPOINT, nh=135) / Raw(bytes([59, 1, 5, 0, 0, 0, 0, 0])),
         "mobility-header"),
        ("ns-solicited-node", eth() / ip6(d="ff02::1:ff00:1", hlim=255) / ICMPv6ND_NS(tgt="2001:db8::1"),
         "neighbour-discovery"),
        ("ns-unicast", eth() / ip6(hlim=255) / ICMPv6ND_NS(tgt=dst), "neighbour-discovery"),
        ("mldv2-report", eth() / ip6(d="ff02::16", hlim=1) / IPv6ExtHdrHopByHop() / ICMPv6MLReport2(),
         "multicast-listener"),
        ("udp-to-multicast", eth() / ip6(d="ff0e::1") / udp(), "multicast"),
        ("udp-to-link-local", eth() / ip6(d="fe80::1") / udp(), "link-local"),
        ("udp-from-link-local", eth() / ip6(s="fe80::2") / udp(), "link-local"),
        ("udp-from-unspecified", eth() / ip6(s="::") / udp(), "bad-source"),
        ("udp-from-multicast", eth() / ip6(s="ff02::1") / udp(), "bad-source"),
        ("udp-from-loopback", eth() / ip6(s="::1") / udp(), "encapsulated"),
        ("udp-to-endpoint", eth() / ip6(d=ENDPOINT) / udp(), "own-address"),
        ("echo-to-endpoint", eth() / ip6(d=ENDPOINT) / ICMPv6EchoRequest(), "own-address"),
        ("udp-to-port-address", eth() / ip6(d=PORT_ADDRESS) / udp(), "no-route"),
        ("ipv6-in-ipv6-to-endpoint", eth() / ip6(d=ENDPOINT, s="2001:db8:aaaa::1", nh=41) / ip6() / udp(),
         "decap-not-done"),
        ("no-route", eth() / ip6(d=unrouted) / udp(), "no-route"),
        ("hop-limit-1", eth() / ip6(hlim=1) / udp(), "hop-limit-exceeded"),
        ("hop-limit-0", eth() / ip6(hlim=0) / udp(), "hop-limit-exceeded"),
        ("hop-limit-1-no-route", eth() / ip6(d=unrouted, hlim=1) / udp(), "no-route"),
        ("tel-0", eth() / ip6() / tel(0) / udp(), "encap-limit-exceeded"),
        ("oversize-1461", sized(1461), "too-big"),
        ("tel-5-oversize-1453", sized(1453, tel(5)), "too-big"),
        ("truncated-10", Raw(bytes(eth())[:10]), "truncated-ethernet"),
        ("truncated-vlan", Raw(bytes(Ether(dst=OUR_MAC, src=SRC_MAC, type=0x8100)) + b"\x00\x0a"),
         "truncated-ethernet"),
        ("truncated-ipv6", Raw(raw_ipv6(cut=20)), "truncated-ipv6"),
        ("bad-version", Raw(raw_ipv6(first_byte_version=4)), "bad-version"),
        ("payload-length-beyond-frame", Raw(raw_ipv6(payload_len=500)), "bad-payload-length"),
        ("ipv4", eth(0x0800) / IP(src="192.0.2.1", dst="198.51.100.1") / UDP4(), "not-ipv6"),
        ("hbh-not-first", eth() / ip6() / IPv6ExtHdrDestOpt() / IPv6ExtHdrHopByHop() / udp(),
         "bad-extension-header"),
        ("nine-extension-headers", eth() / many_dest_opts / udp(), "bad-extension-header"),
        ("ext-header-cut", Raw(bytes(eth() / ip6(nh=60, fl=0) / Raw(b"\x11\x05" + b"\0" * 6))),
         "bad-extension-header"),
    ]


# --mode forward: what the forward data plane decides where it differs from encap (no tunnel: no TEL, no tunnel MTU;
# IPv6-in-IPv6 to the endpoint is decapsulated, and its source is no peer).
FORWARD_VERDICTS = {"tel-0": "forwarded", "oversize-1461": "forwarded", "tel-5-oversize-1453": "forwarded",
                    "ipv6-in-ipv6-to-endpoint": "decap-unknown-peer"}
# --mode decap, the inner packet: a parse error of the inner packet is a bad inner packet, and so is an inner
# packet shorter than the outer payload (the padded frame's padding is inside the tunnel); an inner tunnel packet
# to our endpoint is a nested tunnel.
DECAP_INNER_VERDICTS = {"truncated-ipv6": "decap-bad-inner", "bad-version": "decap-bad-inner",
                        "payload-length-beyond-frame": "decap-bad-inner", "hbh-not-first": "decap-bad-inner",
                        "nine-extension-headers": "decap-bad-inner", "ext-header-cut": "decap-bad-inner",
                        "padded-frame": "decap-bad-inner", "ipv6-in-ipv6-to-endpoint": "nested-tunnel"}


def mode_kinds(mode, dst, unrouted):
    """kinds() as (name, frame bytes, [verdicts]) for the mode."""
    base = [(name, bytes(f), verdict) for name, f, verdict in kinds(dst, unrouted)]
    if mode == "encap":
        return [(name, b, [v]) for name, b, v in base]
    fwd = [(name, b, [FORWARD_VERDICTS.get(name, "forwarded" if v == "encapsulated" else v)]) for name, b, v in base]
    if mode == "forward":
        return fwd
    from scapy.layers.inet6 import IPv6, IPv6ExtHdrFragment
    from scapy.layers.l2 import Ether

    def outer(inner, src=PEER, frag=False):
        o = IPv6(src=src, dst=ENDPOINT, hlim=64)
        o = o / IPv6ExtHdrFragment(offset=0, m=1, id=9, nh=41) if frag else o
        b = bytearray(bytes(o))
        if not frag:
            b[6] = 41
        b[4:6] = struct.pack("!H", len(b) - 40 + len(inner))
        return bytes(Ether(dst=OUR_MAC, src=SRC_MAC, type=0x86DD)) + bytes(b) + inner
    out = []
    for name, b, (v,) in fwd:
        if len(b) < 14 or b[12:14] != b"\x86\xdd":
            continue  # not an untagged IPv6 frame: no inner packet to carry
        inner = b[14:]
        v = DECAP_INNER_VERDICTS.get(name, v)
        out.append(("decap-" + name, outer(inner), [v] if v == "decap-bad-inner" else [v, "decapsulated"]))
    plain = fwd[0][1][14:]
    out.append(("decap-unknown-peer", outer(plain, src="2001:db8:aaaa::1"), ["decap-unknown-peer"]))
    out.append(("decap-outer-fragment", outer(plain, frag=True), ["decap-fragment"]))
    return out


def write(inputs, out_pcap, expected, n, mode="encap"):
    from scapy.packet import Raw
    from scapy.utils import wrpcap

    nets = load_routes(inputs, n)
    with open("%s/expected-%d.txt" % (inputs, n)) as f:
        dst = f.readline().split()[0]
    assert routed(nets, dst)
    unrouted = next(a for a in ("3fff::1", "2001:db8:dead:beef::1", "2002::1") if not routed(nets, a))
    assert not routed(nets, PORT_ADDRESS), "the port address is routed in this set: pick another kind"
    frames = []
    with open(expected, "w") as out:
        chosen = mode_kinds(mode, dst, unrouted)
        for i, (name, b, verdicts) in enumerate(chosen):
            for verdict in verdicts:
                out.write("%s %d %s\n" % (name, i + 1, verdict))
            frames.extend([Raw(b)] * (i + 1))
    wrpcap(out_pcap, frames, linktype=1)
    print("mixed_encap: %s, %d kinds, %d frames, routed destination %s, unrouted %s" %
          (mode, len(chosen), len(frames), dst, unrouted))


# Java DropReason / PuntReason / Action labels (fastpath counter summary) -> encap_ref's names.
JAVA_LABELS = {
    "truncated ethernet": "truncated-ethernet", "not ipv6": "not-ipv6", "truncated ipv6": "truncated-ipv6",
    "bad ip version": "bad-version", "bad payload length": "bad-payload-length",
    "bad extension header": "bad-extension-header", "multicast not forwarded": "multicast",
    "link-local not forwarded": "link-local", "bad source address": "bad-source", "no route": "no-route",
    "tunnel missing": "no-tunnel", "hop limit exceeded": "hop-limit-exceeded",
    "tunnel encapsulation limit exceeded": "encap-limit-exceeded", "packet too big for tunnel": "too-big",
    "no headroom for encapsulation": "no-headroom", "table record busy": "table-busy",
    "mobility header": "mobility-header", "neighbour discovery": "neighbour-discovery",
    "multicast listener discovery": "multicast-listener", "own address": "own-address",
    "encapsulated": "encapsulated", "tunnel packet from unknown peer": "decap-not-done",
}
# --mode forward / decap: the labels of what encap mode never does, and the decapsulation's own drops.
FORWARD_LABELS = dict(JAVA_LABELS, **{
    "forwarded": "forwarded", "decapsulated": "decapsulated", "next hop missing": "no-next-hop",
    "neighbour unresolved": "neighbour-unresolved", "fragmented tunnel packet": "decap-fragment",
    "tunnel packet from unknown peer": "decap-unknown-peer", "bad inner packet": "decap-bad-inner",
    "spoofed inner source": "decap-spoofed-source", "nested tunnel": "nested-tunnel"})


def tally(expected, c_log, java_err=None):
    want = {}
    with open(expected) as f:
        for line in f:
            _, count, verdict = line.split()
            want[verdict] = want.get(verdict, 0) + int(count)
    c = {}
    with open(c_log, errors="replace") as f:
        for line in f:
            m = re.match(r"RATE (?:drop|punt) ([a-z0-9-]+) (\d+)$", line.strip()) or \
                re.match(r"RATE full (encapsulated|forwarded|decapsulated) (\d+)$", line.strip())
            if m and int(m.group(2)):
                c[m.group(1)] = int(m.group(2))
    labels = FORWARD_LABELS if "forwarded" in want else JAVA_LABELS
    java = None
    if java_err:
        java = {}
        with open(java_err, errors="replace") as f:
            for line in f:
                # "w0 drop: no route      12", "w0 punt: own address     3", "w0 encapsulated     88"
                m = re.match(r"w\d+ (?:drop: |punt: )?(.+?)\s+(\d+)$", line.strip())
                if m and m.group(1) in labels and int(m.group(2)):
                    key = labels[m.group(1)]
                    java[key] = java.get(key, 0) + int(m.group(2))
    ok = True
    print("%-24s %8s %8s %8s" % ("verdict", "expected", "encap_ref", "java" if java is not None else ""))
    for v in sorted(set(want) | set(c) | set(java or {})):
        row = (want.get(v, 0), c.get(v, 0)) + ((java.get(v, 0),) if java is not None else ())
        same = len(set(row)) == 1
        known = v == "decap-not-done" and labels is JAVA_LABELS
        ok &= same or known
        print("%-24s %8d %8d %8s %s" % (v, row[0], row[1], row[2] if java is not None else "",
                                          "" if same else ("KNOWN DIFFERENCE" if known else "MISMATCH")))
    return 0 if ok else 1


def main(argv):
    if len(argv) >= 4 and argv[1] == "write":
        n = int(argv[argv.index("--prefixes") + 1]) if "--prefixes" in argv else 1000
        mode = argv[argv.index("--mode") + 1] if "--mode" in argv else "encap"
        if mode not in ("encap", "forward", "decap"):
            sys.exit("--mode: encap, forward or decap")
        write(argv[2], argv[3], argv[4], n, mode)
        return 0
    if len(argv) in (4, 5) and argv[1] == "tally":
        return tally(argv[2], argv[3], argv[4] if len(argv) == 5 else None)
    if len(argv) == 4 and argv[1] == "same-frames":
        line, same = compare(argv[2], argv[3])
        print("same-frames: %s, %s" % (line, "identical" if same else "DIFFERENT"))
        return 0 if same else 1
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
