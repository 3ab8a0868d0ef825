#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian machine. Idempotent: quick when done.
# Needs root (apt-get, and the interop tests create network namespaces and VMs).
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/env.sh

if [ "$(id -u)" != 0 ]; then
    echo "tools/setup.sh must run as root (apt-get)" >&2
    exit 3
fi

# Debian packages. maven builds; libssl3 is OpenSSL's libcrypto.so.3, whose RC4 MPPE uses (the JDK's is the fallback,
# and Rc4Test requires OpenSSL's so that the path the gateway runs is the one tested).
PKGS=(maven libssl3)
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# Each part of the test suite installs what it needs in its own script (real peers, VM image, PostgreSQL).
for part in tools/setup.d/*.sh; do
    [ -e "$part" ] || continue
    echo "setup: $part"
    bash "$part"
done
echo "setup: done (JAVA_HOME=$JAVA_HOME)"
