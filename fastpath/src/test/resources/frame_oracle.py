#!/usr/bin/python3
"""Independent oracle: decode Ethernet frames (one hex string per line) with scapy and print one
JSON object per frame with the IPv6 headers, extension options and ICMPv6 checksum verdict."""
import json
import sys

from scapy.all import Ether, IPv6, raw
from scapy.layers.inet6 import IPerror6, IPv6ExtHdrDestOpt, in6_chksum
from scapy.packet import NoPayload


def describe(frame):
    e = Ether(frame)
    out = {"dst_mac": e.dst, "src_mac": e.src, "type": e.type, "ipv6": [], "destopts": [], "icmp": None}
    layer = e.payload
    while layer is not None and not isinstance(layer, NoPayload):
        if type(layer) in (IPv6, IPerror6):
            out["ipv6"].append({"src": layer.src, "dst": layer.dst, "hlim": layer.hlim, "tc": layer.tc,
                                "fl": layer.fl, "plen": layer.plen, "nh": layer.nh})
            if type(layer) is IPv6 and layer.nh == 58 and not out["icmp"]:
                payload = bytearray(raw(layer.payload))[:layer.plen]
                stored = (payload[2] << 8) | payload[3]
                payload[2] = payload[3] = 0
                computed = in6_chksum(58, layer, bytes(payload))
                out["icmp"] = {"type": payload[0], "code": payload[1], "param": int.from_bytes(payload[4:8], "big"),
                               "checksum": stored, "expected": computed, "length": len(payload)}
        if isinstance(layer, IPv6ExtHdrDestOpt):
            out["destopts"].append([[o.otype, raw(o)[2:].hex()] for o in layer.options])
        layer = layer.payload
    return out


def flatten(d):
    flat = {"dst_mac": d["dst_mac"], "src_mac": d["src_mac"], "type": d["type"], "ipv6.count": len(d["ipv6"])}
    for i, ip in enumerate(d["ipv6"]):
        for k, v in ip.items():
            flat["ipv6.%d.%s" % (i, k)] = v
    for i, opts in enumerate(d["destopts"]):
        for j, (otype, data) in enumerate(opts):
            flat["destopt.%d.%d.type" % (i, j)] = otype
            flat["destopt.%d.%d.data" % (i, j)] = data
    if d["icmp"]:
        for k, v in d["icmp"].items():
            flat["icmp." + k] = v
    return flat


for line in sys.stdin:
    line = line.strip()
    if line:
        print(json.dumps(flatten(describe(bytes.fromhex(line)))))
