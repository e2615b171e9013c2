#!/usr/bin/env python3
"""Tally C2's inlining decisions on the fastpath's per-packet methods over several JVM processes.

Usage: inlining_tally.py <prefix>...   (reads <prefix>-<forward|encap|decap>-*.log)

Each log is the output of one fresh process run with
  -XX:+UnlockDiagnosticVMOptions -XX:+PrintCompilation -XX:+PrintInlining
(e.g. PipelineCpuTime, one build, 40 rounds). Per mode it prints how many processes had a per-packet fastpath
method refused by C2's node budget or size limits at a hot site (NodeCountInliningCutoff, "hot method too big",
"inlining too deep"), and the distinct sets of per-packet methods left as calls because they were compiled first
("already compiled into a big method"), i.e. how much the compiled structure depends on compile order. Table setup
methods (inserts, puts, parsing of the route file) are ignored; C1's messages ("callee is too large") and C2's
plain "too big" (a cold call site) are not counted. See perf/RESULTS.md, "inlining of the burst loop".
"""
import collections
import glob
import re
import sys

SETUP = ("insert", "put", "apply", "tunnel", "parse", "insertNew", "reclaim", "processBurst", "endBurst", "publish")
CALL = re.compile(r'@\s+\d+\s+(net\.dmmgw\.\S+)\s+\((\d+) bytes\)\s+failed to inline: (.*)$')
CUTOFF = ("NodeCountInliningCutoff", "hot method too big", "too deep")


def tally(files):
    cut = 0
    structures = collections.Counter()
    for f in files:
        calls = set()
        hit = False
        with open(f, errors="replace") as lines:
            for line in lines:
                m = CALL.search(line)
                if not m:
                    continue
                method = m.group(1).split(".")[-1]
                name = method.split("::")[1]
                if name in SETUP or name.startswith("allocate"):
                    continue
                if any(c in m.group(3) for c in CUTOFF):
                    hit = True
                    calls.add(method + "(cutoff)")
                elif "already compiled into a big method" in m.group(3):
                    calls.add(method)
        cut += hit
        structures[", ".join(sorted(calls)) or "(none)"] += 1
    return cut, structures


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for prefix in sys.argv[1:]:
        for mode in ("forward", "encap", "decap"):
            files = sorted(glob.glob("%s-%s-*.log" % (prefix, mode)))
            if files:
                cut, structures = tally(files)
                print("%s %s: %d processes, %d with a cutoff on a per-packet method; calls left by compile order:"
                      % (prefix, mode, len(files), cut))
                for structure, n in structures.most_common():
                    print("    %d x %s" % (n, structure))


if __name__ == "__main__":
    main()
