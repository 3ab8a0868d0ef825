package io.pptp2wg.tests.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the lab finds the project and writes its files, from system properties (failsafe sets them):
 * <ul>
 *   <li>{@code pptp2wg.projectRoot}: the checkout (default: found upward from the working directory);</li>
 *   <li>{@code pptp2wg.labDir}: console logs, captures, gateway logs (default {@code tests/target/lab}),
 *       one sub-directory per JVM run, kept after the tests for the failure messages and CI artefacts;</li>
 *   <li>{@code pptp2wg.vmCache}: the VM image (default {@code /var/cache/pptp2wg-vm}, as tools/setup.sh builds it).</li>
 * </ul>
 */
public final class Lab {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static Path runDir;

    private Lab() {}

    /** The project checkout: the directory holding {@code tests/vm/build-image.sh}. */
    public static Path projectRoot() {
        String configured = System.getProperty("pptp2wg.projectRoot");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("tests/vm/build-image.sh"))) {
                return p;
            }
        }
        throw new LabException("cannot find the project root (tests/vm/build-image.sh) above "
                + Path.of("").toAbsolutePath() + "; set -Dpptp2wg.projectRoot");
    }

    /** This JVM's directory for lab files, created on first use. */
    public static synchronized Path runDir() {
        if (runDir == null) {
            String configured = System.getProperty("pptp2wg.labDir");
            Path base = configured != null && !configured.isBlank() ? Path.of(configured)
                    : projectRoot().resolve("tests/target/lab");
            runDir = base.resolve("run-" + ProcessHandle.current().pid()).toAbsolutePath();
            try {
                Files.createDirectories(runDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return runDir;
    }

    /** A fresh directory under {@link #runDir()} named {@code prefix-N}. */
    public static Path newDir(String prefix) {
        Path d = runDir().resolve(prefix + "-" + SEQUENCE.incrementAndGet());
        try {
            return Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unique within this JVM. */
    static int nextSequence() {
        return SEQUENCE.incrementAndGet();
    }
}
