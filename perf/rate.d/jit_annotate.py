#!/usr/bin/env python3
"""Annotate one C2-compiled Java method with `perf record` samples, without hsdis.

Usage: jit_annotate.py <jvm log> <perf.data> <method> [--all]

perf cannot annotate JIT code (the perf map names methods, it holds no code), and JDK 25 loads no Debian hsdis
(libhsdis0-fcml exports only the old `decode_instructions`), so `-XX:CompileCommand=print,<Class>::<method>` prints
each compilation's machine code as hex words. This script takes the last C2 compilation of <method> (a substring
of "Compiled method (c2) ... <Class>::<method>" in <jvm log>; --all: every C2 compilation, last first), turns its
hex back into bytes, disassembles them with objdump at their real addresses, and prints each instruction with the
share of all samples in <perf.data> whose IP is that instruction (`perf script -F ip`), HotSpot's comments
(calls, oops, implicit exceptions) above the instruction they precede. The log and the samples must come from the
same process, e.g. (the worker thread's samples, a few seconds into a run):

  DMMGW_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,net.dmmgw.fastpath.pipeline.Pipeline::forwardInLane
    -XX:+DumpPerfMapAtExit" scripts/dataplane rate ... > run.log 2>&1 &
  perf record -e cpu-clock -F 2000 -t <tid of dmmgw-worker-0-...> -o perf.data -- sleep 4
  perf/rate.d/jit_annotate.py run.log perf.data Pipeline::forwardInLane

cpu-clock samples skid: a sample's IP is usually the instruction after the one that waited (perf/RESULTS.md,
session 11, branch fwd11).
"""
import collections
import re
import subprocess
import sys
import tempfile

HEX_LINE = re.compile(r'\s+0x([0-9a-f]+): (.*)')
INSTRUCTION = re.compile(r'\s*([0-9a-f]+):\s')


def compilations(lines, name):
    """Start lines of the C2 compilations of the method, in log order."""
    return [i for i, l in enumerate(lines) if l.startswith('Compiled method (c2)') and name in l]


def machine_code(lines, start):
    """(base address, code bytes, comments by address) of the compilation whose header is lines[start]."""
    code = bytearray()
    base = None
    comments = collections.defaultdict(list)
    for line in lines[start + 1:]:
        if line.startswith('Compiled method') or line.startswith('[Stub Code]'):
            break
        m = HEX_LINE.match(line)
        if not m:
            continue
        address, rest = int(m.group(1), 16), m.group(2)
        if rest.startswith(';'):
            comments[address].append(rest.strip())
            continue
        if base is None:
            base = address
        if address != base + len(code):
            sys.exit('gap in the machine code at %#x' % address)
        code += bytes.fromhex(''.join(rest.replace('|', '').split()))
    return base, code, comments


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    log, data, name = sys.argv[1:4]
    lines = open(log, errors='replace').read().split('\n')
    starts = compilations(lines, name)
    if not starts:
        sys.exit('no C2 compilation of %s in %s' % (name, log))
    ips = subprocess.run(['perf', 'script', '-i', data, '-F', 'ip'], capture_output=True, text=True,
                         check=True).stdout.split()
    samples = collections.Counter(int(x, 16) for x in ips)
    total = sum(samples.values()) or 1
    for start in reversed(starts) if '--all' in sys.argv[4:] else starts[-1:]:
        base, code, comments = machine_code(lines, start)
        with tempfile.NamedTemporaryFile(suffix='.bin') as f:
            f.write(code)
            f.flush()
            listing = subprocess.run(['objdump', '-D', '-b', 'binary', '-mi386:x86-64', '-Mintel',
                                      '--adjust-vma=%#x' % base, f.name], capture_output=True, text=True,
                                     check=True).stdout
        inside = sum(n for a, n in samples.items() if base <= a < base + len(code))
        print(lines[start])
        print('samples: %d in all, %d in this code (%.1f %%)' % (total, inside, 100.0 * inside / total))
        for line in listing.split('\n'):
            m = INSTRUCTION.match(line)
            if not m:
                continue
            address = int(m.group(1), 16)
            for c in comments.get(address, []):
                print(' ' * 16 + c)
            n = samples.get(address, 0)
            print(('%6.2f%% ' % (100.0 * n / total) if n else ' ' * 8) + line.strip())


if __name__ == '__main__':
    main()
