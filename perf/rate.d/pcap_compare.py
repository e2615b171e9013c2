#!/usr/bin/python3
"""pcap_compare.py A.pcap B.pcap: frame-by-frame byte comparison of two pcap files (timestamps ignored).
Exit status 0 = same number of frames (at least one), every frame byte-identical. Used to check JavaEncapRef
and encap_ref --checks full against encap_ref and the Java data plane (perf/RESULTS.md, session 10)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_inputs import read_pcap  # noqa: E402  (one pcap reader)


def compare(path_a, path_b):
    """(summary line, True when both hold the same frames, at least one, in the same order)."""
    a, b = read_pcap(path_a), read_pcap(path_b)
    diff = [i for i, (x, y) in enumerate(zip(a, b), 1) if x != y]
    same = len(a) == len(b) and not diff and len(a) > 0
    return ("frames %d %d, differing %d%s" % (len(a), len(b), len(diff), (" first at %d" % diff[0]) if diff else ""),
            same)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    line, ok = compare(sys.argv[1], sys.argv[2])
    print(line)
    sys.exit(0 if ok else 1)
