#!/usr/bin/python3
"""rte_lpm6's walk for perf/rate's destinations, counted as perf's LpmWalk counts ours (perf/RESULTS.md, session 12).

Usage: lpm6_walk.py <inputs dir> <prefixes>   (gen_inputs.py's routes-<N>.txt and expected-<N>.txt)

rte_lpm6 loads its tbl24 entry, then one tbl8 entry per 8 bits while the entry is extended (a prefix longer than
the level's end shares the address's bits so far); the next hop is in the last entry. Per length of the matching
prefix: the loads and the cache lines (16 entries) only that destination touches; and the lines of all walks.
"""
import collections
import sys


def parse(text):
    return int("".join(x.zfill(4) for x in text.split(":")), 16)


def main():
    d, n = sys.argv[1], sys.argv[2]
    routes = set()
    for line in open(f"{d}/routes-{n}.txt"):
        if not line.startswith("#"):
            p, length = line[1:].split()[0].split("/")
            routes.add((parse(p), int(length)))
    extended = {(k, v >> (128 - k)) for v, length in routes for k in range(24, length, 8)}
    dests = [parse(line.split()[0]) for line in open(f"{d}/expected-{n}.txt")]

    def matching_length(a):
        return next(length for length in range(128, -1, -1)
                    if ((a >> (128 - length)) << (128 - length), length) in routes)

    lines = collections.Counter()
    walks = []
    for a in dests:
        depth = 0
        while 24 + 8 * depth < 128 and (24 + 8 * depth, a >> (128 - 24 - 8 * depth)) in extended:
            depth += 1
        keys = [("tbl24", a >> 108)] + [(24 + 8 * j, a >> (128 - 24 - 8 * j - 4)) for j in range(depth)]
        walks.append((matching_length(a), 1 + depth, keys))
        lines.update(set(keys))
    by_length = collections.defaultdict(lambda: [0, 0, 0])
    for length, loads, keys in walks:
        s = by_length[length]
        s[0] += 1
        s[1] += loads
        s[2] += sum(1 for k in keys if lines[k] == 1)
    print(f"rte_lpm6 prefixes={n}")
    for length in sorted(by_length):
        c, lo, pr = by_length[length]
        print(f"  /{length:<3} destinations {c:4d}  loads {lo / c:.2f}  private lines {pr / c:.2f}")
    total = sum(w[1] for w in walks)
    private = sum(s[2] for s in by_length.values())
    print(f"  all: loads {total / len(walks):.2f}  private lines {private / len(walks):.2f};"
          f" footprint {len(lines)} lines")


if __name__ == "__main__":
    main()
