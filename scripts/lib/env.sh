#!/usr/bin/env bash
# Shared set-up for every script: finds a JDK >= 25 and installs missing Debian packages.
# Sourced, not executed. Every function is idempotent and quiet when nothing is missing.

DMMGW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DMMGW_ROOT

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# java_major <java binary>: prints the feature version (17, 25, ...) or nothing.
java_major() {
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

# find_jdk: exports JAVA_HOME to a JDK >= 25 (JAVA_HOME first if it qualifies, else the JDKs under
# DMMGW_JDK_DIR, /usr/lib/jvm by default).
find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "${DMMGW_JDK_DIR:-/usr/lib/jvm}"/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  die "no JDK >= 25 found (looked at JAVA_HOME='${JAVA_HOME:-}' and ${DMMGW_JDK_DIR:-/usr/lib/jvm}/*). Install one, e.g. Temurin 25 (temurin-25-jdk), or set JAVA_HOME to it."
}

APT_UPDATED=0
# need_packages pkg...: apt-get installs those not installed yet.
need_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get to install them"
  [ "$(id -u)" -eq 0 ] || die "missing packages ${missing[*]}: run as root, or install them first"
  log "installing ${missing[*]}"
  if [ "$APT_UPDATED" -eq 0 ]; then
    apt-get update -qq >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

# What the build and the tests need: DPDK and its headers, a C toolchain, Maven,
# the interop oracles (tshark, scapy; python3-cryptography for the FAMA tests, only a Recommends of scapy), the network tools for namespace tests and Lua (the pktgen profiles).
BUILD_PACKAGES=(dpdk libdpdk-dev pkg-config gcc make maven libpcap-dev)
TEST_PACKAGES=(tshark python3-scapy python3-cryptography iproute2 tcpdump lua5.4 ethtool)

need_build_tools() {
  need_packages "${BUILD_PACKAGES[@]}"
  find_jdk
  command -v mvn >/dev/null || die "maven (mvn) not found after install"
}

# mvn_cmd args...: Maven in batch mode with the found JDK.
mvn_cmd() {
  (cd "$DMMGW_ROOT" && mvn -B -ntp "$@")
}
