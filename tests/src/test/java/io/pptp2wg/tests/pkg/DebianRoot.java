package io.pptp2wg.tests.pkg;

import io.pptp2wg.tests.lab.CommandResult;
import io.pptp2wg.tests.lab.Commands;
import io.pptp2wg.tests.lab.LabException;
import io.pptp2wg.tests.lab.Netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throwaway Debian root without Java: a copy of a minimal debootstrap (minbase + adduser + libssl3, the package's
 * Depends) of this machine's Debian release from its configured apt mirror, made once into
 * /var/cache/pptp2wg-chroot (PPTP2WG_CHROOT_CACHE) and copied per test. Commands run in it through
 * {@code unshare -m} (its /proc and /dev mounts vanish with the command) and {@code chroot}, optionally inside a
 * lab namespace.
 */
final class DebianRoot implements AutoCloseable {
    private static final Duration DEBOOTSTRAP_TIMEOUT = Duration.ofMinutes(20);
    private static final Pattern URIS = Pattern.compile("(?m)^\\s*(?:URIs:\\s*|deb\\s+(?:\\[[^]]*]\\s+)?)(https?://\\S+)");

    private final Path root;

    private DebianRoot(Path root) {
        this.root = root;
    }

    /** A fresh copy of the cached minimal root in {@code dir}/root. */
    static DebianRoot copyInto(Path dir) {
        Path base = cachedBase();
        Path root = dir.resolve("root");
        Commands.run(Duration.ofMinutes(5), null, List.of("cp", "-a", base.toString(), root.toString())).orThrow();
        return new DebianRoot(root);
    }

    private static synchronized Path cachedBase() {
        String codename = osRelease("VERSION_CODENAME");
        Path cache = Path.of(System.getenv().getOrDefault("PPTP2WG_CHROOT_CACHE", "/var/cache/pptp2wg-chroot"));
        Path base = cache.resolve(codename + "-minbase");
        if (Files.isRegularFile(base.resolve("usr/bin/dpkg"))) {
            return base;
        }
        if (!Commands.onPath("debootstrap")) {
            throw new LabException("debootstrap is missing: run tools/setup.sh (tools/setup.d/40-package.sh)");
        }
        Path tmp = cache.resolve(codename + "-minbase.tmp");
        Commands.run(Duration.ofMinutes(2), null, List.of("rm", "-rf", tmp.toString())).orThrow();
        String mirror = mirror();
        System.out.println("[package] debootstrap " + codename + " from " + mirror + " into " + base + " (once)");
        CommandResult r = Commands.run(DEBOOTSTRAP_TIMEOUT, null, List.of("debootstrap", "--variant=minbase",
                "--include=adduser,libssl3", codename, tmp.toString(), mirror));
        if (!r.ok()) {
            throw new LabException("debootstrap failed (" + r.exitCode() + "): " + r.stderr() + r.stdout());
        }
        try {
            Files.move(tmp, base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return base;
    }

    /** The first http(s) URI of this machine's Debian sources (deb822 or one-line), else deb.debian.org. */
    static String mirror() {
        List<Path> files = new ArrayList<>(List.of(Path.of("/etc/apt/sources.list")));
        try (var d = Files.list(Path.of("/etc/apt/sources.list.d"))) {
            d.sorted().forEach(files::add);
        } catch (IOException e) {
            // no sources.list.d
        }
        for (Path f : files) {
            try {
                Matcher m = URIS.matcher(Files.readString(f));
                while (m.find()) {
                    String uri = m.group(1);
                    if (!uri.contains("security")) {
                        return uri;
                    }
                }
            } catch (IOException e) {
                // unreadable or absent: the next
            }
        }
        return "http://deb.debian.org/debian";
    }

    private static String osRelease(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith(key + "=")) {
                    return line.substring(key.length() + 1).replace("\"", "");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new LabException("/etc/os-release has no " + key);
    }

    Path path() {
        return root;
    }

    /** A path inside the root, e.g. {@code file("/var/lib/pptp2wg")}. */
    Path file(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    /** {@code sh -c script} inside the root, as root, in this machine's namespaces. */
    CommandResult sh(String script) {
        return Commands.run(Duration.ofMinutes(3), null, command(script));
    }

    /** The command that runs {@code sh -c script} inside the root (wrap it in a namespace with {@link Netns#wrap}). */
    List<String> command(String script) {
        String r = root.toString();
        return List.of("unshare", "-m", "--propagation", "private", "--", "sh", "-c",
                "mount -t proc proc " + r + "/proc && mount --rbind /dev " + r + "/dev && exec chroot " + r
                        + " /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 sh -c \"$0\"", script);
    }

    @Override
    public void close() {
        Commands.run(Duration.ofMinutes(2), null, List.of("rm", "-rf", "--one-file-system", root.toString()));
    }
}
