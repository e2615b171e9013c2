#!/usr/bin/python3
"""A scripted MAG for the control process's system tests: Proxy Binding Updates built with Debian's scapy
(MIP6MH_BU, MIP6OptMNID, raw TLVs for HNP / HI / ATT / Timestamp), sent, and the PBAs read back.

Two ways to reach the LMA:
  --raw IFACE            an IPv6 raw socket for protocol 135 (the kernel computes the MH checksum); PBAs read from
                         it; every frame with next header 135 on IFACE is also captured (AF_PACKET) for --pcap.
  --send IF --recv IF    Ethernet frames (checksum computed here) written into IF (the data plane's access side)
                         and PBAs captured on the other IF (the data plane's core side), as a MAG behind it sees them.
MN i has MN-ID "mn<i, 6 digits>@example.com". --refresh FILE sends, instead of ALL_ZERO / HI=1 attachments,
refreshes (HI=5) of the prefixes listed ("index prefix" lines). At most --window PBUs are outstanding; a PBU
without an answer after --retry seconds, or answered 156 (timestamp outside the window), is sent again (same
sequence number, fresh timestamp), up to 3 times.
Prints one JSON line: sent, answered, statuses (status -> count), first (fields of the first PBA), and writes the
answered prefixes to --prefixes-out ("index prefix" lines) and the captured frames to --pcap.
"""
import argparse
import collections
import json
import logging
import select
import socket
import struct
import time

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.layers.inet6 import IPv6, MIP6MH_BU, MIP6OptMNID, MIP6OptUnknown  # noqa: E402

ETH_P_ALL = 0x0003
MARK_TS = b"\x7e" * 8


def tlv(otype, data):
    return MIP6OptUnknown(otype=otype, olen=len(data), odata=data)


def nai(i):
    return b"mn%06d@example.com" % i


def template(src, dst, prefix, lifetime):
    """A PBU for MN 0 with a timestamp marker; the caller patches sequence, MN-ID and timestamp."""
    hnp = tlv(22, bytes([0, 64 if prefix else 0]) + socket.inet_pton(socket.AF_INET6, prefix or "::"))
    options = [hnp, MIP6OptMNID(subtype=1, id=nai(0)), tlv(27, MARK_TS), tlv(23, bytes([0, 5 if prefix else 1])),
               tlv(24, bytes([0, 4]))]
    pkt = IPv6(src=src, dst=dst) / MIP6MH_BU(seq=0, flags="AHP", mhtime=lifetime, options=options)
    mh = bytearray(bytes(pkt)[40:])
    mh[4:6] = b"\x00\x00"
    return mh


MARK_PREFIX = "7e7e:7e7e:7e7e:7e7e::"


