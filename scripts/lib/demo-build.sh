#!/usr/bin/env bash
# Sourced by scripts/demo and scripts/demo-forwarding: builds what they run when it is missing or older
# than its sources. Needs env.sh (log, die, mvn_cmd, DMMGW_ROOT) and a JDK found by need_build_tools.

# demo_quiet_build what maven-args...: runs Maven quietly; its log is shown only when it fails.
demo_quiet_build() {
  local what="$1" build_log
  shift
  build_log="$(mktemp /tmp/dmmgw-demo-build.XXXXXX)"
  # Maven's own guava calls sun.misc.Unsafe, which JDK 25 warns about on every run: not our noise.
  if ! MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
    mvn_cmd -q -Dstyle.color=never -DskipTests "$@" >"$build_log" 2>&1; then
    cat "$build_log" >&2
    rm -f "$build_log"
    die "build of $what failed (log above)"
  fi
  rm -f "$build_log"
}

# demo_lab_classpath: prints the class path of the DMM lab (lab/target/classes + lab/target/lib/*), building
# the lab and every module it needs first (mvn -pl lab -am package) when they are missing or older than any
# module's sources or poms.
demo_lab_classpath() {
  local target="$DMMGW_ROOT/lab/target"
  local stamp="$target/classes/net/dmmgw/lab/DmmLabMain.class"
  if [ ! -f "$stamp" ] || [ ! -d "$target/lib" ] || [ -n "$(find "$DMMGW_ROOT"/*/src/main "$DMMGW_ROOT"/*/pom.xml \
      "$DMMGW_ROOT/pom.xml" -newer "$stamp" -type f -print -quit)" ]; then
    log "building the lab and the modules it runs (mvn -pl lab -am package, tests skipped) ..."
    demo_quiet_build "the lab" -pl lab -am package
    touch "$stamp"
  fi
  [ -f "$stamp" ] || die "build finished but $stamp is missing"
  printf '%s\n' "$target/classes:$target/lib/*"
}

# demo_native_bindings_jar: prints the path of an up-to-date native-bindings jar, building it first if needed.
demo_native_bindings_jar() {
  local module="$DMMGW_ROOT/native-bindings"
  local jar="$module/target/native-bindings-0.1.0-SNAPSHOT.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$module/src/main" "$module/pom.xml" "$DMMGW_ROOT/pom.xml" -newer "$jar" -type f -print -quit)" ]; then
    log "step 1: building native-bindings (Java bindings + C shim; tests skipped)"
    demo_quiet_build native-bindings -pl native-bindings -am install
  else
    log "step 1: native-bindings is up to date ($jar)"
  fi
  [ -f "$jar" ] || die "build finished but $jar is missing"
  printf '%s\n' "$jar"
}
