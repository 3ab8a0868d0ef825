package io.pptp2wg.tests.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Short host commands (ip, curl, tshark...), each bounded in time. */
public final class Commands {
    /** The default bound for a short command. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private Commands() {}

    public static CommandResult run(String... command) {
        return run(DEFAULT_TIMEOUT, null, List.of(command));
    }

    /** Runs {@code command}, feeding it {@code stdin} (or nothing); killed after {@code timeout}. */
    public static CommandResult run(Duration timeout, byte[] stdin, List<String> command) {
        Process p;
        try {
            p = Launcher.start(new ProcessBuilder(command));
        } catch (IOException e) {
            throw new LabException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        } catch (IOException e) {
            // the command did not read its input: its exit code says what happened
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new LabException(String.join(" ", command) + " did not finish within " + timeout + "; killed");
            }
            return new CommandResult(List.copyOf(command), p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, r -> Thread.ofVirtual().name("lab-drain").start(r));
    }

    /** True when {@code program} is on the PATH. */
    public static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
