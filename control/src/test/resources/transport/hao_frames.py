#!/usr/bin/python3
"""DataPlaneTransportHomeAddressTest's oracle (Debian's scapy).

build: prints the punted frames as a mobile node sends them, one JSON object per line (name, hex of the Ethernet
frame): a BU from the care-of address with a Destination Options header holding the Home Address option (scapy
pads it to 8n+6 and computes the MH checksum over the home address, RFC 6275 section 6.1.1), and the same BU from
home without the option.
check HEX: dissects an injected frame and prints one JSON object: the Routing header's type, segments left and
address, the IPv6 destination, the BA's status / sequence / lifetime, its checksum as stored and as scapy
recomputes it (scapy's in6_chksum takes the final destination from the Routing header)."""
import json
import logging
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.layers.inet6 import HAO, IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, MIP6MH_BA, MIP6MH_BU
from scapy.layers.l2 import Dot1Q, Ether

HA = "2001:db8:10::1"
HOA = "2001:db8:10::100"
COA = "2001:db8:aa::1"
MN_MAC = "02:00:00:00:00:a1"
HA_MAC = "02:00:00:00:00:11"


def build():
    bu = MIP6MH_BU(seq=7, flags="AH", mhtime=1000)
    frames = {
        "bu-hao": Ether(src=MN_MAC, dst=HA_MAC) / IPv6(src=COA, dst=HA) /
                  IPv6ExtHdrDestOpt(options=[HAO(hoa=HOA)]) / bu,
        "bu-hao-vlan": Ether(src=MN_MAC, dst=HA_MAC) / Dot1Q(vlan=10) / IPv6(src=COA, dst=HA) /
                       IPv6ExtHdrDestOpt(options=[HAO(hoa=HOA)]) / bu,
        "bu-home": Ether(src=MN_MAC, dst=HA_MAC) / IPv6(src=HOA, dst=HA) / bu,
    }
    for name, frame in frames.items():
        print(json.dumps({"name": name, "hex": bytes(frame).hex()}))


def check(hex_frame):
    frame = Ether(bytes.fromhex(hex_frame))
    rh = frame[IPv6ExtHdrRouting]
    ba = frame[MIP6MH_BA]
    stored = ba.cksum
    del ba.cksum
    recomputed = Ether(bytes(frame))[MIP6MH_BA].cksum
    print(json.dumps({"rhType": rh.type, "segleft": rh.segleft, "rhAddresses": list(rh.addresses),
                      "dst": frame[IPv6].dst, "src": frame[IPv6].src, "status": ba.status, "seq": ba.seq,
                      "lifetime": ba.mhtime, "stored": stored, "recomputed": recomputed}))


if __name__ == "__main__":
    if sys.argv[1] == "build":
        build()
    else:
        check(sys.argv[2])
