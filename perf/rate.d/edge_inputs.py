#!/usr/bin/python3
"""Builds an rx pcap that exercises every drop reason of encap_ref / JavaEncapRef (and their trim path).

usage: edge_inputs.py FORWARD.pcap OUTPUT.pcap

From the first frames of perf/rate's forward.pcap (gen_inputs.py) it writes a cycle of 12 frames:
a good frame; EtherType IPv4 (not-ipv6); IP version 4 under the IPv6 EtherType (not-ipv6); a 40-octet
frame (truncated: shorter than Ethernet + IPv6); payload length 10 octets beyond the frame (truncated);
hop limit 1 and 0 (hop-limit); destination ff0e::1 (no-route: perf/rate's route sets have no prefix
shorter than /32 and none under ff00::/8); an inner packet of 1 461 octets (too-big: 1 461 + 40 >
the tunnels' MTU 1 500); 20 octets of Ethernet padding after a good packet (trimmed, then sent); hop
limit 2 (sent with 1); a good frame again. Frames that are sent must be byte-identical between the two
programs, and so must their RATE drop counters for the same --max-packets (same bursts).
"""

import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_inputs import read_pcap, write_pcap  # noqa: E402  (one pcap reader and writer)


def with_byte(frame, offset, value):
    return frame[:offset] + bytes([value]) + frame[offset + 1:]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src = read_pcap(sys.argv[1])
    if len(src) < 12:
        sys.exit("need at least 12 frames in " + sys.argv[1])
    f = src[:12]
    plen = struct.unpack("!H", f[4][18:20])[0]
    big_plen = 1461 - 40
    out = [
        f[0],
        f[1][:12] + b"\x08\x00" + f[1][14:],
        with_byte(f[2], 14, 0x40 | (f[2][14] & 0x0F)),
        f[3][:40],
        f[4][:18] + struct.pack("!H", plen + 10) + f[4][20:],
        with_byte(f[5], 21, 1),
        with_byte(f[6], 21, 0),
        f[7][:38] + bytes([0xFF, 0x0E]) + bytes(13) + b"\x01" + f[7][54:],
        f[8][:18] + struct.pack("!H", big_plen) + f[8][20:] + bytes(big_plen - (len(f[8]) - 54)),
        f[9] + bytes(range(20)),
        with_byte(f[10], 21, 2),
        f[11],
    ]
    write_pcap(sys.argv[2], out)


if __name__ == "__main__":
    main()
