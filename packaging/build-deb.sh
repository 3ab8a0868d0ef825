#!/usr/bin/env bash
# Builds pptp2wg_<version>_amd64.deb from the gateway's jar and a Java runtime made by jlink from the build's JDK
# (only the modules jdeps finds the jar needs), laid out from packaging/debian. Run by `mvn package` (packaging
# module); by hand: packaging/build-deb.sh JAR MAVEN_VERSION OUTDIR.
# Reproducible: every file's time is SOURCE_DATE_EPOCH (default: the last commit's), owners root:root, sorted.
# Without dpkg-deb/dpkg-shlibdeps (a developer's machine) it says so and builds nothing; tools/setup.d/40-package.sh
# installs them.
set -euo pipefail

jar=$1
maven_version=$2
out=$(mkdir -p "$3" && cd "$3" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
deb=$here/debian

for tool in dpkg-deb dpkg-shlibdeps; do
    if ! command -v "$tool" >/dev/null; then
        echo "pptp2wg .deb: SKIPPED, $tool is missing (apt-get install dpkg-dev, or tools/setup.d/40-package.sh)" >&2
        exit 0
    fi
done
: "${JAVA_HOME:?JAVA_HOME must name the JDK 25 the runtime is made from}"
[ -f "$jar" ] || { echo "pptp2wg .deb: no jar at $jar (build admin-api first)" >&2; exit 1; }

# 0.1.0-SNAPSHOT -> 0.1.0~snapshot (sorts before 0.1.0); a native package: no Debian revision
version=${PPTP2WG_DEB_VERSION:-$(printf %s "$maven_version" | sed 's/-SNAPSHOT$/~snapshot/; s/-/~/g')}
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
    SOURCE_DATE_EPOCH=$(git -C "$here" log -1 --format=%ct 2>/dev/null || stat -c %Y "$deb/control.in")
fi
export SOURCE_DATE_EPOCH
export TZ=UTC LC_ALL=C
umask 022

mkdir -p "$out"
work=$out/deb-work
rm -rf "$work"
root=$work/root
mkdir -p "$root"

# --- the runtime: jdeps' modules, less the debugger/attach ones (a library's optional tooling), plus those
# loaded by name at run time, which jdeps cannot see (jdk.zipfs: Liquibase reads its changelogs inside the jar;
# jdk.crypto.ec, jdk.charsets: asked for by name by TLS and JDBC drivers). Cached by JDK and module list.
modules_file=$out/runtime-modules.txt
if [ ! -s "$modules_file" ] || [ "$jar" -nt "$modules_file" ]; then
    "$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 "$jar" \
        | tr ',' '\n' | grep -v -x -e jdk.attach -e jdk.jdi \
        | cat - <(printf '%s\n' jdk.zipfs jdk.crypto.ec jdk.charsets) | sort -u | paste -sd, - > "$modules_file.tmp"
    mv "$modules_file.tmp" "$modules_file"
fi
modules=$(cat "$modules_file")
jdk_id=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
runtime_key=$(printf '%s\n%s\n%s\n' "$JAVA_HOME" "$jdk_id" "$modules" | sha256sum | cut -c1-16)
runtime=$out/runtime-$runtime_key
if [ ! -x "$runtime/bin/java" ]; then
    rm -rf "$out"/runtime-*/
    "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
        --compress=zip-6 --output "$runtime.tmp"
    mv "$runtime.tmp" "$runtime"
fi
echo "pptp2wg .deb: runtime $jdk_id, modules $modules"

# --- the tree
install -d "$root/usr/lib/pptp2wg" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/pptp2wg" \
    "$root/usr/share/doc/pptp2wg" "$root/usr/share/lintian/overrides" "$root/DEBIAN"
cp -a "$runtime" "$root/usr/lib/pptp2wg/runtime"
# a headless server (java.desktop is there for ImageIO's QR code PNG): no X11, sound or splash screen libraries,
# which would pull libx11/libasound, nor the JDK's own copies of freetype, lcms2 and libjpeg (text, colour
# profiles, JPEG: a QR code PNG needs none of them); and no tool but java
rm -f "$root/usr/lib/pptp2wg/runtime/lib/"{libawt_xawt,libjawt,libjsound,libsplashscreen,libfontmanager,libfreetype,liblcms,libjavajpeg}.so
find "$root/usr/lib/pptp2wg/runtime/bin" -type f ! -name java -delete
# Debian policy 10.1/10.2: ELF files stripped (the JDK ships its symbols)
find "$root/usr/lib/pptp2wg/runtime" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper -o -name jexec \) \
    -exec strip --strip-unneeded --remove-section=.comment --remove-section=.note {} +
