#!/usr/bin/env bash
# README's test command: every test of every module, the interop tests against real peers included.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then tools/setup.sh; fi
. tools/env.sh
exec mvn -B -ntp verify "$@"
