#!/usr/bin/env python3
"""The correspondent's UDP echo service of the DMM lab: every datagram to --port goes back to its sender
(its ICMPv6 echo requests are answered by the kernel). Runs until killed."""
import argparse
import socket

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, default=7)
a = ap.parse_args()
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind(("::", a.port))
while True:
    data, peer = s.recvfrom(4096)
    s.sendto(data, peer)
