#!/usr/bin/env bash
# README's run command: builds the gateway if needed and runs it on a configuration
# (default: the example in examples/, with an embedded database in ./data).
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/env.sh
config=${1:-examples/config.yml}
if [ ! -f admin-api/target/pptp2wg.jar ] || [ -n "$(find config os gateway bridge admin-api pom.xml -newer admin-api/target/pptp2wg.jar -name '*.java' -o -newer admin-api/target/pptp2wg.jar -name pom.xml 2>/dev/null | head -1)" ]; then
    mvn -B -ntp -q -DskipTests package
fi
exec java -jar admin-api/target/pptp2wg.jar server "$config"
