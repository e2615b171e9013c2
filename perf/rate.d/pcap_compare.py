#!/usr/bin/python3
"""pcap_compare.py A.pcap B.pcap: frame-by-frame byte comparison of two pcap files (timestamps ignored).
Exit status 0 = same number of frames (at least one), every frame byte-identical. Used to check
perf/.../dpdk/JavaEncapRef against encap_ref (perf/RESULTS.md, session 10, branch jref10)."""
import struct, sys

def frames(path):
    with open(path, 'rb') as f:
        head = f.read(24)
        endian = '<' if head[:4] in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            _, _, incl, orig = struct.unpack(endian + 'IIII', rec)
            yield f.read(incl), orig

a, b = list(frames(sys.argv[1])), list(frames(sys.argv[2]))
diff = [i for i, (x, y) in enumerate(zip(a, b), 1) if x != y]
print("frames %d %d, differing %d%s" % (len(a), len(b), len(diff), (" first at %d" % diff[0]) if diff else ""))
sys.exit(0 if len(a) == len(b) and not diff and a else 1)
