package io.pptp2wg.tests.lab;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A VM's serial console through qemu's {@code pipe} chardev: {@code BASE.out} is drained by a thread
 * into a log file and into memory (lines stamped with their arrival), {@code BASE.in} carries the
 * host's commands to the guest. Waiting for a line is bounded and ends early when the VM is gone.
 */
final class Console implements AutoCloseable {
    /** Lines kept in memory; the log file has them all. */
    private static final int MAX_LINES = 200_000;

    private final Path fifoIn;
    private final Path fifoOut;
    private final Path logFile;
    private final List<Line> lines = new ArrayList<>();
    private final RandomAccessFile input;
    private Thread drain;
    private boolean ended;

    /** One console line and when it arrived ({@link System#nanoTime()}). */
    record Line(long nanos, String text) {}

    /** Creates the FIFOs {@code base.in} and {@code base.out}; qemu opens them with {@code -chardev pipe,path=base}. */
    Console(Path base, Path logFile) throws IOException {
        this.fifoIn = Path.of(base + ".in");
        this.fifoOut = Path.of(base + ".out");
        this.logFile = logFile;
        Commands.run("mkfifo", "-m", "600", fifoIn.toString(), fifoOut.toString()).orThrow();
        // read-write: opening never blocks, and qemu's read end never sees EOF while we hold it
        this.input = new RandomAccessFile(fifoIn.toFile(), "rw");
    }

    void startDraining(String vmName) {
        drain = Thread.ofPlatform().daemon().name("console-" + vmName).start(this::drainLoop);
    }

    private void drainLoop() {
        // opening the read end waits for qemu to open the pipe (O_RDWR); EOF once qemu is gone
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(fifoOut),
                     StandardCharsets.UTF_8));
             BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            String s;
            while ((s = in.readLine()) != null) {
                String text = strip(s);
                log.write(text);
                log.newLine();
                log.flush();
                synchronized (this) {
                    if (lines.size() < MAX_LINES) {
                        lines.add(new Line(System.nanoTime(), text));
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            System.err.println("[lab] console " + fifoOut + ": " + e);
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /** Carriage returns and terminal escape sequences removed. */
    static String strip(String s) {
        return s.replace("\r", "").replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
    }

    /** Sends one line to the guest. */
    synchronized void send(String line) {
        try {
            input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LabException("cannot write to the VM console " + fifoIn + ": " + e.getMessage(), e);
        }
    }

    /**
     * The first line from index {@code from} on that matches; empty when {@code timeout} passed or the
     * console ended (the VM is gone) without one.
     */
    synchronized Optional<Line> await(int from, Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int i = from;
        while (true) {
            for (; i < lines.size(); i++) {
                if (match.test(lines.get(i).text())) {
                    return Optional.of(lines.get(i));
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                return Optional.empty();
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    synchronized List<String> texts() {
        return lines.stream().map(Line::text).toList();
    }

    synchronized int size() {
        return lines.size();
    }

    synchronized boolean ended() {
        return ended;
    }

    Path logFile() {
        return logFile;
    }

    /** The last {@code n} lines, for failure messages. */
    String tail(int n) {
        List<String> t = texts();
        return String.join("\n", t.subList(Math.max(0, t.size() - n), t.size()));
    }

    /** Call once qemu has exited (or was killed): ends the drain thread and removes the FIFOs. */
    @Override
    public void close() {
        try {
            if (drain != null && drain.isAlive() && !ended()) {
                // the drain thread may still be blocked opening the read end (qemu never started):
                // open and close a write end so that it gets past the open and reads EOF
                try (RandomAccessFile unblock = new RandomAccessFile(fifoOut.toFile(), "rw")) {
                    unblock.getFD();
                }
                drain.join(Duration.ofSeconds(5));
            }
            input.close();
        } catch (IOException | InterruptedException e) {
            System.err.println("[lab] closing console " + fifoOut + ": " + e);
        } finally {
            try {
                Files.deleteIfExists(fifoIn);
                Files.deleteIfExists(fifoOut);
            } catch (IOException e) {
                System.err.println("[lab] " + e);
            }
        }
    }
}
