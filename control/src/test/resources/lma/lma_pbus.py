#!/usr/bin/python3
"""Builds the Proxy Binding Updates of LmaScapyTest with Debian's scapy (MIP6MH_BU, MIP6OptMNID, raw TLVs for
the RFC 5213 options scapy lacks). argv[1] = the LMA test clock in ms since 1970; each PBU's Timestamp option is
that plus its own offset. Prints one JSON object per line: name, src, dst, MH hex (scapy computes the checksum)."""
import json
import logging
import socket
import struct
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
import hashlib
import hmac

from scapy.layers.inet6 import IPv6, MIP6MH_BU, MIP6OptMNID, MIP6OptMsgAuth, MIP6OptUnknown
from scapy.utils import inet_pton

T0 = int(sys.argv[1])
MAG1, MAG2, ROGUE, LMA = "2001:db8:1::1", "2001:db8:1::2", "2001:db8:1::99", "2001:db8:2::1"


def raw(otype, data):
    return MIP6OptUnknown(otype=otype, olen=len(data), odata=data)


def hnp(prefix="::", plen=0):
    return raw(22, bytes([0, plen]) + inet_pton(socket.AF_INET6, prefix))


def ts(offset_ms):
    ms = T0 + offset_ms
    return raw(27, struct.pack(">Q", ((ms // 1000) << 16) | (((ms % 1000) << 16) // 1000)))


def hi(v):
    return raw(23, bytes([0, v]))


def att(v=4):
    return raw(24, bytes([0, v]))


def mnll(mac):
    return raw(25, b"\x00\x00" + mac)


def mnid(nai):
    return MIP6OptMNID(subtype=1, id=nai)


def emit(name, src, seq, options, flags="AHP", lifetime=900):
    pkt = IPv6(src=src, dst=LMA) / MIP6MH_BU(seq=seq, flags=flags, mhtime=lifetime, options=options)
    print(json.dumps({"name": name, "src": src, "dst": LMA, "hex": bytes(pkt)[40:].hex()}))


MN1, MN2, MN3 = b"mn1@example.com", b"mn2@example.com", b"mn3@example.com"
P0, P1, P2 = "2001:db8:100::", "2001:db8:100:1::", "2001:db8:100:2::"

# Rejections, one per check of wire-formats 4.3.
emit("p-flag-clear", MAG1, 1, [hnp(), mnid(MN1), ts(0), hi(1), att()], flags="AH")
emit("no-mnid", MAG1, 2, [hnp(), ts(0), hi(1), att()])
emit("foreign-mn", MAG1, 3, [hnp(), mnid(b"mn9@other.org"), ts(0), hi(1), att()])
emit("rogue-mag", ROGUE, 4, [hnp(), mnid(MN1), ts(0), hi(1), att()])
emit("ts-out-of-window", MAG1, 5, [hnp(), mnid(MN1), ts(-1000), hi(1), att()])
emit("no-timestamp", MAG1, 6, [hnp(), mnid(MN1), hi(1), att()])
emit("no-hnp", MAG1, 7, [mnid(MN1), ts(0), hi(1), att()])
emit("no-hi", MAG1, 8, [hnp(), mnid(MN1), ts(0), att()])
emit("no-att", MAG1, 9, [hnp(), mnid(MN1), ts(0), hi(1)])
emit("no-hnp-rogue-mag", ROGUE, 10, [mnid(MN1), ts(0), hi(1), att()])
emit("foreign-prefix", MAG1, 11, [hnp("2001:db8:999:1::", 64), mnid(MN1), ts(0), hi(5), att()])
emit("ipv4-hoa", MAG1, 12, [hnp(), mnid(MN1), ts(0), hi(1), att(), raw(36, b"\x00\x00\x00\x00\x00\x00")])

# Sessions: mn1 gets P0, mn2 P1 (the pool is next-fit from its first /64), mn3 two prefixes P2 and P3.
emit("mn1-attach", MAG1, 20, [hnp(), mnid(MN1), ts(0), hi(1), att(), mnll(b"\x02\x00\x00\x00\x00\x01")])
# mn1's attach again, its PBA lost: renumbered with a fresh timestamp (wire-formats 4.4, what our MAG sends), then
# the first copy itself arriving late (its number and timestamp), and another interface (new MN-LL-ID).
emit("mn1-attach-retx", MAG1, 26, [hnp(), mnid(MN1), ts(250), hi(1), att(), mnll(b"\x02\x00\x00\x00\x00\x01")])
emit("mn1-attach-late-copy", MAG1, 20,
     [hnp(), mnid(MN1), ts(0), hi(1), att(), mnll(b"\x02\x00\x00\x00\x00\x01")])
emit("mn1-attach-new-interface", MAG1, 27,
     [hnp(), mnid(MN1), ts(280), hi(1), att(), mnll(b"\x02\x00\x00\x00\x00\x02")])
emit("mn1-older-ts", MAG1, 21, [hnp(P0, 64), mnid(MN1), ts(-100), hi(5), att()])
emit("mn1-refresh", MAG1, 22, [hnp(P0, 64), mnid(MN1), ts(200), hi(5), att()], lifetime=2000)
emit("mn2-prefix-of-mn1", MAG1, 23, [hnp(P0, 64), mnid(MN2), ts(200), hi(5), att()])
emit("mn3-attach-two", MAG1, 24, [hnp(), hnp(), mnid(MN3), ts(300), hi(1), att()])
emit("mn3-one-of-two", MAG1, 25, [hnp("2001:db8:100:1::", 64), mnid(MN3), ts(400), hi(5), att()])

# Handoff of mn1 to MAG2 by HI = 3 (same interface, MN-LL-ID matches), then a late de-registration from MAG1
# that is newer in time but comes from the MAG the MN left: it must not touch the BCE.
emit("mn1-handoff-mag2", MAG2, 30, [hnp(), mnid(MN1), ts(1000), hi(3), att(), mnll(b"\x02\x00\x00\x00\x00\x01")])
emit("mn1-stale-dereg-mag1", MAG1, 31, [hnp(P0, 64), mnid(MN1), ts(1100), hi(5), att()], lifetime=0)
emit("mn1-dereg-mag2", MAG2, 32, [hnp(P0, 64), mnid(MN1), ts(1200), hi(5), att()], lifetime=0)
emit("mn1-back-mag1", MAG1, 33, [hnp(), mnid(MN1), ts(6000), hi(2), att()])

# HI = 4 race: mn2 attached at MAG1, MAG2 reports it with HI = 4; the de-registration arrives in the window.
emit("mn2-attach", MAG1, 40, [hnp(), mnid(MN2), ts(0), hi(1), att()])
emit("mn2-hi4-mag2", MAG2, 41, [hnp(), mnid(MN2), ts(100), hi(4), att()])
emit("mn2-dereg-mag1", MAG1, 42, [hnp(P0, 64), mnid(MN2), ts(500), hi(5), att()], lifetime=0)
# HI = 4 without a de-registration: after MaxDelayBeforeNewBCEAssign a second session with a new prefix.
emit("mn3-attach", MAG1, 50, [hnp(), mnid(MN3), ts(0), hi(1), att()])
emit("mn3-hi4-mag2", MAG2, 51, [hnp(), mnid(MN3), ts(100), hi(4), att()])

# Sequence-number mode (a second LMA with timestamp-mode=false).
emit("seq-attach", MAG1, 100, [hnp(), mnid(MN1), hi(1), att()])
emit("seq-older", MAG1, 99, [hnp(P0, 64), mnid(MN1), hi(5), att()])
emit("seq-wrapped", MAG1, 100 + 40000, [hnp(P0, 64), mnid(MN1), hi(5), att()])
emit("seq-newer", MAG1, 101, [hnp(P0, 64), mnid(MN1), hi(5), att()])

# RFC 4285 MN-HA authentication from MAG2 (keyed in the test): HMAC-SHA1 over Proxy-CoA | LMA address | MH up to
# and including the SPI with the checksum zero, first 96 bits.
KEY = bytes.fromhex("00112233445566778899aabbccddeeff01234567")


def authed(name, src, seq, options, key=KEY, spi=300):
    def pbu(auth):
        return IPv6(src=src, dst=LMA) / MIP6MH_BU(seq=seq, flags="AHP", mhtime=900, options=options + [
            MIP6OptMsgAuth(subtype=1, mspi=spi, authdata=auth)])
    mh = bytearray(bytes(pbu(b"\x00" * 12))[40:])
    end = mh.index(bytes([9, 17, 1]) + struct.pack(">I", spi)) + 7
    mh[4:6] = b"\x00\x00"
    data = inet_pton(socket.AF_INET6, src) + inet_pton(socket.AF_INET6, LMA) + bytes(mh[:end])
    auth = hmac.new(key, data, hashlib.sha1).digest()[:12]
    print(json.dumps({"name": name, "src": src, "dst": LMA, "hex": bytes(pbu(auth))[40:].hex()}))


authed("auth-ok", MAG2, 60, [hnp(), mnid(MN1), ts(0), hi(1), att()])
authed("auth-wrong-key", MAG2, 61, [hnp(), mnid(MN1), ts(0), hi(1), att()], key=b"\x55" * 20)
authed("auth-wrong-spi", MAG2, 62, [hnp(), mnid(MN1), ts(0), hi(1), att()], spi=301)
emit("auth-missing", MAG2, 63, [hnp(), mnid(MN1), ts(0), hi(1), att()])
