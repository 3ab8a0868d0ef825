package io.pptp2wg.tests.wg;

import com.wireguard.crypto.Key;
import com.wireguard.crypto.KeyPair;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian's userspace wireguard-go, with wg(8), in a namespace of ours: the independent WireGuard implementation
 * the Java peer must satisfy. Its UAPI socket (/var/run/wireguard/IFACE.sock) is a plain path shared by every
 * namespace, so the interface name is unique per run.
 */
final class WireGuardGo implements AutoCloseable {
    record PeerState(String publicKey, String endpoint, String allowedIps, long latestHandshake, long rxBytes,
                     long txBytes) {
    }

    final NetNamespace ns;
    final String iface;
    final KeyPair keys = new KeyPair();
    final Path dir;
    private final Process process;

    WireGuardGo(NetNamespace ns, String iface, int port, String tunnelAddress, Path dir) throws Exception {
        this.ns = ns;
        this.iface = iface;
        this.dir = dir;
        Files.createDirectories(dir);
        Path keyFile = dir.resolve(iface + ".key");
        Files.writeString(keyFile, keys.getPrivateKey().toBase64() + "\n");
        keyFile.toFile().setReadable(false, false);
        keyFile.toFile().setReadable(true, true);
        // -f: stay in the foreground, so the PID we hold is wireguard-go's (ip netns exec execs into it)
        ProcessBuilder pb = new ProcessBuilder(ns.execCommand("wireguard-go", "-f", iface))
                .redirectErrorStream(true).redirectOutput(dir.resolve(iface + ".log").toFile());
        pb.environment().put("LOG_LEVEL", "error");
        process = pb.start();
        File sock = new File("/var/run/wireguard/" + iface + ".sock");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!sock.exists()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("wireguard-go did not start: " + Files.readString(dir.resolve(iface + ".log")));
            }
            Thread.sleep(20);
        }
        ns.exec("wg", "set", iface, "private-key", keyFile.toString(), "listen-port", Integer.toString(port));
        ns.ip("addr", "add", tunnelAddress, "dev", iface);
        ns.ip("link", "set", iface, "mtu", "1420", "up");
    }

    /** Adds peers in one `wg addconf` (register before the peer's first handshake: an unknown key is ignored). */
    void addPeers(Map<Key, String> allowedIps, Map<Key, String> endpoints) throws IOException {
        StringBuilder conf = new StringBuilder();
        allowedIps.forEach((k, ips) -> {
            conf.append("[Peer]\nPublicKey = ").append(k.toBase64()).append("\nAllowedIPs = ").append(ips).append('\n');
            if (endpoints.containsKey(k)) {
                conf.append("Endpoint = ").append(endpoints.get(k)).append('\n');
            }
            conf.append('\n');
        });
        Path f = Files.createTempFile(dir, "peers", ".conf");
        Files.writeString(f, conf);
        ns.exec("wg", "addconf", iface, f.toString());
    }

    /** `wg show IFACE dump`, one entry per peer. */
    Map<String, PeerState> dump() {
        Map<String, PeerState> peers = new HashMap<>();
        String[] lines = ns.exec("wg", "show", iface, "dump").split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t");
            if (f.length >= 8) {
                peers.put(f[0], new PeerState(f[0], f[2], f[3], Long.parseLong(f[4]), Long.parseLong(f[5]),
                        Long.parseLong(f[6])));
            }
        }
        return peers;
    }

    List<String> log() throws IOException {
        return new ArrayList<>(Files.readAllLines(dir.resolve(iface + ".log")));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM to the PID we started
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        File sock = new File("/var/run/wireguard/" + iface + ".sock");
        if (sock.exists()) {
            sock.delete(); // ours, left behind only after SIGKILL
        }
    }
}
