#!/usr/bin/env bash
# check_full.sh: the correctness checks of `encap_ref --checks full` (perf/RESULTS.md, session 10 cfull10).
#
# usage: perf/rate.d/check_full.sh INPUTS_DIR WORK_DIR [--no-java]
#   INPUTS_DIR: gen_inputs.py's output for --prefixes 1000,1000000 (made if missing).
#   WORK_DIR:   binaries, logs and pcaps of this check (kept for reading).
# (1) forward.pcap, 1 k and 1 M routes, 3 000 packets: --checks full sends the same frames as --checks minimal,
#     and verify_encap.py passes on them; (2) mixed_encap.py's 42-kind pcap: encap_ref --checks full's counts per
#     reason equal the verdicts read from the Java code and, unless --no-java, the Java data plane's counters
#     (scripts/dataplane rate --mode encap --tx-pcap), and both send the same frames; (3) --mode forward / decap
#     (session 10 cfwd10): forward.pcap / decap.pcap at 1 k and 1 M routes with no drop, and (unless --no-java) the
#     same frames as scripts/dataplane rate --mode forward / decap --tx-pcap; mixed_encap.py's forward and decap
#     inputs: counts per reason equal the expected verdicts and (unless --no-java) the Java counters, same frames.
#     Exit 0 when all hold (~20 s with --no-java; the Java runs add ~4 min).
# DPDK processes are pinned to CPU 1 (taskset -c 1, -l 1), file prefix s10-cfull-check-*, removed at exit.
set -uo pipefail
[ $# -ge 2 ] || { sed -n 3,16p "$0"; exit 2; }
I=$1 O=$2 JAVA=1
[ "${3:-}" = --no-java ] && JAVA=0
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RATE_D=$ROOT/perf/rate.d
FP=s10-cfull-check-$$
trap 'rm -rf /var/run/dpdk/$FP-*' EXIT
mkdir -p "$O"
fail=0
[ -f "$I/tbl8s-1000000.txt" ] || /usr/bin/python3 "$RATE_D/gen_inputs.py" "$I" --prefixes 1000,1000000 || exit 1
# shellcheck disable=SC2046  # pkg-config output is a list of words
gcc -O3 $(pkg-config --cflags libdpdk) -march=native -Wall -Wextra -Werror -o "$O/encap_ref" "$RATE_D/encap_ref.c" \
  $(pkg-config --libs libdpdk) || exit 1

for n in 1000 1000000; do
  need=$(cat "$I/tbl8s-$n.txt")
  tb=$(( need + need / 10 + 1024 ))
  mem=$(( 384 + (tb * 1100 + n * 200) / 1048576 )) # perf/rate's tbl8s_for and mem_for
  for ck in minimal full; do
    timeout -k 5 120 taskset -c 1 "$O/encap_ref" -l 1 --no-huge --no-pci -m "$mem" --file-prefix "$FP-$ck" \
      --log-level=lib.eal:warning --vdev="net_pcap0,rx_pcap=$I/forward.pcap,infinite_rx=1" \
      --vdev="net_pcap1,tx_pcap=$O/out-$ck-$n.pcap" -- --routes "$I/routes-$n.txt" --tunnels "$I/tunnels.txt" \
      --tbl8s "$tb" --max-packets 3000 --pool-memory huge-anon-packed --checks "$ck" > "$O/log-$ck-$n.txt" 2>&1 \
      || { echo "check_full: encap_ref --checks $ck failed for $n routes (see $O/log-$ck-$n.txt)"; fail=1; }
    if grep -a -E '^RATE drop [a-z0-9-]+ [1-9]' "$O/log-$ck-$n.txt"; then fail=1; fi
  done
  /usr/bin/python3 "$RATE_D/mixed_encap.py" same-frames "$O/out-minimal-$n.pcap" "$O/out-full-$n.pcap" || fail=1
  /usr/bin/python3 "$RATE_D/verify_encap.py" "$O/out-full-$n.pcap" "$I/forward.pcap" "$I/expected-$n.txt" \
    "$I/tunnels.txt" || fail=1
done

/usr/bin/python3 "$RATE_D/mixed_encap.py" write "$I" "$O/mixed.pcap" "$O/mixed-expected.txt" 2>/dev/null || exit 1
# Finite rx: encap_ref sends fewer than --max-packets, so SIGINT ends it (its counters are printed then).
timeout -s INT -k 5 4 taskset -c 1 "$O/encap_ref" -l 1 --no-huge --no-pci -m 386 --file-prefix "$FP-mixed" \
  --log-level=lib.eal:warning --vdev="net_pcap0,rx_pcap=$O/mixed.pcap" --vdev="net_pcap1,tx_pcap=$O/mixed-out-c.pcap" \
  -- --routes "$I/routes-1000.txt" --tunnels "$I/tunnels.txt" --pool-memory huge-anon-packed --checks full \
  > "$O/mixed-c.log" 2>&1
grep "RATE full" "$O/mixed-c.log"
if [ "$JAVA" = 1 ]; then
  # Exits 1 by design: the pipeline dropped packets. Its counter summary goes to stderr.
  timeout -k 10 600 "$ROOT/scripts/dataplane" rate --mode encap --routes "$I/routes-1000.txt" \
    --tunnels "$I/tunnels.txt" --rx-pcap "$O/mixed.pcap" --tx-pcap "$O/mixed-out-java.pcap" --seconds 5 \
    --file-prefix "$FP-java" --lcore 1 --mem 512 --mempool-memory huge-anon > "$O/mixed-java.out" 2> "$O/mixed-java.err"
  grep -E "^port . \(|icmp errors" "$O/mixed-java.err"
  /usr/bin/python3 "$RATE_D/mixed_encap.py" tally "$O/mixed-expected.txt" "$O/mixed-c.log" "$O/mixed-java.err" || fail=1
  /usr/bin/python3 "$RATE_D/mixed_encap.py" same-frames "$O/mixed-out-c.pcap" "$O/mixed-out-java.pcap" || fail=1
else
  /usr/bin/python3 "$RATE_D/mixed_encap.py" tally "$O/mixed-expected.txt" "$O/mixed-c.log" || fail=1
fi

# (3) --mode forward / decap.
java_rate() { # java_rate <mode> <routes> <rx pcap> <tx pcap> <mem> <log base>: the Java data plane, finite input
  timeout -k 10 600 "$ROOT/scripts/dataplane" rate --mode "$1" --routes "$2" --tunnels "$I/tunnels.txt" \
    --rx-pcap "$3" --tx-pcap "$4" --seconds 5 --file-prefix "$FP-java-$1" --lcore 1 --mem "$5" \
    --mempool-memory huge-anon > "$6.out" 2> "$6.err"
}
for mode in forward decap; do
  for n in 1000 1000000; do
    need=$(cat "$I/tbl8s-$n.txt")
    tb=$(( need + need / 10 + 1024 ))
    mem=$(( 384 + (tb * 1100 + n * 200) / 1048576 ))
    timeout -k 5 120 taskset -c 1 "$O/encap_ref" -l 1 --no-huge --no-pci -m "$mem" --file-prefix "$FP-$mode" \
      --log-level=lib.eal:warning --vdev="net_pcap0,rx_pcap=$I/$mode.pcap" \
      --vdev="net_pcap1,tx_pcap=$O/out-$mode-c-$n.pcap" -- --routes "$I/routes-$n.txt" --tunnels "$I/tunnels.txt" \
      --tbl8s "$tb" --max-packets 1000 --pool-memory huge-anon-packed --checks full --mode "$mode" \
      > "$O/log-$mode-c-$n.txt" 2>&1 \
      || { echo "check_full: encap_ref --mode $mode failed for $n routes (see $O/log-$mode-c-$n.txt)"; fail=1; }
    if grep -a -E '^RATE (drop|punt) [a-z0-9-]+ [1-9]' "$O/log-$mode-c-$n.txt"; then fail=1; fi
    grep -q -a '^RATE full forwarded 1000$' "$O/log-$mode-c-$n.txt" \
      || { echo "check_full: encap_ref --mode $mode did not forward 1000 packets ($n routes)"; fail=1; }
    if [ "$JAVA" = 1 ]; then
      java_rate "$mode" "$I/routes-$n.txt" "$I/$mode.pcap" "$O/out-$mode-java-$n.pcap" "$mem" "$O/$mode-java-$n"
      /usr/bin/python3 "$RATE_D/mixed_encap.py" same-frames "$O/out-$mode-c-$n.pcap" "$O/out-$mode-java-$n.pcap" \
        || fail=1
    fi
  done
  /usr/bin/python3 "$RATE_D/mixed_encap.py" write "$I" "$O/mixed-$mode.pcap" "$O/mixed-$mode-expected.txt" \
    --mode "$mode" 2>/dev/null || exit 1
  timeout -s INT -k 5 4 taskset -c 1 "$O/encap_ref" -l 1 --no-huge --no-pci -m 386 --file-prefix "$FP-mixed-$mode" \
    --log-level=lib.eal:warning --vdev="net_pcap0,rx_pcap=$O/mixed-$mode.pcap" \
    --vdev="net_pcap1,tx_pcap=$O/mixed-$mode-out-c.pcap" -- --routes "$I/routes-1000.txt" --tunnels "$I/tunnels.txt" \
    --pool-memory huge-anon-packed --checks full --mode "$mode" > "$O/mixed-$mode-c.log" 2>&1
  if [ "$JAVA" = 1 ]; then
    # Exits 1 by design: the pipeline dropped packets.
    java_rate "$mode" "$I/routes-1000.txt" "$O/mixed-$mode.pcap" "$O/mixed-$mode-out-java.pcap" 512 \
      "$O/mixed-$mode-java"
    /usr/bin/python3 "$RATE_D/mixed_encap.py" tally "$O/mixed-$mode-expected.txt" "$O/mixed-$mode-c.log" \
      "$O/mixed-$mode-java.err" || fail=1
    /usr/bin/python3 "$RATE_D/mixed_encap.py" same-frames "$O/mixed-$mode-out-c.pcap" "$O/mixed-$mode-out-java.pcap" \
      || fail=1
  else
    /usr/bin/python3 "$RATE_D/mixed_encap.py" tally "$O/mixed-$mode-expected.txt" "$O/mixed-$mode-c.log" || fail=1
  fi
done
[ "$fail" = 0 ] && echo "check_full: all checks passed" || echo "check_full: FAILED"
exit "$fail"
