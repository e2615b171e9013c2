#!/usr/bin/env python3
"""One flow of the DMM lab, run in the mobile node's namespace: from one source address to the correspondent, an
ICMPv6 echo request (raw socket: the image has no iputils ping) and a UDP datagram to the correspondent's echo port,
each with a sequence number, every --interval seconds. Replies are matched by sequence number, so losses and the
longest interruption are measured, not guessed.

While it runs, --out.live holds "received <udp> <ping>" (rewritten at most every 100 ms), so that the lab sees a
flow working. Runs until --stop-file exists or --max-seconds pass, waits --linger seconds for the last replies, then
writes --out, one record per line:
  kind <udp|ping> sent <n> received <n> lost <n>
  run <udp|ping> <epoch ms of the first lost request> <epoch ms of the next answered one, or -1> <count>
"""
import argparse
import os
import select
import signal
import socket
import struct
import time

ICMPV6_ECHO_REQUEST = 128
ICMPV6_ECHO_REPLY = 129
MAGIC = b"DMMLAB"


def now_ms():
    return time.time() * 1000.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--dst", required=True)
    ap.add_argument("--port", type=int, default=7)
    ap.add_argument("--interval", type=float, default=0.02)
    ap.add_argument("--ident", type=int, required=True, help="ICMPv6 echo identifier (distinct per flow)")
    ap.add_argument("--stop-file", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--max-seconds", type=float, default=300)
    ap.add_argument("--linger", type=float, default=1.0)
    a = ap.parse_args()

    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__("now", True))

    udp = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    udp.bind((a.src, 0))
    udp.setblocking(False)
    icmp = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    icmp.bind((a.src, 0))
    icmp.setblocking(False)
    ident = a.ident & 0xFFFF

    sent = {"udp": [], "ping": []}          # send time (epoch ms) by sequence number
    answered = {"udp": set(), "ping": set()}
    start = time.monotonic()
    next_send = start
    seq = 0
    stopping_at = None
    live_at = 0.0
    while True:
        if t_live(live_at):
            live_at = time.monotonic()
            write_atomically(a.out + ".live", "received %d %d\n" % (len(answered["udp"]), len(answered["ping"])))
        t = time.monotonic()
        if stopping_at is None and (stop["now"] or os.path.exists(a.stop_file) or t - start > a.max_seconds):
            stopping_at = t
        if stopping_at is not None and t - stopping_at >= a.linger:
            break
        if stopping_at is None and t >= next_send:
            ms = now_ms()
            try:
                udp.sendto(MAGIC + struct.pack("!I", seq), (a.dst, a.port))
            except OSError:
                pass  # no route for a moment (link down): counted as lost
            sent["udp"].append(ms)
            try:
                icmp.sendto(struct.pack("!BBHHH", ICMPV6_ECHO_REQUEST, 0, 0, ident, seq & 0xFFFF) + MAGIC,
                            (a.dst, 0))
            except OSError:
                pass
            sent["ping"].append(ms)
            seq += 1
            next_send += a.interval
            if next_send < t:
                next_send = t + a.interval  # never burst to catch up
        timeout = max(0.0, min(next_send - time.monotonic(), 0.05))
        readable, _, _ = select.select([udp, icmp], [], [], timeout)
        for s in readable:
            for _ in range(64):
                try:
                    data, peer = s.recvfrom(2048)
                except (BlockingIOError, InterruptedError):
                    break
                if s is udp:
                    if len(data) >= 10 and data[:6] == MAGIC:
                        n = struct.unpack("!I", data[6:10])[0]
                        if n < len(sent["udp"]):
                            answered["udp"].add(n)
                elif len(data) >= 8 and data[0] == ICMPV6_ECHO_REPLY and data[8:14] == MAGIC:
                    rid, rseq = struct.unpack("!HH", data[4:8])
                    if rid == ident:
                        # 16-bit sequence: the most recent request with these low bits
                        n = len(sent["ping"]) - 1 - ((len(sent["ping"]) - 1 - rseq) & 0xFFFF)
                        if 0 <= n < len(sent["ping"]):
                            answered["ping"].add(n)

    lines = []
    for kind in ("udp", "ping"):
        times = sent[kind]
        got = answered[kind]
        lines.append("kind %s sent %d received %d lost %d" % (kind, len(times), len(got), len(times) - len(got)))
        i = 0
        while i < len(times):
            if i in got:
                i += 1
                continue
            j = i
            while j < len(times) and j not in got:
                j += 1
            lines.append("run %s %d %d %d" % (kind, times[i], times[j] if j < len(times) else -1, j - i))
            i = j
    write_atomically(a.out, "\n".join(lines) + "\n")


def t_live(last):
    return time.monotonic() - last >= 0.1


def write_atomically(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


if __name__ == "__main__":
    main()
