package io.pptp2wg.tests.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The VM image that tests/vm/build-image.sh builds (tools/setup.sh runs it): Debian's kernel as an ELF
 * for microvm's PVH boot, and the initramfs. Current when its BUILD-INFO names the SHA-256 of the
 * working tree's build-image.sh. The guest's /init is always the working tree's tests/vm/guest-init.sh.
 */
public record VmImage(Path cache, Path vmlinux, Path initrd, Path guestInit, String kernel) {
    public static final Path DEFAULT_CACHE = Path.of("/var/cache/pptp2wg-vm");

    /** The image, or what is wrong with it (missing, stale) and how to fix it. */
    public static VmImageCheck check() {
        String configured = System.getProperty("pptp2wg.vmCache", System.getenv("PPTP2WG_VM_CACHE"));
        Path cache = configured != null && !configured.isBlank() ? Path.of(configured) : DEFAULT_CACHE;
        Path vmDir = Lab.projectRoot().resolve("tests/vm");
        List<String> problems = new ArrayList<>();
        Path info = cache.resolve("BUILD-INFO");
        Path vmlinux = cache.resolve("vmlinux");
        Path initrd = cache.resolve("initrd.img");
        String kernel = "?";
        if (!Files.isRegularFile(info) || !Files.isRegularFile(vmlinux) || !Files.isRegularFile(initrd)) {
            problems.add("no VM image in " + cache);
        } else {
            List<String> lines = read(info);
            String builder = value(lines, "builder=").orElse("");
            kernel = value(lines, "kernel=").orElse("?");
            String expected = sha256(vmDir.resolve("build-image.sh"));
            if (!builder.equals(expected)) {
                problems.add("the VM image in " + cache + " was built by another version of tests/vm/build-image.sh");
            }
        }
        if (!Files.isRegularFile(vmDir.resolve("guest-init.sh"))) {
            problems.add("no " + vmDir.resolve("guest-init.sh"));
        }
        if (!problems.isEmpty()) {
            return new VmImageCheck(Optional.empty(), String.join("; ", problems)
                    + ": run tools/setup.sh as root (or tests/vm/build-image.sh)");
        }
        return new VmImageCheck(Optional.of(new VmImage(cache, vmlinux, initrd, vmDir.resolve("guest-init.sh"), kernel)), "");
    }

    /** The image, or a {@link LabException} saying how to build it. */
    public static VmImage require() {
        VmImageCheck c = check();
        return c.image().orElseThrow(() -> new LabException(c.problem()));
    }

    /** The outcome of {@link #check()}: an image, or the problem. */
    public record VmImageCheck(Optional<VmImage> image, String problem) {}

    private static List<String> read(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> value(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).strip()).findFirst();
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
