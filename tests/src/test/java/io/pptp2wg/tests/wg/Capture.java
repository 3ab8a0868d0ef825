package io.pptp2wg.tests.wg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** tcpdump in a namespace of ours, writing a pcap; stopped by its PID. */
final class Capture implements AutoCloseable {
    final Path pcap;
    private final Process process;
    private final Path log;

    Capture(NetNamespace ns, String iface, String filter, Path pcap) throws Exception {
        this.pcap = pcap;
        this.log = Path.of(pcap + ".log");
        // -U --immediate-mode: every packet reaches the file at once (without them a stop can lose them all)
        process = new ProcessBuilder(ns.execCommand("tcpdump", "-i", iface, "-n", "-U", "--immediate-mode", "-s", "0",
                "-w", pcap.toString(), filter)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(log) || !Files.readString(log).contains("listening on")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("tcpdump did not start: " + (Files.exists(log) ? Files.readString(log) : ""));
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
