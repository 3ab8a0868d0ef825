#!/usr/bin/env bash
# Real-peer interop tests: the host tools they drive, and the PPTP VM image (tests/vm/build-image.sh).
# Called by tools/setup.sh as root. Idempotent: a few dpkg queries and a stamp check when already done.
set -euo pipefail
cd "$(dirname "$0")/../.."

# qemu runs the real pppd/pptp-linux clients and the reference pptpd; tcpdump/tshark capture and check
# what the gateway sends; iperf3, wireguard-go and wireguard-tools are the peers on the host side.
PKGS=(qemu-system-x86 cpio kmod binutils xz-utils iproute2 iputils-ping tshark tcpdump iperf3
      wireguard-go wireguard-tools curl util-linux)
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup.d/10-interop: installing ${missing[*]}"
    # tshark asks whether non-root users may capture: no (tests capture as root).
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The VM image: Debian's kernel + an initramfs with pppd, pptp-linux, pptpd, iperf3 (rebuilt only when
# tests/vm/build-image.sh or the Debian packages change).
exec tests/vm/build-image.sh
