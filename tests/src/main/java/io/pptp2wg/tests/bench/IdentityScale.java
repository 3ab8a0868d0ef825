package io.pptp2wg.tests.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.wireguard.crypto.Key;
import com.wireguard.crypto.KeyPair;
import io.pptp2wg.wireguard.device.Identity;
import io.pptp2wg.wireguard.tunnel.Disposition;
import io.pptp2wg.wireguard.udp.WireGuardSocket;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What N WireGuard identities cost on the gateway's socket (issue 7: 10,000 sessions cannot be built with the
 * documentation addresses, 10,000 identities can): heap per identity, added and after a completed handshake each,
 * and how fast they handshake with a wireguard-go that holds them as peers without AllowedIPs.
 * <pre>
 *   IdentityScale keys N PRIVATE_KEYS_FILE PEERS_FILE       N new key pairs; PEERS_FILE is for `wg addconf`
 *   IdentityScale run --keys FILE --backend PUBKEY --endpoint A:PORT --bind A [--rate PER_SECOND] [--timeout S]
 *                     [--json FILE]
 * </pre>
 * Run inside a network namespace the caller made (the socket belongs to it). Exit 0 when every identity
 * completed a handshake.
 */
public final class IdentityScale {
    private IdentityScale() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("keys") && args.length == 4) {
            keys(Integer.parseInt(args[1]), Path.of(args[2]), Path.of(args[3]));
            return;
        }
        if (args.length >= 1 && args[0].equals("run")) {
            Map<String, String> o = new LinkedHashMap<>();
            for (int i = 1; i + 1 < args.length; i += 2) {
                o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
            System.exit(run(o) ? 0 : 1);
        }
        System.err.println("usage: IdentityScale keys N PRIVATE_KEYS PEERS | run --keys F --backend PUB --endpoint A:P --bind A"
                + " [--rate R] [--timeout S] [--json F]");
        System.exit(2);
    }

    private static void keys(int n, Path privateKeys, Path peers) throws IOException {
        StringBuilder priv = new StringBuilder();
        StringBuilder conf = new StringBuilder("# IdentityScale: peers without AllowedIPs\n");
        for (int i = 0; i < n; i++) {
            KeyPair k = new KeyPair();
            priv.append(k.getPrivateKey().toBase64()).append('\n');
            conf.append("[Peer]\nPublicKey = ").append(k.getPublicKey().toBase64()).append('\n');
        }
        Files.writeString(privateKeys, priv, StandardCharsets.US_ASCII);
        Files.writeString(peers, conf, StandardCharsets.US_ASCII);
    }

    private static boolean run(Map<String, String> o) throws Exception {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        List<Key> keys = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(o.get("keys")))) {
            if (!line.isBlank()) {
                keys.add(Key.fromBase64(line.strip()));
            }
        }
        Key backend = Key.fromBase64(o.get("backend"));
        String[] ep = o.get("endpoint").split(":");
        InetSocketAddress endpoint = new InetSocketAddress(ep[0], Integer.parseInt(ep[1]));
        double rate = Double.parseDouble(o.getOrDefault("rate", "500"));
        long timeoutNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(o.getOrDefault("timeout", "120")));
        int n = keys.size();

        long heap0 = usedHeapAfterGc();
        long rss0 = rssBytes();
        WireGuardSocket socket = WireGuardSocket.open(WireGuardSocket.Options.defaults(new InetSocketAddress(o.get("bind"), 0)),
                (identity, ip) -> { });
        long heapSocket = usedHeapAfterGc();
        List<Identity> ids = new ArrayList<>(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ids.add(socket.addIdentity("id" + i, keys.get(i), backend, null, endpoint, 0).get(30, TimeUnit.SECONDS));
        }
        double addSeconds = (System.nanoTime() - t0) / 1e9;
        long heapAdded = usedHeapAfterGc();
        long rssAdded = rssBytes();

        // handshakes: each identity sends a keepalive (as the relay does when a session comes up), paced
        ByteBuffer keepalive = ByteBuffer.allocate(0);
        long start = System.nanoTime();
        long interval = (long) (1e9 / rate);
        int done = 0;
        int sent = 0;
        long deadline = start + timeoutNanos;
        while (System.nanoTime() - deadline < 0) {
            long now = System.nanoTime();
            while (sent < n && now - (start + sent * interval) >= 0) {
                socket.send(ids.get(sent++), keepalive);
            }
            done = 0;
            for (int i = 0; i < sent; i++) {
                if (ids.get(i).lastHandshake() != null) {
                    done++;
                }
            }
            if (done == n) {
                break;
            }
            Thread.sleep(20);
        }
        double handshakeSeconds = (System.nanoTime() - start) / 1e9;
        long heapHandshaken = usedHeapAfterGc();
        long rssHandshaken = rssBytes();
        long cookies = 0;
        for (Identity id : ids) {
            cookies += id.stats().received(Disposition.COOKIE_REPLY);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("identities", n);
        r.put("handshakesCompleted", done);
        r.put("addSeconds", addSeconds);
        r.put("handshakeSeconds", handshakeSeconds);
        r.put("handshakesPerSecond", done / handshakeSeconds);
        r.put("pacedAtPerSecond", rate);
        r.put("cookieRepliesReceived", cookies);
        r.put("heapBeforeBytes", heap0);
        r.put("heapWithSocketBytes", heapSocket);
        r.put("heapIdentitiesAddedBytes", heapAdded);
        r.put("heapHandshakenBytes", heapHandshaken);
        r.put("heapPerIdentityAddedBytes", (heapAdded - heapSocket) / (double) n);
        r.put("heapPerIdentityHandshakenBytes", (heapHandshaken - heapSocket) / (double) n);
        r.put("rssBeforeBytes", rss0);
        r.put("rssAddedBytes", rssAdded);
        r.put("rssHandshakenBytes", rssHandshaken);
        r.put("rssPerIdentityBytes", (rssHandshaken - rss0) / (double) n);
        r.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r);
        System.out.println(json);
        if (o.containsKey("json")) {
            Files.writeString(Path.of(o.get("json")), json + "\n");
        }
        socket.close();
        return done == n;
    }

    /** Used heap after two full collections (G1: System.gc() is a full, stop-the-world collection). */
    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }
}
