#!/usr/bin/python3
"""Builds Mobility Header messages with Debian's scapy (scapy.layers.inet6 MIP6 classes, raw TLVs for the
PMIPv6 / DMM options scapy lacks) and prints one JSON object per line: name, src, dst and the MH octets in hex
(the IPv6 payload, checksum computed by scapy). Read by ScapyInteropTest."""
import json
import logging
import struct

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.layers.inet6 import (IPv6, MIP6MH_BA, MIP6MH_BE, MIP6MH_BRR, MIP6MH_BU, MIP6MH_CoT, MIP6MH_CoTI,
                                MIP6MH_HoT, MIP6MH_HoTI, MIP6OptAltCoA, MIP6OptBRAdvice, MIP6OptBindingAuthData,
                                MIP6OptCGAParams, MIP6OptCGAParamsReq, MIP6OptCareOfTest, MIP6OptCareOfTestInit,
                                MIP6OptHomeKeygenToken, MIP6OptMNID, MIP6OptMobNetPrefix, MIP6OptMsgAuth,
                                MIP6OptNonceIndices, MIP6OptReplayProtection, MIP6OptSignature, MIP6OptUnknown)
from scapy.utils import inet_pton
import socket

MAG, LMA, MN = "2001:db8:1::1", "2001:db8:2::1", "2001:db8:3::3"


def raw(otype, data):
    return MIP6OptUnknown(otype=otype, olen=len(data), odata=data)


def prefix_tlv(otype, plen, prefix):
    return raw(otype, bytes([0, plen]) + inet_pton(socket.AF_INET6, prefix))


def emit(name, src, dst, mh):
    pkt = IPv6(src=src, dst=dst) / mh
    print(json.dumps({"name": name, "src": src, "dst": dst, "hex": bytes(pkt)[40:].hex()}))


# PBU: scapy BU with P set, PMIPv6 options as raw TLVs (HNP ::/0 at 12, then MN-ID, Timestamp, HI, ATT).
emit("pbu", MAG, LMA, MIP6MH_BU(seq=1, flags="AHP", mhtime=900, options=[
    prefix_tlv(22, 0, "::"),
    MIP6OptMNID(subtype=1, id=b"mn1@example.com"),
    raw(27, struct.pack(">Q", (1704067200 << 16) | 0x8000)),
    raw(23, b"\x00\x01"),
    raw(24, b"\x00\x04")]))
# PBA with two HNPs.
emit("pba", LMA, MAG, MIP6MH_BA(status=0, flags="P", seq=1, mhtime=900, options=[
    prefix_tlv(22, 64, "2001:db8:100:1::"),
    prefix_tlv(22, 64, "2001:db8:100:2::"),
    MIP6OptMNID(subtype=1, id=b"mn1@example.com"),
    raw(23, b"\x00\x01"),
    raw(24, b"\x00\x04")]))
# MIPv6 BU to a CN with the RFC 6275 / 4285 / 4866 options scapy has; BAD last with its correct Length 12.
emit("mipv6-bu", MN, LMA, MIP6MH_BU(seq=9, flags="AK", mhtime=60, options=[
    MIP6OptNonceIndices(hni=0x1111, coni=0x2222, olen=4),
    MIP6OptAltCoA(acoa="2001:db8:3::3"),
    MIP6OptMobNetPrefix(plen=48, prefix="2001:db8:200::"),
    MIP6OptMsgAuth(subtype=1, mspi=0x1000, authdata=b"\x01" * 12),
    MIP6OptReplayProtection(timestamp=0x0102030405060708),
    MIP6OptCGAParamsReq(),
    MIP6OptCGAParams(cgaparams=b"\xab" * 40),
    MIP6OptSignature(sig=b"\x5a" * 64),
    MIP6OptCareOfTestInit(),
    MIP6OptBindingAuthData(olen=12, authenticator=int.from_bytes(b"\x0c" * 12, "big"))]))
emit("mipv6-ba", LMA, MN, MIP6MH_BA(status=0, flags="K", seq=9, mhtime=60, options=[
    MIP6OptBRAdvice(rinter=10),
    MIP6OptHomeKeygenToken(hkt=b"\x33" * 64),
    MIP6OptCareOfTest(cokt=b"\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11")]))
emit("ba-rejected", LMA, MAG, MIP6MH_BA(status=160, flags="P", seq=5, mhtime=0))
emit("brr", LMA, MN, MIP6MH_BRR())
emit("hoti", MN, LMA, MIP6MH_HoTI(cookie=b"\x11\x22\x33\x44\x55\x66\x77\x88"))
emit("coti", MN, LMA, MIP6MH_CoTI(cookie=b"\x01\x02\x03\x04\x05\x06\x07\x08"))
emit("hot", LMA, MN, MIP6MH_HoT(index=5, cookie=b"\x11\x22\x33\x44\x55\x66\x77\x88",
                                token=b"\x99\xaa\xbb\xcc\xdd\xee\xff\x00"))
emit("cot", LMA, MN, MIP6MH_CoT(index=6, cookie=b"\x01\x02\x03\x04\x05\x06\x07\x08",
                                token=b"\x10\x20\x30\x40\x50\x60\x70\x80"))
emit("be", LMA, MN, MIP6MH_BE(status=2, ha="2001:db8:100:1::1"))
# DMM PBA (D = 0x02 in the flags octet; scapy's flags field covers only K, R, P, so D goes in its 'res2' bits),
# Anchored Prefix and two Previous MAAR options in the RFC 8885 layout.
pba = MIP6MH_BA(status=0, flags="P", seq=3, mhtime=900, options=[
    MIP6OptMNID(subtype=1, id=b"mn1@example.com"),
    prefix_tlv(65, 64, "2001:db8:a::"),
    raw(67, bytes([0, 64]) + inet_pton(socket.AF_INET6, "2001:db8:a::1") +
        inet_pton(socket.AF_INET6, "2001:db8:100:1::")),
    raw(67, bytes([0, 64]) + inet_pton(socket.AF_INET6, "2001:db8:b::1") +
        inet_pton(socket.AF_INET6, "2001:db8:100:2::"))])
pba.res2 = 0x2  # scapy's BA 'res2' holds the 5 low bits of the flags octet: 0x02 there is the IANA D flag
emit("dmm-pba", LMA, MAG, pba)
