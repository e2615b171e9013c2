#!/usr/bin/python3
"""Checks the pktgen-dpdk profiles of scripts/pktgen without pktgen (not installable here).

  check_profiles.py OUT_DIR

1. perf/rate.d/gen_inputs.py writes perf/rate's inputs into OUT_DIR/lab (1 k route set, tunnels,
   forward.pcap, decap.pcap): the files the profiles and dataplane-perf.properties refer to.
2. Every profile is compiled by luac5.4 -p and run by lua5.4 against pktgen_stub.lua, which records
   each pktgen.* call (and fails on a function pktgen does not have).
3. plain-seq.lua: the recorded sequence table must be IPv6/UDP, seq 0..n-1 with seq_cnt n; the
   frames pktgen builds from it (Ethernet / IPv6 / UDP, frame size = pktSize - 4 octets of FCS)
   are built with scapy into OUT_DIR/plain-seq.pcap; each destination must lie in a different
   prefix of routes-1000.txt (longest match), covering every prefix length of the address plan.
   replay.lua: must turn pcap mode on for its port.
4. tshark decodes plain-seq.pcap, forward.pcap and decap.pcap: no malformed frame, UDP checksums
   good, every destination (the inner one for decap.pcap) in a route-set prefix; decap.pcap's outer
   header goes from a tunnel's remote to the tunnel endpoint of tunnels.txt.

Prints one OK line per profile and pcap; exits 1 with the reason otherwise. PktgenProfilesTest
(fastpath) runs it, then forwards the three pcaps through the data plane's pipeline configured
from dataplane-perf.properties.
"""

import ipaddress
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PKTGEN_DIR = os.path.dirname(HERE)
ROOT = os.path.dirname(os.path.dirname(PKTGEN_DIR))
STUB = os.path.join(HERE, "pktgen_stub.lua")
PLAN_LENGTHS = {32, 40, 48, 56, 64, 128}


def fail(message):
    print("FAILED " + message)
    sys.exit(1)


def run(cmd):
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        fail("%s: exit %d: %s" % (" ".join(cmd), result.returncode, result.stderr.strip()))
    return result.stdout


def profile_calls(profile):
    """Runs a profile against the stub; returns [(name, [args])]."""
    run(["luac5.4", "-p", profile])
    out = run(["lua5.4", "-e", 'dofile("%s")' % STUB, profile])
    calls = []
    for line in out.splitlines():
        fields = line.split("\t")
        if fields[0] == "CALL":
            calls.append((fields[1], fields[2:]))
    return calls


def table_arg(text):
    if not (text.startswith("{") and text.endswith("}")):
        fail("expected a table argument, got " + text)
    return dict(item.split("=", 1) for item in text[1:-1].split(";") if item)


def load_routes(path):
    """{length: {prefix int: tunnel id}} from R lines."""
    routes = {}
    for line in open(path):
        if line.startswith("R"):
            prefix, _, tunnel = line[1:].split()
            net = ipaddress.IPv6Network(prefix)
            routes.setdefault(net.prefixlen, {})[int(net.network_address) >> (128 - net.prefixlen)] = int(tunnel)
    return routes


def longest_match(routes, address):
    value = int(ipaddress.IPv6Address(address))
    for length in sorted(routes, reverse=True):
        if (value >> (128 - length)) in routes[length]:
            return length, value >> (128 - length)
    return None


def mac(text):
    digits = text.replace(":", "")
    if len(digits) != 12:
        fail("bad MAC " + text)
    return ":".join(digits[i:i + 2] for i in range(0, 12, 2))


def check_plain_seq(out_dir, routes):
    from scapy.all import Ether, IPv6, UDP, Raw, wrpcap  # python3-scapy
    calls = profile_calls(os.path.join(PKTGEN_DIR, "plain-seq.lua"))
    entries = {}
    settings = {}
    for name, args in calls:
        if name == "seqTable":
            entries[int(args[0])] = (args[1], table_arg(args[2]))
        elif name == "set":
            settings[(args[0], args[1])] = args[2]
    n = len(entries)
    if n == 0 or n > 16 or sorted(entries) != list(range(n)):
        fail("plain-seq: sequence numbers %s (pktgen sends seq 0..seq_cnt-1, at most 16)" % sorted(entries))
    ports = {port for port, _ in entries.values()}
    if len(ports) != 1:
        fail("plain-seq: entries on several ports %s" % ports)
    port = ports.pop()
    if settings.get((port, "seq_cnt")) != str(n):
        fail("plain-seq: seq_cnt %s for %d entries" % (settings.get((port, "seq_cnt")), n))
    frames, matched = [], set()
    for seq in range(n):
        e = entries[seq][1]
        if e["ethType"] != "ipv6" or e["ipProto"] != "udp":
            fail("plain-seq: seq %d is %s/%s, not ipv6/udp" % (seq, e["ethType"], e["ipProto"]))
        size = int(e["pktSize"])
        if not 64 <= size <= 1518:
            fail("plain-seq: seq %d pktSize %d outside 64..1518" % (seq, size))
        src = e["ip_src_addr"].split("/")[0]
        frame = Ether(dst=mac(e["eth_dst_addr"]), src=mac(e["eth_src_addr"])) / \
            IPv6(src=src, dst=e["ip_dst_addr"], hlim=64) / UDP(sport=int(e["sport"]), dport=int(e["dport"]))
        frame = frame / Raw(bytes(size - 4 - len(frame)))
        frames.append(frame)
        hit = longest_match(routes, e["ip_dst_addr"])
        if hit is None:
            fail("plain-seq: destination %s is in no prefix of routes-1000.txt" % e["ip_dst_addr"])
        matched.add(hit)
    if len(matched) != n:
        fail("plain-seq: %d destinations share prefixes (%d distinct)" % (n, len(matched)))
    lengths = {length for length, _ in matched}
    if lengths != PLAN_LENGTHS:
        fail("plain-seq: prefix lengths %s, the address plan has %s" % (sorted(lengths), sorted(PLAN_LENGTHS)))
    path = os.path.join(out_dir, "plain-seq.pcap")
    wrpcap(path, frames)
    print("OK plain-seq.lua: %d IPv6/UDP flows on port %s, %d distinct route-set prefixes (/%s)"
          % (n, port, len(matched), ", /".join(str(x) for x in sorted(lengths))))
    return path


