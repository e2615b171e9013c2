#!/usr/bin/python3
"""Checks an encapsulation output pcap with tshark as the oracle (used by `perf/rate --verify`).

usage: verify_encap.py OUTPUT.pcap INPUT.pcap EXPECTED.txt TUNNELS.txt

For every output frame: outer IPv6 from the tunnel that the longest-prefix match of the inner
destination gives (EXPECTED.txt, computed by gen_inputs.py), Ethernet rewritten for that tunnel,
next header 41, outer hop limit 64, outer payload length = inner packet length, traffic class
copied from the inner packet, flow label = gen_inputs.flow_label(inner src, inner dst, inner label, inner next header),
inner hop limit = input hop limit - 1, inner UDP checksum still correct (payload intact).
Also requires every destination of the input to appear at least once. Exit status 0 = all good.
"""

import ipaddress
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_inputs import flow_label  # noqa: E402  (the one definition of the hash)

FIELDS = ["eth.src", "eth.dst", "ipv6.src", "ipv6.dst", "ipv6.nxt", "ipv6.hlim", "ipv6.plen",
          "ipv6.tclass", "ipv6.flow", "udp.checksum.status"]


def tshark(pcap):
    """One list of field values per frame; repeated fields (outer, inner IPv6) split on ','."""
    cmd = ["tshark", "-r", pcap, "-n", "-o", "udp.check_checksum:TRUE", "-T", "fields",
           "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [dict(zip(FIELDS, (v.split(",") for v in line.split("\t")))) for line in out.splitlines()]


def addr(text):
    return int(ipaddress.IPv6Address(text))


def number(text):
    return int(text, 0)


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    out_pcap, in_pcap, expected_file, tunnels_file = sys.argv[1:]
    expected = {addr(d): int(t) for d, t in (line.split() for line in open(expected_file))}
    tunnels = {}
    for line in open(tunnels_file):
        if line.startswith("T"):
            tid, local, remote, lmac, rmac = line[1:].split()[:5]
            tunnels[int(tid)] = (addr(local), addr(remote), lmac, rmac)
    input_hlim = {addr(f["ipv6.dst"][0]): number(f["ipv6.hlim"][0]) for f in tshark(in_pcap)}

    errors, seen, frames = [], set(), tshark(out_pcap)
    for n, f in enumerate(frames, 1):
        def check(what, got, want):
            if got != want:
                errors.append("frame %d: %s is %s, expected %s" % (n, what, got, want))
        if len(f["ipv6.src"]) != 2:
            errors.append("frame %d: %d IPv6 headers, expected 2" % (n, len(f["ipv6.src"])))
            continue
        inner_src, inner_dst = addr(f["ipv6.src"][1]), addr(f["ipv6.dst"][1])
        seen.add(inner_dst)
        if inner_dst not in expected:
            errors.append("frame %d: inner destination %s is not one of the inputs" % (n, f["ipv6.dst"][1]))
            continue
        local, remote, lmac, rmac = tunnels[expected[inner_dst]]
        check("outer source", addr(f["ipv6.src"][0]), local)
        check("outer destination", addr(f["ipv6.dst"][0]), remote)
        check("Ethernet source", f["eth.src"][0], lmac)
        check("Ethernet destination", f["eth.dst"][0], rmac)
        check("outer next header", number(f["ipv6.nxt"][0]), 41)
        check("outer hop limit", number(f["ipv6.hlim"][0]), 64)
        check("outer payload length", number(f["ipv6.plen"][0]), number(f["ipv6.plen"][1]) + 40)
        check("outer traffic class", number(f["ipv6.tclass"][0]), number(f["ipv6.tclass"][1]))
        check("outer flow label", number(f["ipv6.flow"][0]),
              flow_label(inner_src, inner_dst, number(f["ipv6.flow"][1]), number(f["ipv6.nxt"][1])))
        check("inner hop limit", number(f["ipv6.hlim"][1]), input_hlim[inner_dst] - 1)
        check("inner UDP checksum status", f["udp.checksum.status"][0], "1")
    missing = set(input_hlim) - seen
    if not frames:
        errors.append("no output frames")
    elif missing:
        errors.append("%d input destinations never came out" % len(missing))
    for e in errors[:20]:
        print("verify_encap: " + e, file=sys.stderr)
    if errors:
        sys.exit("verify_encap: %d problems in %s" % (len(errors), out_pcap))
    print("verify_encap: %d frames OK, %d destinations" % (len(frames), len(seen)))


if __name__ == "__main__":
    main()
