#!/bin/sh
# Compiles the DPDK shim into a shared library. Called by Maven (native-bindings/pom.xml) during
# process-resources; usable by hand: build-shim.sh <output .so path>
set -eu
out="$1"
src_dir="$(cd "$(dirname "$0")" && pwd)"
command -v pkg-config >/dev/null || { echo "build-shim.sh: pkg-config not found (apt-get install pkg-config)" >&2; exit 1; }
pkg-config --exists libdpdk || { echo "build-shim.sh: libdpdk not found by pkg-config (apt-get install libdpdk-dev)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
# The trailing --no-as-needed list keeps the libraries whose exported (non-inline) functions Java
# binds directly in the shim's dependency tree, so one SymbolLookup on the shim finds them all.
# shellcheck disable=SC2046 # word splitting of pkg-config output is intended
gcc -O2 -g -Wall -Wextra -Werror -fPIC -shared \
    $(pkg-config --cflags libdpdk) \
    -o "$out" "$src_dir/dmmgw_dpdk.c" \
    $(pkg-config --libs libdpdk) \
    -Wl,--no-as-needed -lrte_mbuf -lrte_mempool -lrte_ethdev -lrte_eal
