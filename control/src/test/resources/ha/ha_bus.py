#!/usr/bin/python3
"""Builds the Binding Updates of HaScapyTest with Debian's scapy, as a mobile node away from home sends them: IPv6
from the care-of address, a Destination Options header with the Home Address option (scapy computes the MH
checksum over the home address, RFC 6275 section 6.1.1), MIP6MH_BU with MIP6OptMNID, MIP6OptAltCoA and
MIP6OptMsgAuth (RFC 4285 MN-HA, HMAC-SHA1 with python's hmac over care-of address | home address | MH up to and
including the SPI with the checksum zero, first 96 bits). Prints one JSON object per line: name, coa, hoa, hex
(the Mobility Header only)."""
import hashlib
import hmac
import json
import logging
import socket
import struct

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.layers.inet6 import HAO, IPv6, IPv6ExtHdrDestOpt, MIP6MH_BU, MIP6OptAltCoA, MIP6OptMNID, MIP6OptMsgAuth
from scapy.utils import inet_pton

HA = "2001:db8:10::1"
HOA1, HOA2, HOA3, STRANGER, OUTSIDE = ("2001:db8:10::100", "2001:db8:10::101", "2001:db8:10::102",
                                       "2001:db8:10::999", "2001:db8:99::100")
COA1, COA2 = "2001:db8:aa::1", "2001:db8:bb::1"
KEYS = {HOA1: (bytes.fromhex("00112233445566778899aabbccddeeff01234567"), 300),
        HOA2: (bytes.fromhex("0102030405060708090a0b0c0d0e0f1011121314"), 301),
        HOA3: (bytes.fromhex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3"), 302)}


def mh_of(pkt):
    raw = bytes(pkt)
    if raw[6] == 60:  # Destination Options header first
        return raw[40 + (raw[41] + 1) * 8:]
    return raw[40:]


def packet(coa, hoa, seq, flags, lifetime, options):
    bu = MIP6MH_BU(seq=seq, flags=flags, mhtime=lifetime, options=options)
    if coa == hoa:
        return IPv6(src=hoa, dst=HA) / bu
    return IPv6(src=coa, dst=HA) / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)]) / bu


def emit(name, coa, hoa, seq, options=(), flags="AH", lifetime=1000, key=None, spi=None):
    options = list(options)
    if key is None and hoa in KEYS:
        key, default_spi = KEYS[hoa]
        spi = default_spi if spi is None else spi
    if key is not False and key is not None:
        def build(auth):
            return packet(coa, hoa, seq, flags, lifetime, options + [MIP6OptMsgAuth(subtype=1, mspi=spi,
                                                                                     authdata=auth)])
        mh = bytearray(mh_of(build(b"\x00" * 12)))
        end = mh.index(bytes([9, 17, 1]) + struct.pack(">I", spi)) + 7
        mh[4:6] = b"\x00\x00"
        data = inet_pton(socket.AF_INET6, coa) + inet_pton(socket.AF_INET6, hoa) + bytes(mh[:end])
        pkt = build(hmac.new(key, data, hashlib.sha1).digest()[:12])
    else:
        pkt = packet(coa, hoa, seq, flags, lifetime, options)
    print(json.dumps({"name": name, "coa": coa, "hoa": hoa, "hex": mh_of(pkt).hex()}))


MN1 = MIP6OptMNID(subtype=1, id=b"mn1@example.com")

# Rejections in the order of RFC 6275 9.5.1 / 10.3.1 (HaScapyTest checks each status and that nothing changed).
emit("proxy-flag", COA1, HOA1, 1, [MN1], flags="AHP")
emit("h-clear", COA1, HOA1, 2, flags="A")
emit("wrong-key", COA1, HOA1, 3, key=b"\x55" * 20, spi=300)
emit("wrong-spi", COA1, HOA1, 4, spi=999)
emit("no-auth", COA1, HOA1, 5, key=False)
emit("outside-home-prefix", COA1, OUTSIDE, 6)
emit("unknown-mn", COA1, STRANGER, 7)
emit("nai-mismatch", COA1, HOA1, 8, [MIP6OptMNID(subtype=1, id=b"mn9@example.com")])
emit("disabled-mn", COA1, HOA3, 9)
emit("link-local-coa", COA1, HOA1, 10, [MIP6OptAltCoA(acoa="fe80::1")])
emit("dereg-without-binding", COA1, HOA1, 11, lifetime=0)

# Registration, refresh, sequence numbers, CoA change, de-registration.
emit("mn1-register", COA1, HOA1, 65535, [MN1])
emit("mn1-refresh-wrapped", COA1, HOA1, 0, [MN1])
emit("mn1-older", COA1, HOA1, 65535, [MN1])
emit("mn1-h-clear-with-binding", COA1, HOA1, 1, flags="A")
emit("mn1-move", COA2, HOA1, 2, [MN1])
emit("mn2-register-alt-coa", COA2, HOA2, 1, [MIP6OptAltCoA(acoa=COA2)])
emit("mn1-dereg", COA2, HOA1, 3, lifetime=0)
emit("mn2-dereg-at-home", HOA2, HOA2, 2)
