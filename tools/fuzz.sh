#!/usr/bin/env bash
# Runs one coverage-guided fuzz target (a Jazzer @FuzzTest) for real, for MINUTES minutes, at low priority.
#   tools/fuzz.sh TARGET MINUTES      TARGET = the test class (e.g. RelayIpFuzzTest), or Class#method
#   tools/fuzz.sh --list              the targets
# Prints the executions and any finding. A finding (crash or failed assertion) is written by Jazzer into the
# target's committed inputs directory, src/test/resources/<package>/<Class>Inputs/<method>/, where plain
# `mvn verify` replays it from then on (regression mode): commit it with the fix. The corpus Jazzer grows
# while fuzzing stays in <module>/.cifuzz-corpus/ (not committed). One target at a time: each run uses a core.
set -euo pipefail
cd "$(dirname "$0")/.."

targets() {
    grep -rl --include='*.java' 'com.code_intelligence.jazzer.junit.FuzzTest' \
        config/src/test gateway/src/test bridge/src/test admin-api/src/test 2>/dev/null | sort
}

if [ "${1:-}" = "--list" ]; then
    # module, then Class#method for each @FuzzTest method (a class with one target can be named alone)
    for f in $(targets); do
        c="$(basename "$f" .java)"
        awk -v m="${f%%/*}" -v c="$c" '/@FuzzTest/ {t=1; next} t && match($0, /void [A-Za-z0-9_]+\(/) {
            print m "\t" c "#" substr($0, RSTART + 5, RLENGTH - 6); t=0 }' "$f"
    done
    exit 0
fi
if [ $# -ne 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]] || [ "$2" -lt 1 ]; then
    echo "usage: tools/fuzz.sh TARGET MINUTES   (tools/fuzz.sh --list for the targets)" >&2
    exit 2
fi
target="$1"
minutes="$2"
class="${target%%#*}"
file="$(targets | grep -E "/${class}\.java$" || true)"
if [ -z "$file" ] || [ "$(echo "$file" | wc -l)" -ne 1 ]; then
    echo "fuzz: no single @FuzzTest class named $class (tools/fuzz.sh --list)" >&2
    exit 2
fi
module="${file%%/*}"
. tools/env.sh
log="$module/target/fuzz-${target//#/-}.log"
mkdir -p "$module/target"
# Jazzer writes findings into the inputs directory only if it exists (else into the module's root)
package_dir="$(dirname "${file#"$module"/src/test/java/}")"
if [[ "$target" == *"#"* ]]; then
    mkdir -p "$module/src/test/resources/$package_dir/${class}Inputs/${target#*#}"
else
    for m in $(grep -oE '^\s*void [a-zA-Z0-9_]+\(' "$file" | sed -E 's/^\s*void ([a-zA-Z0-9_]+)\(/\1/'); do
        grep -B3 -E "void $m\(" "$file" | grep -q '@FuzzTest' && mkdir -p "$module/src/test/resources/$package_dir/${class}Inputs/$m" || true
    done
fi
before="$(git status --porcelain --untracked-files=all -- "$module/src/test/resources" | sort)"
start=$(date +%s)
echo "fuzz: $target in $module for $minutes min (log $log)"
# JAZZER_FUZZ turns regression mode into fuzzing; JAZZER_MAX_DURATION bounds the run (Jazzer's own option).
# jazzer.hooks=true: the instrumentation that guides the fuzzer (the root pom turns it off for regression mode).
# A bounded heap keeps the run's memory well under libFuzzer's RSS limit (2.5 GB, whose excess is a finding)
# on a machine that others share.
set +e
JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${minutes}m" JAVA_TOOL_OPTIONS="-Xmx768m ${JAVA_TOOL_OPTIONS:-}" nice -n 10 \
    mvn -B -ntp -pl "$module" -am verify -Djazzer.hooks=true -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=none -Dfailsafe.failIfNoSpecifiedTests=false >"$log" 2>&1
rc=$?
set -e
elapsed=$(( $(date +%s) - start ))
runs="$(grep -aE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)"
echo "fuzz: ${runs:-no 'Done' line: the fuzzer did not finish, see $log} (wall ${elapsed}s including the build)"
grep -aE '^#[0-9]+.*(pulse|DONE)' "$log" | tail -1 || true
after="$(git status --porcelain --untracked-files=all -- "$module/src/test/resources" | sort)"
new="$(comm -13 <(echo "$before") <(echo "$after") | sed 's/^?? //' || true)"
stray="$(ls "$module"/crash-* "$module"/timeout-* "$module"/oom-* 2>/dev/null || true)"
[ -n "$stray" ] && new="$(printf '%s\n%s' "$new" "$stray")"
if grep -aqE '^== Java Exception|FuzzTestFindingException|^== Jazzer' "$log" || [ -n "$new" ]; then
    echo "fuzz: FINDING"
    grep -aE -A12 '^== Java Exception' "$log" | head -30 || true
    [ -n "$new" ] && echo "fuzz: new regression inputs (commit them with the fix):" && echo "$new"
    exit 1
fi
if [ $rc -ne 0 ]; then
    echo "fuzz: the build failed (rc $rc) without a finding: see $log" >&2
    tail -30 "$log" >&2
    exit $rc
fi
echo "fuzz: no finding"
