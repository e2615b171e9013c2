#!/usr/bin/python3
"""Does a Linux host flag an address 'deprecated' after a burst of RAs, one PIO each from its own router (what a DMM
MAAR with DLIF sends, RFC 8885 section 3.6)? Run as root:

    lab/tools/ra-burst-deprecation.py [--bursts N] [--own-last] [--repeat]

Two namespaces joined by a veth; each round advertises prefixes 1..3 preferred, then the burst (default order: 3
preferred, then 1 and 2 with Preferred Lifetime 0 -- the MAAR's order before the fix; --own-last: 1, 2, then 3).
An address of prefix 1 or 2 still without the flag 100 ms later is reported with how long it takes to get it (up to
--wait s); --repeat sends the burst again when it did not come. Namespaces are removed on exit.
"""
import argparse
import socket
import subprocess
import sys
import time

from scapy.all import Ether, IPv6, ICMPv6ND_RA, ICMPv6NDOptPrefixInfo, ICMPv6NDOptSrcLLAddr, raw

A, B = 'dmmgw-rab-a', 'dmmgw-rab-b'
ROUTERS = [('fe80::1', '02:00:00:00:00:01', '2001:db8:1::'), ('fe80::2', '02:00:00:00:00:02', '2001:db8:2::'),
           ('fe80::3', '02:00:00:00:00:03', '2001:db8:3::')]


def sh(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def ra(ll, mac, prefix, preferred, router_lifetime):
    return raw(Ether(src=mac, dst='33:33:00:00:00:01') / IPv6(src=ll, dst='ff02::1', hlim=255)
               / ICMPv6ND_RA(routerlifetime=router_lifetime) / ICMPv6NDOptSrcLLAddr(lladdr=mac)
               / ICMPv6NDOptPrefixInfo(prefix=prefix, prefixlen=64, L=1, A=1, validlifetime=7200,
                                       preferredlifetime=preferred))


def undeprecated():
    out = sh('ip', '-n', B, '-6', 'addr', 'show', 'dev', 'vb').splitlines()
    return [out[i].strip() + ' ' + out[i + 1].strip() for i, line in enumerate(out)
            if ('inet6 2001:db8:1:' in line or 'inet6 2001:db8:2:' in line) and 'deprecated' not in line]


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--bursts', type=int, default=300)
    p.add_argument('--own-last', action='store_true')
    p.add_argument('--repeat', action='store_true')
    p.add_argument('--wait', type=float, default=10)
    p.add_argument('--inner', action='store_true', help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.inner:
        return bursts(args)
    for ns in (A, B):
        subprocess.run(['ip', 'netns', 'del', ns], capture_output=True)
        sh('ip', 'netns', 'add', ns)
    try:
        sh('ip', 'link', 'add', 'va', 'netns', A, 'type', 'veth', 'peer', 'name', 'vb', 'netns', B)
        sh('ip', 'netns', 'exec', B, 'sysctl', '-qw', 'net.ipv6.conf.vb.accept_dad=0', 'net.ipv6.conf.vb.accept_ra=2',
           'net.ipv6.conf.vb.use_tempaddr=0')
        sh('ip', 'netns', 'exec', A, 'sysctl', '-qw', 'net.ipv6.conf.va.disable_ipv6=1')
        sh('ip', '-n', A, 'link', 'set', 'va', 'up')
        sh('ip', '-n', B, 'link', 'set', 'vb', 'up')
        time.sleep(1)
        subprocess.run(['ip', 'netns', 'exec', A, sys.executable, __file__, '--inner'] + sys.argv[1:], check=True)
    finally:
        for ns in (A, B):
            subprocess.run(['ip', 'netns', 'del', ns], capture_output=True)


def bursts(args):
    """In namespace A: the rounds, sent on va."""
    if True:
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        s.bind(('va', 0))
        preferred = [ra(ll, mac, prefix, 3600, 1800) for ll, mac, prefix in ROUTERS]
        own = ra(*ROUTERS[2], 3600, 1800)
        old = [ra(*ROUTERS[0], 0, 0), ra(*ROUTERS[1], 0, 0)]
        burst = old + [own] if args.own_last else [own] + old
        missed = stuck = 0
        for i in range(args.bursts):
            for f in preferred:
                s.send(f)
            time.sleep(0.02)
            for f in burst:
                s.send(f)
            time.sleep(0.1)
            bad = undeprecated()
            if not bad:
                continue
            missed += 1
            start = time.time()
            while undeprecated() and time.time() - start < args.wait:
                time.sleep(0.1)
            late = undeprecated()
            stuck += 1 if late else 0
            print(f'burst {i}: {bad} -> ' + (f'still not deprecated after {args.wait} s' if late else
                                              f'deprecated {time.time() - start + 0.1:.1f} s later'), flush=True)
            if late and args.repeat:
                for f in burst:
                    s.send(f)
                time.sleep(0.1)
                print(f'  burst sent again: {"deprecated" if not undeprecated() else "still not"}', flush=True)
        print(f'bursts {args.bursts} ({"own last" if args.own_last else "own first"}): '
              f'{missed} late after 100 ms, {stuck} not deprecated within {args.wait} s')


if __name__ == '__main__':
    main()