def pbu(src, dst, i, seq, prefix, lifetime):
    if prefix:
        mh = REFRESH_TEMPLATE[:]
        at = mh.find(socket.inet_pton(socket.AF_INET6, MARK_PREFIX))
        mh[at:at + 16] = socket.inet_pton(socket.AF_INET6, prefix)
    else:
        mh = TEMPLATE[:]
    mh[6:8] = struct.pack("!H", seq & 0xFFFF)
    at = mh.find(nai(0))
    mh[at:at + len(nai(i))] = nai(i)
    ms = int(time.time() * 1000)
    at = mh.find(MARK_TS)
    mh[at:at + 8] = struct.pack("!Q", ((ms // 1000) << 16) | (((ms % 1000) << 16) // 1000))
    return mh


def checksum(src, dst, mh):
    data = socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, dst) + \
        struct.pack("!I", len(mh)) + b"\x00\x00\x00\x87" + bytes(mh)
    if len(data) % 2:
        data += b"\x00"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def mac_bytes(text):
    return bytes(int(p, 16) for p in text.split(":"))


def parse_pba(mh):
    """(sequence, status, lifetime units, mn index, hnp text) of a PBA, or None."""
    if len(mh) < 12 or mh[2] != 6:
        return None
    status, seq, lifetime = mh[6], struct.unpack("!H", mh[8:10])[0], struct.unpack("!H", mh[10:12])[0]
    index, prefix, at = None, None, 12
    while at < len(mh):
        t = mh[at]
        if t == 0:
            at += 1
            continue
        if at + 2 > len(mh):
            break
        length = mh[at + 1]
        body = bytes(mh[at + 2:at + 2 + length])
        if t == 22 and length == 18:
            prefix = socket.inet_ntop(socket.AF_INET6, body[2:18])
        if t == 8 and body[1:3] == b"mn":
            index = int(body[3:9])
        at += 2 + length
    return seq, status, lifetime, index, prefix


def ipv6_mh(frame):
    """(src, dst, mh) of an Ethernet frame carrying an MH right after the IPv6 header, or None."""
    if len(frame) < 62 or frame[12:14] != b"\x86\xdd" or frame[20] != 135:
        return None
    return (socket.inet_ntop(socket.AF_INET6, frame[22:38]), socket.inet_ntop(socket.AF_INET6, frame[38:54]),
            frame[54:54 + struct.unpack("!H", frame[18:20])[0]])


def pending_datagrams(sock):
    """Every datagram the non-blocking socket holds now."""
    out = []
    while True:
        try:
            out.append(sock.recvfrom(65535)[0])
        except BlockingIOError:
            return out


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for t, frame in frames:
            f.write(struct.pack("<IIII", int(t), int((t % 1) * 1e6), len(frame), len(frame)))
            f.write(frame)


def main():
    global TEMPLATE, REFRESH_TEMPLATE
    p = argparse.ArgumentParser()
    p.add_argument("--src", required=True)
    p.add_argument("--lma", required=True)
    p.add_argument("--raw")
    p.add_argument("--send")
    p.add_argument("--recv")
    p.add_argument("--src-mac", default="02:00:00:00:00:a1")
    p.add_argument("--dst-mac", default="02:00:00:00:00:10")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--first", type=int, default=0)
    p.add_argument("--seq", type=int, default=1)
    p.add_argument("--lifetime", type=int, default=900)
    p.add_argument("--refresh")
    p.add_argument("--window", type=int, default=64)
    p.add_argument("--retry", type=float, default=1.0)
    p.add_argument("--deadline", type=float, default=60.0)
    p.add_argument("--pcap")
    p.add_argument("--prefixes-out")
    a = p.parse_args()
    TEMPLATE = template(a.src, a.lma, None, a.lifetime)
    REFRESH_TEMPLATE = template(a.src, a.lma, MARK_PREFIX, a.lifetime)
    refresh = {}
    if a.refresh:
        for line in open(a.refresh):
            index, prefix = line.split()
            refresh[int(index)] = prefix

    capture = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    capture.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    if not a.raw:
        capture.setsockopt(263, 23, 1)  # SOL_PACKET, PACKET_IGNORE_OUTGOING: only what the data plane sends
    capture.bind((a.raw or a.recv, 0))
    capture.setblocking(False)
    if a.raw:
        l3 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, 135)
        l3.bind((a.src, 0))
        l3.setblocking(False)
        sockets = [capture, l3]
    else:
        tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        tx.bind((a.send, 0))
        sockets = [capture]

    indexes = list(range(a.first, a.first + a.count))
    seq_of = {i: (a.seq + k) & 0xFFFF for k, i in enumerate(indexes)}
    index_of_seq = {}
    pending = collections.OrderedDict()  # index -> (sent at, tries)
    answers, statuses, frames, first = {}, collections.Counter(), [], None
    waiting = collections.deque(indexes)
    end = time.monotonic() + a.deadline

    def send(i):
        mh = pbu(a.src, a.lma, i, seq_of[i], refresh.get(i), a.lifetime)
        index_of_seq[seq_of[i]] = i
        if a.raw:
            l3.sendto(bytes(mh), (a.lma, 0))
        else:
            mh[4:6] = struct.pack("!H", checksum(a.src, a.lma, mh))
            header = struct.pack("!IHBB", 6 << 28, len(mh), 135, 64) + socket.inet_pton(socket.AF_INET6, a.src) + \
                socket.inet_pton(socket.AF_INET6, a.lma)
            tx.send(mac_bytes(a.dst_mac) + mac_bytes(a.src_mac) + b"\x86\xdd" + header + bytes(mh))
        sent_at, tries = pending.get(i, (0, 0))
        pending[i] = (time.monotonic(), tries + 1)

    def answer(mh):
        nonlocal first
        pba = parse_pba(mh)
        if pba is None:
            return
        seq, status, lifetime, index, prefix = pba
        i = index if index is not None else index_of_seq.get(seq)
        if i is None or i not in pending:
            return
        if status == 156 and pending[i][1] < 4:
            # Timestamp outside the LMA's window (this PBU waited too long in a loaded queue): send it again with a
            # fresh timestamp at the next turn, as a MAG does on 156 (wire-formats 4.4).
            pending[i] = (0.0, pending[i][1])
            return
        del pending[i]
        answers[i] = prefix
        statuses[status] += 1
        if first is None:
            first = {"seq": seq, "status": status, "lifetime_units": lifetime, "mn": i, "hnp": prefix}

    sent = 0
    while (waiting or pending) and time.monotonic() < end:
        while waiting and len(pending) < a.window:
            send(waiting.popleft())
            sent += 1
        now = time.monotonic()
        for i, (at, tries) in list(pending.items()):
            if (at == 0.0 or now - at > a.retry) and tries < 4:
                send(i)
        ready, _, _ = select.select(sockets, [], [], 0.02)
        for s in ready:
            for data in pending_datagrams(s):
                if s is capture:
                    if ipv6_mh(data) is not None:
                        if a.pcap:
                            frames.append((time.time(), data))
                        if not a.raw:
                            answer(ipv6_mh(data)[2])
                else:
                    answer(data)
    if a.pcap:
        # The last PBA may have been read from the raw socket before its copy on the capture socket: drain the
        # capture briefly so that the pcap holds every message that crossed the link.
        drain_end = time.monotonic() + 0.3
        while time.monotonic() < drain_end:
            if not select.select([capture], [], [], 0.05)[0]:
                continue
            for data in pending_datagrams(capture):
                if ipv6_mh(data) is not None:
                    frames.append((time.time(), data))
        write_pcap(a.pcap, frames)
    if a.prefixes_out:
        with open(a.prefixes_out, "w") as f:
            for i in sorted(answers):
                f.write("%d %s\n" % (i, answers[i]))
    print(json.dumps({"sent": sent, "answered": len(answers), "statuses": {str(k): v for k, v in statuses.items()},
                      "first": first}))


TEMPLATE = None
REFRESH_TEMPLATE = None

if __name__ == "__main__":
    main()
