#!/usr/bin/env bash
# The Debian package (packaging module) and its test (PackageInstallIT): dpkg-deb and dpkg-shlibdeps build it,
# lintian checks it, debootstrap makes the throwaway Debian root it is installed into, systemd-analyze checks
# its unit. Idempotent.
set -euo pipefail
PKGS=(dpkg-dev lintian debootstrap systemd)
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