install -m 0644 "$jar" "$root/usr/lib/pptp2wg/pptp2wg.jar"
install -m 0755 "$deb/pptp2wg" "$root/usr/bin/pptp2wg"
install -m 0644 "$deb/pptp2wg.service" "$root/lib/systemd/system/pptp2wg.service"
install -m 0644 "$deb/config.yml" "$root/etc/pptp2wg/config.yml"
install -m 0644 "$deb/copyright" "$root/usr/share/doc/pptp2wg/copyright"
install -m 0644 "$here/../README.md" "$root/usr/share/doc/pptp2wg/README.md"
install -m 0644 "$deb/lintian-overrides" "$root/usr/share/lintian/overrides/pptp2wg"
install -d "$root/usr/share/man/man1"
gzip -9n < "$deb/pptp2wg.1" > "$root/usr/share/man/man1/pptp2wg.1.gz"
chmod 0644 "$root/usr/share/man/man1/pptp2wg.1.gz"
changelog_date=$(date -u -R -d "@$SOURCE_DATE_EPOCH")
sed "s/@VERSION@/$version/; s/@DATE@/$changelog_date/" "$deb/changelog.in" \
    | gzip -9n > "$root/usr/share/doc/pptp2wg/changelog.gz"
chmod 0644 "$root/usr/share/doc/pptp2wg/changelog.gz"
# jlink's files: directories 0755, files 0644, the executables 0755 (jlink leaves some legal files 0444)
find "$root/usr/lib/pptp2wg/runtime" -type d -exec chmod 0755 {} +
find "$root/usr/lib/pptp2wg/runtime" -type f -exec chmod 0644 {} +
chmod 0755 "$root/usr/lib/pptp2wg/runtime/bin/java" "$root/usr/lib/pptp2wg/runtime/lib/jspawnhelper" \
    "$root/usr/lib/pptp2wg/runtime/lib/jexec"

# --- control: Depends from the runtime's ELF files (dpkg-shlibdeps), its own libraries resolved inside it;
# libssl3 is dlopen'ed for MPPE's RC4 (FFM), adduser makes the system user
shlib_dir=$work/shlibs
mkdir -p "$shlib_dir/debian"
printf 'Source: pptp2wg\n\nPackage: pptp2wg\nArchitecture: amd64\n' > "$shlib_dir/debian/control"
mapfile -t elves < <(find "$root/usr/lib/pptp2wg/runtime" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \) | sort)
shlibs=$(set -o pipefail; cd "$shlib_dir" && dpkg-shlibdeps -O \
    -l"$root/usr/lib/pptp2wg/runtime/lib" -l"$root/usr/lib/pptp2wg/runtime/lib/server" "${elves[@]}" 2>"$work/shlibdeps.log" \
    | sed -n 's/^shlibs:Depends=//p') || { cat "$work/shlibdeps.log" >&2; exit 1; }
depends="${shlibs:+$shlibs, }libssl3 | libssl3t64, adduser"
installed_size=$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)
sed "s/@VERSION@/$version/; s/@INSTALLED_SIZE@/$installed_size/; s/@DEPENDS@/$depends/" "$deb/control.in" \
    > "$root/DEBIAN/control"
install -m 0644 "$deb/conffiles" "$root/DEBIAN/conffiles"
install -m 0755 "$deb/postinst" "$deb/prerm" "$deb/postrm" "$root/DEBIAN/"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | grep -v '^etc/' | sort \
    | xargs -d '\n' md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"

find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
file=$out/pptp2wg_${version}_amd64.deb
# gzip: the jar and jlink's modules are compressed already, xz would take minutes for a few per cent
dpkg-deb --root-owner-group -Zgzip -z9 --build "$root" "$file" >/dev/null
echo "pptp2wg .deb: $file ($(du -k "$file" | cut -f1) KiB, installed $installed_size KiB)"
