#!/usr/bin/env bash
# Sourced by scripts/demo: builds native-bindings when its jar is missing or older than its sources.
# Needs env.sh (log, die, mvn_cmd, DMMGW_ROOT) and a JDK found by need_build_tools.

# demo_native_bindings_jar: prints the path of an up-to-date native-bindings jar, building it first if needed.
demo_native_bindings_jar() {
  local module="$DMMGW_ROOT/native-bindings"
  local jar="$module/target/native-bindings-0.1.0-SNAPSHOT.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$module/src/main" "$module/pom.xml" "$DMMGW_ROOT/pom.xml" -newer "$jar" -type f -print -quit)" ]; then
    log "step 1: building native-bindings (Java bindings + C shim; tests skipped)"
    # Maven's own guava calls sun.misc.Unsafe, which JDK 25 warns about on every run: not our noise.
    # The build log is shown only when the build fails.
    local build_log
    build_log="$(mktemp /tmp/dmmgw-demo-build.XXXXXX)"
    if ! MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
      mvn_cmd -q -Dstyle.color=never -DskipTests -pl native-bindings -am install >"$build_log" 2>&1; then
      cat "$build_log" >&2
      rm -f "$build_log"
      die "build of native-bindings failed (log above)"
    fi
    rm -f "$build_log"
  else
    log "step 1: native-bindings is up to date ($jar)"
  fi
  [ -f "$jar" ] || die "build finished but $jar is missing"
  printf '%s\n' "$jar"
}
