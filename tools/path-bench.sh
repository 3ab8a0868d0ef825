#!/usr/bin/env bash
# JMH of the gateway's per-packet path in each direction, end to end inside the JVM, beside the crypto alone in the
# same run (bridge/src/jmh/java/io/pptp2wg/bench/RelayPathBenchmark.java), with allocation per operation (-prof gc);
# prints the ratios to the crypto bound and writes target/bench/jmh/{jmh.json,jmh-summary.json}.
# Usage: tools/path-bench.sh [JMH options, e.g. -f 1 -wi 2 -i 3]   (--out DIR first to write elsewhere)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/bench/jmh
if [[ ${1:-} == --out ]]; then OUT=$2; shift 2; fi
mkdir -p "$OUT"
. tools/env.sh
# the tests module's classes (BenchTool) and classpath first: in a fresh tree that build recompiles bridge's test
# classes without the jmh profile, which would take the benchmarks' META-INF/BenchmarkList away again
tools/loadgen.sh --help >/dev/null 2>&1 || true
mvn -B -ntp -q -pl bridge -am -Pjmh test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$ROOT/bridge/target/jmh-classpath.txt" >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 1; }
[[ -f bridge/target/test-classes/META-INF/BenchmarkList ]] || { echo "path-bench: the JMH build left no BenchmarkList" >&2; exit 1; }
java -cp "bridge/target/test-classes:bridge/target/classes:$(cat bridge/target/jmh-classpath.txt)" org.openjdk.jmh.Main \
    'io.pptp2wg.bench.RelayPathBenchmark' -prof gc -rf json -rff "$OUT/jmh.json" "$@" >"$OUT/jmh.log" 2>&1 ||
    { tail -40 "$OUT/jmh.log"; exit 1; }
java -cp "tests/target/classes:$(cat tests/target/loadgen-classpath.txt)" io.pptp2wg.tests.bench.BenchTool jmh \
    "$OUT/jmh.json" "$OUT/jmh-summary.json"
