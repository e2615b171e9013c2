#!/usr/bin/python3
"""Send IPv6 test frames into one interface and count what comes out of another (raw AF_PACKET).

Run inside the data plane's network namespace by the system tests:
  traffic.py --send a1 --recv c1 --dst 2001:db8:200::1 --dport 7001 --count 20 [--mh] [--wait 1.5]
UDP frames (or Mobility Header frames with --mh) go to --dst; frames leaving through --recv are
matched by the UDP destination port of the (inner, when IPv6-in-IPv6) packet. Prints one JSON
line: sent, received, and the fields of the first match (MACs, outer and inner addresses, hop
limit, next header). Waits at most --wait seconds after the last frame was sent.
"""
import argparse
import json
import socket
import struct
import time

ETH_P_ALL = 0x0003
ETH_P_IPV6 = 0x86DD


def mac_bytes(text):
    return bytes(int(part, 16) for part in text.split(':'))


def mac_text(raw):
    return ':'.join('%02x' % b for b in raw)


def ipv6_frame(dst_mac, src_mac, src, dst, next_header, payload, hop_limit=64):
    header = struct.pack('!IHBB', 6 << 28, len(payload), next_header, hop_limit)
    header += socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, dst)
    return mac_bytes(dst_mac) + mac_bytes(src_mac) + struct.pack('!H', ETH_P_IPV6) + header + payload


def udp(sport, dport, length):
    body = bytes(range(length))
    # Checksum 0 is not valid for IPv6 UDP, but the data plane does not check it and the test
    # compares ports and counts only.
    return struct.pack('!HHHH', sport, dport, 8 + length, 0) + body


def mobility_header():
    # Binding Refresh Request (MH type 0): payload proto 59, header length 0, type 0, reserved, checksum, reserved.
    return bytes([59, 0, 0, 0, 0, 0, 0, 0])


def parse(frame, dport):
    """The fields of a frame carrying UDP to dport (directly or IPv6-in-IPv6), or None."""
    if len(frame) < 54 or struct.unpack('!H', frame[12:14])[0] != ETH_P_IPV6:
        return None
    fields = {'eth_dst': mac_text(frame[0:6]), 'eth_src': mac_text(frame[6:12]), 'length': len(frame)}
    ip = frame[14:]
    fields['next_header'] = ip[6]
    fields['hop_limit'] = ip[7]
    fields['src'] = socket.inet_ntop(socket.AF_INET6, ip[8:24])
    fields['dst'] = socket.inet_ntop(socket.AF_INET6, ip[24:40])
    inner = ip
    if ip[6] == 41 and len(ip) >= 80:
        inner = ip[40:]
        fields['inner_src'] = socket.inet_ntop(socket.AF_INET6, inner[8:24])
        fields['inner_dst'] = socket.inet_ntop(socket.AF_INET6, inner[24:40])
        fields['inner_hop_limit'] = inner[7]
    if inner[6] != 17 or len(inner) < 48 or struct.unpack('!H', inner[42:44])[0] != dport:
        return None
    return fields


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--send', required=True)
    p.add_argument('--recv', required=True)
    p.add_argument('--dst', required=True)
    p.add_argument('--src', default='2001:db8:9::1')
    p.add_argument('--dst-mac', default='02:00:00:00:00:10')
    p.add_argument('--src-mac', default='02:00:00:00:00:a1')
    p.add_argument('--dport', type=int, required=True)
    p.add_argument('--count', type=int, default=10)
    p.add_argument('--mh', action='store_true')
    p.add_argument('--wait', type=float, default=1.5)
    a = p.parse_args()

    rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    rx.bind((a.recv, 0))
    rx.settimeout(0.05)
    tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    tx.bind((a.send, 0))
    received = 0
    first = None

    def drain(until):
        nonlocal received, first
        while time.monotonic() < until and received < a.count:
            try:
                frame, address = rx.recvfrom(65535)
            except socket.timeout:
                continue
            if address[2] == socket.PACKET_OUTGOING:
                continue
            fields = parse(frame, a.dport)
            if fields is not None:
                received += 1
                first = first or fields

    for i in range(a.count):
        payload = mobility_header() if a.mh else udp(40000 + i, a.dport, 32)
        tx.send(ipv6_frame(a.dst_mac, a.src_mac, a.src, a.dst, 135 if a.mh else 17, payload))
        drain(time.monotonic() + 0.005)
    drain(time.monotonic() + a.wait)
    print(json.dumps({'sent': a.count, 'received': received, 'first': first}))


if __name__ == '__main__':
    main()
