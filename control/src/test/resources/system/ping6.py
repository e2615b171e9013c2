#!/usr/bin/env python3
"""ICMPv6 echo from an unmodified Linux host (the correspondent), without iputils: a raw ICMPv6 socket (the kernel
fills in the checksum), COUNT requests every INTERVAL seconds, replies matched by identifier and sequence number.
Prints one 'bytes from ADDR: icmp_seq=N' line per reply and ping's summary line
'S packets transmitted, R received', then exits; bounded by COUNT * INTERVAL + WAIT seconds."""
import argparse
import os
import select
import socket
import struct
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dst", required=True)
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--interval", type=float, default=0.1)
    ap.add_argument("--wait", type=float, default=1.0, help="seconds to wait for replies after the last request")
    a = ap.parse_args()
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    ident = os.getpid() & 0xFFFF
    payload = b"dmmgw-e2e-ping6!" * 3
    answered = set()
    sent = 0
    start = time.monotonic()
    end = start + a.count * a.interval + a.wait
    next_send = start
    while True:
        now = time.monotonic()
        if sent < a.count and now >= next_send:
            sent += 1
            s.sendto(struct.pack("!BBHHH", 128, 0, 0, ident, sent) + payload, (a.dst, 0))
            next_send = start + sent * a.interval
            continue
        if now >= end:
            break
        timeout = min(end, next_send if sent < a.count else end) - now
        ready, _, _ = select.select([s], [], [], max(timeout, 0))
        if not ready:
            continue
        data, src = s.recvfrom(2048)
        if len(data) >= 8 and data[0] == 129:
            _, _, _, rid, seq = struct.unpack("!BBHHH", data[:8])
            if rid == ident and seq not in answered and data[8:] == payload:
                answered.add(seq)
                print(f"{len(data)} bytes from {src[0]}: icmp_seq={seq} time={1000 * (time.monotonic() - start):.0f}ms",
                      flush=True)
    print(f"{sent} packets transmitted, {len(answered)} received", flush=True)


if __name__ == "__main__":
    main()
