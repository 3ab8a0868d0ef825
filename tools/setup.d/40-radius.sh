#!/usr/bin/env bash
# RADIUS interop tests (RadiusIT): Debian's FreeRADIUS server and its client tools (radclient, radtest).
# Called by tools/setup.sh as root. Idempotent. The system service is never enabled or started: the tests run
# their own `freeradius -X -d <dir>` inside a network namespace they create, on a configuration they write.
set -euo pipefail

PKGS=(freeradius freeradius-utils)
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup.d/40-radius: installing ${missing[*]}"
    # keep the package's service from starting during the install (policy-rc.d: 101 = action forbidden)
    policy=/usr/sbin/policy-rc.d
    had_policy=0
    [ -e "$policy" ] && had_policy=1
    if [ "$had_policy" = 0 ]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy"
        chmod 755 "$policy"
    fi
    trap '[ "$had_policy" = 0 ] && rm -f "$policy"' EXIT
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# never the system's own server: the tests start theirs
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now freeradius >/dev/null 2>&1 || true
fi
command -v freeradius >/dev/null
command -v radclient >/dev/null