def check_replay():
    calls = profile_calls(os.path.join(PKTGEN_DIR, "replay.lua"))
    pcap_on = [args for name, args in calls if name == "pcap" and args[1] == "on"]
    if not pcap_on:
        fail("replay.lua: pcap mode never turned on")
    rates = [int(args[2]) for name, args in calls if name == "set" and args[1] == "rate"]
    if not rates or not all(1 <= r <= 100 for r in rates):
        fail("replay.lua: rate %s not a percentage" % rates)
    print("OK replay.lua: pcap mode on port %s at %d%% rate" % (pcap_on[0][0], rates[-1]))


def tshark_rows(path):
    # UDP payloads decoded as data: a port-based dissector (TAPA on 5000...) would misread the
    # harness's byte pattern and call it malformed.
    out = run(["tshark", "-r", path, "-d", "udp.port==1-65535,data", "-o", "udp.check_checksum:TRUE", "-T", "fields",
               "-e", "frame.number", "-e", "ipv6.src", "-e", "ipv6.dst", "-e", "udp.checksum.status",
               "-e", "_ws.malformed", "-E", "occurrence=a", "-E", "aggregator=,"])
    rows = [line.split("\t") for line in out.splitlines() if line.strip()]
    for row in rows:
        if len(row) < 5 or row[4]:
            fail("%s: frame %s malformed" % (path, row[0]))
        if row[3] != "1":
            fail("%s: frame %s UDP checksum status %s (1 = good)" % (path, row[0], row[3]))
    if not rows:
        fail(path + ": no frames")
    return rows


def check_pcap(path, routes, tunnels=None):
    rows = tshark_rows(path)
    prefixes = set()
    for row in rows:
        sources, destinations = row[1].split(","), row[2].split(",")
        if tunnels is None:
            if len(destinations) != 1:
                fail("%s: frame %s has %d IPv6 headers, expected 1" % (path, row[0], len(destinations)))
        else:
            endpoint, remotes = tunnels
            if len(destinations) != 2:
                fail("%s: frame %s has %d IPv6 headers, expected 2" % (path, row[0], len(destinations)))
            if ipaddress.IPv6Address(destinations[0]) != endpoint or ipaddress.IPv6Address(sources[0]) not in remotes:
                fail("%s: frame %s outer %s -> %s is not peer -> endpoint" % (path, row[0], sources[0], destinations[0]))
        hit = longest_match(routes, destinations[-1])
        if hit is None:
            fail("%s: frame %s destination %s is in no route-set prefix" % (path, row[0], destinations[-1]))
        prefixes.add(hit)
    print("OK %s: %d frames, tshark: no malformed frame, UDP checksums good, %d distinct route-set prefixes hit%s"
          % (os.path.basename(path), len(rows), len(prefixes), "" if tunnels is None else
             ", outer header tunnel peer -> endpoint"))


def load_tunnels(path):
    endpoints, remotes = set(), set()
    for line in open(path):
        if line.startswith("T"):
            fields = line.split()
            endpoints.add(ipaddress.IPv6Address(fields[1]))
            remotes.add(ipaddress.IPv6Address(fields[2]))
    if len(endpoints) != 1:
        fail("tunnels.txt: %d endpoints, expected 1" % len(endpoints))
    return endpoints.pop(), remotes


def main():
    if len(sys.argv) != 2:
        fail("usage: check_profiles.py OUT_DIR")
    missing = [tool for tool in ("lua5.4", "luac5.4", "tshark") if shutil.which(tool) is None]
    if missing:
        fail("%s not installed (Debian packages lua5.4, tshark: scripts/lib/env.sh TEST_PACKAGES)" % ", ".join(missing))
    out_dir = sys.argv[1]
    lab = os.path.join(out_dir, "lab")
    run(["/usr/bin/python3", os.path.join(ROOT, "perf", "rate.d", "gen_inputs.py"), lab, "--prefixes", "1000"])
    routes = load_routes(os.path.join(lab, "routes-1000.txt"))
    check_pcap(check_plain_seq(out_dir, routes), routes)
    check_replay()
    check_pcap(os.path.join(lab, "forward.pcap"), routes)
    check_pcap(os.path.join(lab, "decap.pcap"), routes, load_tunnels(os.path.join(lab, "tunnels.txt")))


if __name__ == "__main__":
    main()
