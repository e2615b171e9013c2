#!/usr/bin/env bash
# Correctness of perf/.../dpdk/JavaEncapRef against encap_ref.c: both programs run into tx pcaps on the same
# input, with the same EAL arguments (pinned to one lcore), and their frames must be byte-identical frame for
# frame (rate.d/pcap_compare.py); JavaEncapRef's output must also pass rate.d/verify_encap.py (the tshark oracle
# perf/rate uses for encap_ref). On rate.d/edge_inputs.py's frames (every drop reason, Ethernet padding) the
# frames sent and the "RATE drop" counters must be identical too.
#
# usage: check_java_encap_ref.sh <inputs dir (gen_inputs.py)> <encap_ref binary> <perf benchmarks.jar> <work dir>
#        <lcore> <prefix count>...
# Needs: Java 25 as $JAVA_HOME (default temurin-25), tshark. Exit status 0 = all checks passed.
set -euo pipefail
[ $# -ge 6 ] || { sed -n 2,10p "$0"; exit 2; }
INPUTS=$1 ENCAP_REF=$2 JAR=$3 WORK=$4 LCORE=$5
shift 5
RATE_D=$(cd "$(dirname "$0")" && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PACKETS=3000
PREFIX=s10-jref10-check-$$
mkdir -p "$WORK"
cleanup() { rm -rf /var/run/dpdk/"$PREFIX"-*; }
trap cleanup EXIT

tbl8s_for() { local need; need=$(cat "$INPUTS/tbl8s-$1.txt"); echo $(( need + need / 10 + 1024 )); }
mem_for() { echo $(( 384 + ($(tbl8s_for "$1") * 1100 + $1 * 200) / 1048576 )); }

# run <java|c> <rx pcap> <tx pcap> <prefixes> <log>
run() {
  local which=$1 rx=$2 tx=$3 n=$4 log=$5 eal
  eal=(-l "$LCORE" --no-huge --no-pci -m "$(mem_for "$n")" --file-prefix "$PREFIX-$which"
       --log-level=lib.eal:warning "--vdev=net_pcap0,rx_pcap=$rx,infinite_rx=1" "--vdev=net_pcap1,tx_pcap=$tx")
  local opts=(--routes "$INPUTS/routes-$n.txt" --tunnels "$INPUTS/tunnels.txt" --tbl8s "$(tbl8s_for "$n")"
              --max-packets "$PACKETS" --pool-memory huge-anon-packed)
  if [ "$which" = java ]; then
    timeout -k 10 300 taskset -c "$LCORE" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
      --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp "$JAR" net.dmmgw.perf.dpdk.JavaEncapRef \
      "${eal[@]}" -- "${opts[@]}" --warmup 0 --seconds 60 > "$log" 2>&1
  else
    timeout -k 10 300 taskset -c "$LCORE" "$ENCAP_REF" "${eal[@]}" -- "${opts[@]}" > "$log" 2>&1
  fi
  rm -rf /var/run/dpdk/"$PREFIX-$which"
  grep -q "^PACKETS $PACKETS\|^PACKETS [0-9]" "$log" || { echo "$which run failed: $(tail -n 5 "$log")" >&2; return 1; }
}

/usr/bin/python3 "$RATE_D/edge_inputs.py" "$INPUTS/forward.pcap" "$WORK/edges.pcap"
status=0
for n in "$@"; do
  for input in forward edges; do
    rx=$INPUTS/forward.pcap
    [ "$input" = edges ] && rx=$WORK/edges.pcap
    run java "$rx" "$WORK/java-$input-$n.pcap" "$n" "$WORK/java-$input-$n.log"
    run c "$rx" "$WORK/c-$input-$n.pcap" "$n" "$WORK/c-$input-$n.log"
    echo "$input, $n prefixes: $(grep '^PACKETS' "$WORK/java-$input-$n.log") (Java)," \
         "$(grep '^PACKETS' "$WORK/c-$input-$n.log" | cut -d' ' -f1-2) (C)"
    echo -n "  frames Java vs C: "
    /usr/bin/python3 "$RATE_D/pcap_compare.py" "$WORK/java-$input-$n.pcap" "$WORK/c-$input-$n.pcap" || status=1
    if diff <(grep '^RATE drop' "$WORK/java-$input-$n.log") <(grep '^RATE drop' "$WORK/c-$input-$n.log") > /dev/null; then
      nonzero=$(grep '^RATE drop' "$WORK/java-$input-$n.log" | grep -v ' 0$' | cut -d' ' -f3- | tr '\n' ' ' || true)
      echo "  drop counters identical: ${nonzero:-all 0}"
    else
      echo "  drop counters DIFFER:"; diff <(grep '^RATE drop' "$WORK/java-$input-$n.log") \
        <(grep '^RATE drop' "$WORK/c-$input-$n.log") || true
      status=1
    fi
    if [ "$input" = forward ]; then
      echo -n "  "
      /usr/bin/python3 "$RATE_D/verify_encap.py" "$WORK/java-$input-$n.pcap" "$INPUTS/forward.pcap" \
        "$INPUTS/expected-$n.txt" "$INPUTS/tunnels.txt" || status=1
    fi
  done
done
[ "$status" -eq 0 ] && echo "check_java_encap_ref: all checks passed" || echo "check_java_encap_ref: FAILED"
exit "$status"
