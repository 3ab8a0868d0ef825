#!/usr/bin/env bash
# The PPTP load generator (tests module, io.pptp2wg.tests.load.LoadGenerator); see docs/loadgen.md.
# Builds it when its classes are missing or older than the sources, then runs it with the arguments.
# Run it as root inside the network namespace it should use, e.g.
#   ip netns exec lg tools/loadgen.sh --server 192.0.2.1 --sessions 200 --calls-per-connection 10
# (build once outside the namespace first: tools/loadgen.sh --help). JVM options: LOADGEN_JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/env.sh
classpath=tests/target/loadgen-classpath.txt
main=tests/target/classes/io/pptp2wg/tests/load/LoadGenerator.class
# test-compile, not compile: testkit resolves the gateway's test-jar (its tests' fixtures), which the reactor
# serves as gateway/target/test-classes only once they are compiled
if [ ! -f "$classpath" ] || [ ! -f "$main" ] || [ -n "$(find config os gateway testkit bridge tests/src/main pom.xml tests/pom.xml \
        -newer "$main" \( -name '*.java' -o -name pom.xml \) 2>/dev/null | head -1)" ]; then
    mvn -B -ntp -q -pl tests -am test-compile dependency:build-classpath -Dmdep.includeScope=runtime \
        -Dmdep.outputFile="$PWD/$classpath" >&2
fi
# shellcheck disable=SC2086 # LOADGEN_JAVA_OPTS holds several words on purpose
exec java ${LOADGEN_JAVA_OPTS:--Xmx2g} --enable-native-access=ALL-UNNAMED \
    -cp "tests/target/classes:$(cat "$classpath")" io.pptp2wg.tests.load.LoadGenerator "$@"
