#!/usr/bin/env bash
# Debian's headless Chromium and its driver for the migration console's browser test (issue 13,
# admin-api ConsoleBrowserTest, driven through Selenium). Idempotent: quick when done.
# The test fails as root when they are missing, skips otherwise.
set -euo pipefail

missing=()
for p in chromium chromium-driver; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
echo "setup: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium ?'), $(/usr/bin/chromedriver --version 2>/dev/null | cut -d' ' -f1-2)"
