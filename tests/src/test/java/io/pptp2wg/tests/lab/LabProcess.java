package io.pptp2wg.tests.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A long-lived child process (the gateway, tcpdump, wireguard-go, an iperf3 server...), its stdout and
 * stderr in one log file. It dies with the JVM ({@link Launcher}); {@link #close()} stops it by its PID:
 * SIGTERM, then SIGKILL after a grace period.
 */
public final class LabProcess implements AutoCloseable {
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path log;

    private LabProcess(String name, List<String> command, Process process, Path log) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} (as given: wrap it in {@code ip netns exec} first if it belongs in a netns). */
    public static LabProcess start(String name, Path log, List<String> command) {
        return start(name, log, command, null);
    }

    /** Like {@link #start(String, Path, List)}, in working directory {@code workDir} (null: ours). */
    public static LabProcess start(String name, Path log, List<String> command, Path workDir) {
        List<String> full = Launcher.dieWithJvm(command);
        ProcessBuilder pb = new ProcessBuilder(full)
                .directory(workDir == null ? null : workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            LabProcess p = new LabProcess(name, List.copyOf(command), Launcher.start(pb), log);
            Cleanup.register(p);
            return p;
        } catch (IOException e) {
            throw new LabException("cannot start " + name + ": " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The log so far. */
    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code n} lines of the log, for failure messages. */
    public String logTail(int n) {
        List<String> lines = logText().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** Waits until the log has a line matching {@code pattern}; false on timeout or when the process ended first. */
    public boolean awaitLog(Pattern pattern, Duration timeout) {
        Wait.until(() -> !isAlive() || pattern.matcher(logText()).find(), timeout, Duration.ofMillis(100));
        return pattern.matcher(logText()).find();
    }

    /** Waits for the process to exit by itself; its exit code, or -1 when still running at the deadline. */
    public int awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGTERM, and SIGKILL when still alive after {@code grace}; returns the exit code. */
    public int stop(Duration grace) {
        if (process.isAlive()) {
            process.destroy();
            if (awaitExit(grace) == -1 && process.isAlive()) {
                process.destroyForcibly();
            }
        }
        return awaitExit(Duration.ofSeconds(10));
    }

    /** SIGKILL at once (no goodbye); returns the exit code. */
    public int kill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        stop(DEFAULT_GRACE);
        Cleanup.forget(this);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ": " + String.join(" ", command) + ")";
    }
}
