#!/usr/bin/env bash
# Runs the gateway's per-packet JMH benchmarks: GRE alone (GrePathBench) and the whole path with the
# real PPP link and MPPE (PacketPathBench, beside the MPPE crypto alone).
# Usage: tools/gre-bench.sh [JMH options, e.g. -f 1 -wi 2 -i 3]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
mvn -B -ntp -q -pl gateway -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -cp "gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/bench-classpath.txt)" \
    org.openjdk.jmh.Main 'GrePathBench|PacketPathBench' "$@"
