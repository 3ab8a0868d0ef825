#!/usr/bin/env bash
# Builds the image of the real-peer test VMs from Debian bookworm packages only:
#   vmlinux     Debian's kernel (linux-image-amd64's dependency) as an ELF, booted by qemu's microvm
#               machine through its PVH entry point (no firmware, no bzImage decompression: ~2.5 s boots)
#   initrd.img  gzip'ed newc cpio: busybox-static, pppd 2.4.9, pptp-linux 1.10, pptpd 1.4.0, iperf3, socat,
#               their shared-library closure, the kernel modules PPP needs, /init = guest-init.sh.
#               Padded to a 512-byte multiple so that a per-boot cpio (config, fresh /init) can be
#               appended to a copy of it: the kernel unpacks concatenated archives in order.
#   BUILD-INFO  builder=<sha256 of this script> (the tests compare it), package versions, sizes.
#
# Cache: $PPTP2WG_VM_CACHE (default /var/cache/pptp2wg-vm). Idempotent and quick when up to date:
# the image is rebuilt only when this script changes (or with FORCE=1); REFRESH=1 also resolves and
# downloads the packages again (a newer Debian kernel or pppd). guest-init.sh is not an input: the
# tests overlay the working tree's copy on every boot. Runs as root (apt-get download, depmod).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${PPTP2WG_VM_CACHE:-/var/cache/pptp2wg-vm}
FORCE=${FORCE:-0}
REFRESH=${REFRESH:-0}
MULTIARCH=x86_64-linux-gnu
# Programs the guest runs, as paths inside the Debian packages.
# socat: UDP from a chosen address and port through ppp0 (busybox's nc has no UDP), e.g. a DHCPINFORM.
PROGRAMS="usr/sbin/pppd usr/sbin/pptp usr/sbin/pptpd usr/sbin/pptpctrl usr/bin/iperf3 usr/bin/socat"
# Kernel modules loaded by /init (their dependencies follow from modinfo): virtio on microvm's MMIO
# transport, PPP with async framing (pptp-linux talks to pppd over a pty) and MPPE.
MODULES="virtio_mmio virtio_net ppp_generic ppp_async ppp_mppe ppp_deflate bsd_comp slhc"

log() { echo "[build-image] $*" >&2; }
die() { echo "[build-image] ERROR: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (apt-get download, depmod); tools/setup.sh does"
for t in apt-get apt-cache dpkg readelf depmod modinfo cpio gzip xz grep sha256sum; do
    command -v "$t" >/dev/null || die "$t missing: tools/setup.d/10-interop.sh installs it"
done
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock -w 600 9 || die "another build holds $CACHE/.lock"

BUILDER=$(sha256sum "$HERE/build-image.sh" | cut -c1-64)
if [ "$FORCE" != 1 ] && [ "$REFRESH" != 1 ] && [ -f "$CACHE/BUILD-INFO" ] && [ -f "$CACHE/initrd.img" ] \
   && [ -f "$CACHE/vmlinux" ] && grep -qx "builder=$BUILDER" "$CACHE/BUILD-INFO"; then
    log "up to date in $CACHE ($(grep '^kernel=' "$CACHE/BUILD-INFO"))"
    exit 0
fi
T0=$(date +%s)

# ------------------------------------------------------------------ which packages
if [ "$REFRESH" = 1 ] || ! [[ "$(apt-cache policy ppp 2>/dev/null)" == *"Candidate: "[0-9]* ]]; then
    log "apt-get update"
    apt-get update -q >/dev/null
fi
KPKG=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -1)
[ -n "$KPKG" ] || die "linux-image-amd64 does not name a kernel package"
KVER=${KPKG#linux-image-}

# The programs' packages and the lib* packages they depend on, level by level (only ELF files and the
# libraries they link are copied, so maintainer-script dependencies such as debconf are not followed).
declare -A wanted=()
level="ppp pptp-linux pptpd iperf3 socat"
for _ in $(seq 1 15); do
    [ -n "$level" ] || break
    fresh=""
    for p in $level; do [ -n "${wanted[$p]:-}" ] || { wanted[$p]=1; fresh="$fresh $p"; }; done
    [ -n "$fresh" ] || break
    # shellcheck disable=SC2086
    level=$(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
                --no-enhances $fresh | sed -n 's/^ *|\{0,1\}\(Pre\)\{0,1\}Depends: \(lib[^ <>]*\)$/\2/p' \
            | grep -v -e '^libpam-modules' -e '^libpam-runtime$' | sort -u | tr '\n' ' ')
done
PKGS="$(printf '%s\n' "${!wanted[@]}" | sort | tr '\n' ' ')busybox-static $KPKG"

# ------------------------------------------------------------------ download (kept across builds)
DEBS="$CACHE/debs"
mkdir -p "$DEBS"
chown _apt "$DEBS" 2>/dev/null || true     # apt-get download drops privileges to _apt
declare -A version=()
while read -r p v; do version[$p]=$v; done < <(
    # shellcheck disable=SC2086
    apt-cache policy $PKGS | awk '/^[^ ].*:$/ { p = substr($1, 1, length($1) - 1) } /^  Candidate:/ { print p, $2 }')
deb_of() { ls "$DEBS/${1}_$(echo "${version[$1]}" | sed 's/:/%3a/')_"*.deb 2>/dev/null | head -1; }
fetch=()
for p in $PKGS; do
    [ -n "${version[$p]:-}" ] && [ "${version[$p]}" != "(none)" ] || die "Debian has no candidate for $p"
    [ -n "$(deb_of "$p")" ] || fetch+=("$p")
done
if [ ${#fetch[@]} -gt 0 ]; then
    log "apt-get download ${fetch[*]}"
    (cd "$DEBS" && apt-get download -q "${fetch[@]}" >/dev/null)
fi

# ------------------------------------------------------------------ unpack
WORK=$(mktemp -d "$CACHE/work.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
SRC=$WORK/src IR=$WORK/root KSRC=$WORK/kernel
mkdir -p "$SRC" "$KSRC"
for p in $PKGS; do
    f=$(deb_of "$p"); [ -n "$f" ] || die "no .deb for $p"
    if [ "$p" = "$KPKG" ]; then dpkg -x "$f" "$KSRC"; else dpkg -x "$f" "$SRC"; fi
done

mkdir -p "$IR"/{bin,sbin,usr/bin,usr/sbin,lib/$MULTIARCH,lib64,etc/ppp,dev,proc,sys,tmp,run,var/log,root}
ln -s ../run "$IR/var/run"
ln -s ../run "$IR/var/lock"
chmod 1777 "$IR/tmp"
cp "$SRC/bin/busybox" "$IR/bin/busybox"
for applet in $("$IR/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$IR/bin/$applet"
done
for prog in $PROGRAMS; do
    [ -f "$SRC/$prog" ] || die "$prog is not in the unpacked packages"
    cp "$SRC/$prog" "$IR/$prog"
done

# Shared libraries: the closure of DT_NEEDED, resolved inside the unpacked packages only (never the host).
lib_in_src() {
    local d
    for d in "$SRC/lib/$MULTIARCH" "$SRC/usr/lib/$MULTIARCH" "$SRC/lib64" "$SRC/usr/lib"; do
        [ -e "$d/$1" ] && { echo "$d/$1"; return 0; }
    done
    return 1
}
declare -A copied=()
queue=()
for prog in $PROGRAMS; do queue+=("$IR/$prog"); done
while [ ${#queue[@]} -gt 0 ]; do
    elf=${queue[0]}; queue=("${queue[@]:1}")
    for so in $(readelf -d "$elf" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
        [ -z "${copied[$so]:-}" ] || continue
        src=$(lib_in_src "$so") || die "$so (needed by ${elf#"$IR"/}) is in none of the unpacked packages"
        cp -L "$src" "$IR/lib/$MULTIARCH/$so"
        copied[$so]=1
        queue+=("$IR/lib/$MULTIARCH/$so")
    done
done
cp -L "$(lib_in_src ld-linux-x86-64.so.2)" "$IR/lib/$MULTIARCH/ld-linux-x86-64.so.2"
ln -s "../lib/$MULTIARCH/ld-linux-x86-64.so.2" "$IR/lib64/ld-linux-x86-64.so.2"
printf '/lib/%s\n' "$MULTIARCH" > "$IR/etc/ld.so.conf"
ldconfig -r "$IR"

# Kernel modules with their dependencies, then depmod so that busybox modprobe resolves them.
KMOD=$KSRC/lib/modules/$KVER
[ -d "$KMOD" ] || die "no $KMOD in $KPKG"
declare -A mod_done=()
mods=($MODULES)
while [ ${#mods[@]} -gt 0 ]; do
    m=${mods[0]}; mods=("${mods[@]:1}")
    [ -z "${mod_done[$m]:-}" ] || continue
    mod_done[$m]=1
    ko=$(find "$KMOD/kernel" -name "$m.ko*" | head -1)
    if [ -z "$ko" ]; then
        grep -q "/$m.ko" "$KMOD/modules.builtin" || die "kernel module $m is neither in $KPKG nor built in"
        continue
    fi
    rel=${ko#"$KMOD"/}
    mkdir -p "$IR/lib/modules/$KVER/$(dirname "$rel")"
    cp "$ko" "$IR/lib/modules/$KVER/$rel"
    for dep in $(modinfo -F depends "$ko" | tr ',' ' '); do mods+=("$dep"); done
done
cp "$KMOD/modules.order" "$KMOD/modules.builtin" "$KMOD/modules.builtin.modinfo" "$IR/lib/modules/$KVER/"
depmod -b "$IR" "$KVER"

printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$IR/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$IR/etc/group"
printf 'ip\t0\tIP\nicmp\t1\tICMP\ntcp\t6\tTCP\nudp\t17\tUDP\ngre\t47\tGRE\n' > "$IR/etc/protocols"
printf '127.0.0.1\tlocalhost\n' > "$IR/etc/hosts"
printf 'hosts: files\n' > "$IR/etc/nsswitch.conf"
[ -f "$SRC/etc/services" ] && cp "$SRC/etc/services" "$IR/etc/services"
: > "$IR/etc/ppp/options"          # pppd insists on reading it
echo "$KVER" > "$IR/etc/kernel-version"
cp "$HERE/guest-init.sh" "$IR/init"
chmod 755 "$IR/init"

# ------------------------------------------------------------------ kernel as ELF (PVH entry for microvm)
bz=$KSRC/boot/vmlinuz-$KVER
[ -f "$bz" ] || die "no $bz in $KPKG"
off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$bz" | head -1 | cut -d: -f1)
[ -n "$off" ] || die "no xz payload in $bz (Debian's kernels are xz-compressed)"
# xz stops with an error at the padding after the stream; the ELF check below is what counts
tail -c +$((off + 1)) "$bz" | xz -dc > "$WORK/vmlinux" 2>/dev/null || true
[ "$(head -c 4 "$WORK/vmlinux" | tail -c 3)" = ELF ] || die "no ELF kernel in the xz payload of $bz"

# ------------------------------------------------------------------ initramfs
(cd "$IR" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -6 > "$WORK/initrd.img"
size=$(stat -c %s "$WORK/initrd.img")
pad=$(( (512 - size % 512) % 512 ))
[ $pad = 0 ] || head -c $pad /dev/zero >> "$WORK/initrd.img"

{
    echo "builder=$BUILDER"
    echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "kernel=$KPKG"
    echo "initrd_bytes=$(stat -c %s "$WORK/initrd.img")"
    for p in $PKGS; do echo "package=$p ${version[$p]}"; done
    echo "modules=$(cd "$IR/lib/modules/$KVER" && find . -name '*.ko*' | sed 's,.*/,,; s,\.ko.*,,' | sort | tr '\n' ' ')"
    echo "build_seconds=$(( $(date +%s) - T0 ))"
} > "$WORK/BUILD-INFO"
# Replace the files one by one with rename (a running test keeps its open copy); BUILD-INFO last.
mv -f "$WORK/vmlinux" "$CACHE/vmlinux"
mv -f "$WORK/initrd.img" "$CACHE/initrd.img"
mv -f "$WORK/BUILD-INFO" "$CACHE/BUILD-INFO"
log "built $CACHE: $KPKG, initrd $(stat -c %s "$CACHE/initrd.img") bytes, $(( $(date +%s) - T0 )) s"
