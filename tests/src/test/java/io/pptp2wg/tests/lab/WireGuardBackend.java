package io.pptp2wg.tests.lab;

import com.wireguard.config.Config;
import com.wireguard.config.InetNetwork;
import com.wireguard.crypto.Key;
import com.wireguard.crypto.KeyPair;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Debian's userspace wireguard-go with wg(8), in its own network namespace plugged into a lab namespace's
 * bridge by a veth: the backend WireGuard server of the end-to-end tests, the independent implementation the
 * Java peer must satisfy, and (built {@linkplain Builder#wgQuick from a wg-quick file}) a user's native client.
 *
 * <pre>
 *   lab netns: br0 192.0.2.1 (gateway) ── port ── veth ── backend netns: 192.0.2.3/24, wireguard-go UDP 51820
 *                                                                         wg0 203.0.113.1/24, lo 203.0.113.10 (iperf3)
 *                                                                         route 198.51.100.0/24 dev wg0
 * </pre>
 * <pre>{@code
 * try (Netns ns = Netns.create();
 *      WireGuardBackend backend = WireGuardBackend.builder(ns).underlay("192.0.2.3/24").tunnel("203.0.113.1/24")
 *              .behind("203.0.113.10").iperf("203.0.113.10", 5201).route("198.51.100.0/24").start()) {
 *     backend.addPeers(gw.http("GET", "/api/backend/peers", null).body());   // before the first handshake
 *     Map<String, WireGuardBackend.Peer> dump = backend.dump();
 *     backend.stop(); ...; backend.start();                                  // same key, same peers
 * }
 * }</pre>
 * Pitfalls handled (see the reference harness /work/shared/interop/wg-backend): the UAPI socket
 * {@code /var/run/wireguard/IFACE.sock} is one path for every namespace, so the interface name is unique per
 * JVM; a key must be known before its first initiation (an unknown key's initiation is dropped silently and
 * retried only after REKEY_TIMEOUT), so peers are registered with {@code wg addconf} and a restart applies
 * key, port and peers in one {@code wg setconf} before the link (and so the UDP socket) comes up; wireguard-go
 * never sets SO_RCVBUF, so its UDP buffers are forced to {@link Builder#socketBuffers} bytes after every start.
 */
public final class WireGuardBackend implements AutoCloseable {
    private static final Pattern SERVER_LISTENING = Pattern.compile("Server listening");
    private static final Path UAPI_DIR = Path.of("/var/run/wireguard");

    /** One line of {@code wg show IFACE dump}: a peer as the backend sees it now. */
    public record Peer(String publicKey, String endpoint, List<String> allowedIps, long latestHandshake,
                       long rxBytes, long txBytes, String persistentKeepalive) {
        /** The endpoint's address without port, or "" when none is known yet. */
        public String endpointAddress() {
            int colon = endpoint.lastIndexOf(':');
            return endpoint.equals("(none)") || colon < 0 ? "" : endpoint.substring(0, colon);
        }
    }

    private final Netns lab;
    private final Netns ns;
    private final Netns.Veth underlay;
    private final String iface;
    private final KeyPair keys;
    private final int listenPort;
    private final List<String> tunnelCidrs;
    private final List<String> routes;
    private final int mtu;
    private final int socketBuffers;
    private final Path dir;
    /** The configuration's peers by public key, as `wg setconf` lines (AllowedIPs refreshed at every stop). */
    private final Map<String, Map<String, String>> peers = new LinkedHashMap<>();
    private LabProcess process;
    private int starts;
    private long upAtMillis;

    private WireGuardBackend(Builder b, Netns ns, Netns.Veth underlay, String iface, Path dir) {
        this.lab = b.lab;
        this.ns = ns;
        this.underlay = underlay;
        this.iface = iface;
        this.keys = b.keys;
        this.listenPort = b.listenPort;
        this.tunnelCidrs = List.copyOf(b.tunnelCidrs);
        this.routes = List.copyOf(b.routes);
        this.mtu = b.mtu;
        this.socketBuffers = b.socketBuffers;
        this.dir = dir;
        b.peers.forEach((k, v) -> peers.put(k, new LinkedHashMap<>(v)));
    }

    public static Builder builder(Netns lab) {
        return new Builder(lab);
    }

    public Netns ns() {
        return ns;
    }

    /** The WireGuard interface (unique per JVM: the UAPI socket path is global). */
    public String iface() {
        return iface;
    }

    /** The veth end inside this namespace (for captures of the UDP side). */
    public String underlayDevice() {
        return underlay.bDevice();
    }

    /** The address on the lab bridge, without prefix. */
    public String address() {
        return underlay.bAddress();
    }

    /** {@code address:port}, as a wg.conf Endpoint. */
    public String endpoint() {
        return address() + ":" + listenPort;
    }

    public Key publicKey() {
        return keys.getPublicKey();
    }

    public Key privateKey() {
        return keys.getPrivateKey();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Wall-clock milliseconds when the last start had its UDP socket up (it could answer from then on). */
    public long upAtMillis() {
        return upAtMillis;
    }

    /** Starts wireguard-go (again) with the same key, port and peers; returns once its UDP socket is up. */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("wireguard-go " + iface + " is running");
        }
        starts++;
        process = ns.start("wireguard-go-" + iface, "env", "LOG_LEVEL=error", "wireguard-go", "-f", iface);
        Path sock = UAPI_DIR.resolve(iface + ".sock");
        if (!Wait.until(() -> Files.exists(sock) || !process.isAlive(), Duration.ofSeconds(10), Duration.ofMillis(20))
                || !process.isAlive()) {
            throw new LabException("wireguard-go " + iface + " did not start: " + process.logText().strip());
        }
        // key, port and every peer at once, while the link is down: nothing can arrive half-configured
        Path conf = writeConf();
        wg("setconf", iface, conf.toString());
        ns.ip("link", "set", iface, "mtu", Integer.toString(mtu));
        for (String cidr : tunnelCidrs) {
            ns.addAddress(iface, cidr);
        }
        ns.ip("link", "set", iface, "up");
        for (String r : routes) {
            ns.ip("route", "add", DocumentationAddresses.require("route", r), "dev", iface);
        }
        ns.assertNoDefaultRoute();
        // wireguard-go binds its UDP socket(s) once the link is up, asynchronously
        boolean bound = Wait.until(() -> SocketBuffers.udpSockets(process.pid()) > 0, Duration.ofSeconds(10),
                Duration.ofMillis(10));
        if (!bound) {
            throw new LabException("wireguard-go " + iface + " opened no UDP socket: " + process.logText().strip());
        }
        if (socketBuffers > 0) {
            SocketBuffers.force(process.pid(), socketBuffers);
        }
        upAtMillis = System.currentTimeMillis();
    }

    /**
     * Stops wireguard-go (SIGTERM by its PID; the interface, its addresses and routes go with it). The peers'
     * current AllowedIPs are kept for the next {@link #start()}, as a backend's saved configuration would be.
     */
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        for (Peer p : dump().values()) {
            Map<String, String> conf = peers.computeIfAbsent(p.publicKey(), k -> new LinkedHashMap<>());
            conf.put("AllowedIPs", String.join(", ", p.allowedIps()));
        }
        process.stop(Duration.ofSeconds(5));
        process.close();
        try {
            Files.deleteIfExists(UAPI_DIR.resolve(iface + ".sock")); // ours; left only after a SIGKILL
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #stop()} then {@link #start()}. */
    public void restart() {
        stop();
        start();
    }

    /**
     * Adds the {@code [Peer]} sections of a wg-quick text (e.g. what {@code GET /api/backend/peers} prints) with
     * one {@code wg addconf}: do it before the peers' first handshake.
     */
    public synchronized void addPeers(String wgQuickPeers) {
        Map<String, Map<String, String>> added = parsePeers(wgQuickPeers);
        if (added.isEmpty()) {
            throw new IllegalArgumentException("no [Peer] with a PublicKey in:\n" + wgQuickPeers);
        }
        added.forEach((k, v) -> peers.computeIfAbsent(k, x -> new LinkedHashMap<>()).putAll(v));
        if (isRunning()) {
            Path f = write("peers-" + Lab.nextSequence() + ".conf", peersText(added));
            wg("addconf", iface, f.toString());
        }
    }

    /** Adds one peer. */
    public void addPeer(Key publicKey, String allowedIps) {
        addPeers("[Peer]\nPublicKey = " + publicKey.toBase64() + "\nAllowedIPs = " + allowedIps + "\n");
    }

    /** {@code wg set IFACE peer KEY allowed-ips IPS}: wireguard-go moves an address another peer had to this one. */
    public synchronized void setAllowedIps(String publicKey, String allowedIps) {
        wg("set", iface, "peer", publicKey, "allowed-ips", allowedIps);
        peers.computeIfAbsent(publicKey, k -> new LinkedHashMap<>()).put("AllowedIPs", allowedIps);
    }

    /** {@code wg show IFACE dump}, one entry per peer by public key (base64), in wg's order. */
    public Map<String, Peer> dump() {
        return parseDump(wg("show", iface, "dump"));
    }

    /** The text of {@code wg show IFACE dump} (its first line holds the private key: keep it in the test). */
    public String dumpText() {
        return wg("show", iface, "dump");
    }

    static Map<String, Peer> parseDump(String text) {
        Map<String, Peer> out = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.split("\t");
            if (f.length < 8) {
                throw new LabException("not a wg dump peer line: " + line);
            }
            List<String> ips = f[3].equals("(none)") ? List.of() : Arrays.stream(f[3].split(",")).map(String::strip).toList();
            out.put(f[0], new Peer(f[0], f[2], ips, Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), f[7]));
        }
        return out;
    }

    /** A short command inside the backend's namespace. */
    public CommandResult exec(String... command) {
        return ns.exec(command);
    }

    public CommandResult exec(Duration timeout, String... command) {
        return ns.exec(timeout, command);
    }

    /** wireguard-go's log (this run). */
    public String logText() {
        return process == null ? "" : process.logText();
    }

    private String wg(String... args) {
        List<String> c = new ArrayList<>(List.of("wg"));
        c.addAll(List.of(args));
        return ns.exec(c.toArray(String[]::new)).orThrow().stdout();
    }

    private Path writeConf() {
        StringBuilder sb = new StringBuilder("[Interface]\nPrivateKey = ").append(keys.getPrivateKey().toBase64()).append('\n');
        if (listenPort > 0) {
            sb.append("ListenPort = ").append(listenPort).append('\n');
        }
        sb.append('\n').append(peersText(peers));
        return write("wg-" + starts + ".conf", sb.toString());
    }

    private static String peersText(Map<String, Map<String, String>> peers) {
        StringBuilder sb = new StringBuilder();
        peers.forEach((key, lines) -> {
            sb.append("[Peer]\nPublicKey = ").append(key).append('\n');
            lines.forEach((k, v) -> {
                if (!v.isBlank()) {
                    sb.append(k).append(" = ").append(v).append('\n');
                }
            });
            sb.append('\n');
        });
        return sb.toString();
    }

    /** wg(8) config keys of a [Peer] section (wg-quick's own keys such as DNS never appear in a [Peer]). */
    private static final List<String> PEER_KEYS = List.of("AllowedIPs", "Endpoint", "PersistentKeepalive", "PresharedKey");

    static Map<String, Map<String, String>> parsePeers(String text) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> current = null;
        String key = null;
        for (String raw : text.lines().toList()) {
            String line = raw.replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                if (key != null) {
                    out.put(key, current);
                }
                key = null;
                current = line.equalsIgnoreCase("[Peer]") ? new LinkedHashMap<>() : null;
                continue;
            }
            int eq = line.indexOf('=');
            if (current == null || eq < 0) {
                continue;
            }
            String k = line.substring(0, eq).strip();
            String v = line.substring(eq + 1).strip();
            if (k.equalsIgnoreCase("PublicKey")) {
                key = v;
            } else {
                for (String known : PEER_KEYS) {
                    if (known.equalsIgnoreCase(k)) {
                        current.merge(known, v, (a, b) -> known.equals("AllowedIPs") ? a + ", " + b : b);
                    }
                }
            }
        }
        if (key != null) {
            out.put(key, current);
        }
        return out;
    }

    private Path write(String name, String text) {
        Path f = dir.resolve(name);
        try {
            Files.writeString(f, text);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(5));
            process.close();
            try {
                Files.deleteIfExists(UAPI_DIR.resolve(iface + ".sock"));
            } catch (IOException e) {
                System.err.println("[lab] " + e);
            }
        }
        ns.close(); // its iperf3 servers and the veth go with it
        lab.disown(this);
        Cleanup.forget(this);
    }

    @Override
    public String toString() {
        return "wireguard-go " + iface + " (" + (isRunning() ? "pid " + process.pid() : "stopped") + ", " + ns + ", "
                + endpoint() + ")";
    }

    /** What the node is; the defaults make the end-to-end tests' backend. */
    public static final class Builder {
        private final Netns lab;
        private String underlayCidr = "192.0.2.3/24";
        private int listenPort = 51820;
        private KeyPair keys = new KeyPair();
        private final List<String> tunnelCidrs = new ArrayList<>();
        private final List<String> behind = new ArrayList<>();
        private final List<String> routes = new ArrayList<>();
        private final List<String[]> iperf = new ArrayList<>();
        private int mtu = 1420;
        private int socketBuffers = 4 << 20;
        private final Map<String, Map<String, String>> peers = new LinkedHashMap<>();

        private Builder(Netns lab) {
            this.lab = lab;
        }

        /** The address on the lab bridge (default 192.0.2.3/24). */
        public Builder underlay(String cidr) {
            this.underlayCidr = DocumentationAddresses.require("underlay", cidr);
            return this;
        }

        /** UDP port (default 51820; 0: wireguard-go picks one, as a client does). */
        public Builder listenPort(int port) {
            this.listenPort = port;
            return this;
        }

        public Builder privateKey(Key privateKey) {
            this.keys = new KeyPair(privateKey);
            return this;
        }

        /** An address of the WireGuard interface (default 203.0.113.1/24 when none is given). */
        public Builder tunnel(String cidr) {
            tunnelCidrs.add(DocumentationAddresses.require("tunnel address", cidr));
            return this;
        }

        /** An address "behind" the backend (on lo: it survives a restart of wireguard-go). */
        public Builder behind(String address) {
            behind.add(DocumentationAddresses.require("address behind", address));
            return this;
        }

        /** A route into the WireGuard interface (e.g. the PPTP pool 198.51.100.0/24). */
        public Builder route(String cidr) {
            routes.add(DocumentationAddresses.require("route", cidr));
            return this;
        }

        /** An iperf3 server on {@code address:port} inside the namespace (it outlives wireguard-go restarts). */
        public Builder iperf(String address, int port) {
            iperf.add(new String[] {DocumentationAddresses.require("iperf3 address", address), Integer.toString(port)});
            return this;
        }

        public Builder mtu(int mtu) {
            this.mtu = mtu;
            return this;
        }

        /** SO_RCVBUF/SO_SNDBUF forced on wireguard-go's UDP sockets (default 4 MiB; 0 = kernel default). */
        public Builder socketBuffers(int bytes) {
            this.socketBuffers = bytes;
            return this;
        }

        /** A peer known from the start. */
        public Builder peer(Key publicKey, String allowedIps, String endpoint, int persistentKeepalive) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("AllowedIPs", allowedIps);
            if (endpoint != null) {
                p.put("Endpoint", endpoint);
            }
            if (persistentKeepalive > 0) {
                p.put("PersistentKeepalive", Integer.toString(persistentKeepalive));
            }
            peers.put(publicKey.toBase64(), p);
            return this;
        }

        /**
         * Everything a wg-quick file says that wg-quick itself would apply: the key, listen port, addresses, MTU,
         * the peers, and a route into the interface for each peer's AllowedIPs (IPv4). A user's native client.
         */
        public Builder wgQuick(Config config) {
            var in = config.getInterface();
            keys = in.getKeyPair();
            listenPort = in.getListenPort().orElse(0);
            in.getAddresses().forEach(a -> tunnel(a.getAddress().getHostAddress() + "/" + a.getMask()));
            in.getMtu().ifPresent(m -> mtu = m);
            for (var p : config.getPeers()) {
                List<String> ips = new ArrayList<>();
                for (InetNetwork n : p.getAllowedIps()) {
                    if (n.getAddress() instanceof java.net.Inet4Address) {
                        ips.add(n.getAddress().getHostAddress() + "/" + n.getMask());
                    }
                }
                peer(p.getPublicKey(), String.join(", ", ips), p.getEndpoint().map(e -> e.getHost() + ":" + e.getPort()).orElse(null),
                        p.getPersistentKeepalive().orElse(0));
                p.getPreSharedKey().ifPresent(psk -> peers.get(p.getPublicKey().toBase64()).put("PresharedKey", psk.toBase64()));
                ips.forEach(this::route);
            }
            return this;
        }

        /** Creates the namespace and its veth, starts wireguard-go and the iperf3 servers. */
        public WireGuardBackend start() {
            if (tunnelCidrs.isEmpty()) {
                tunnel("203.0.113.1/24");
            }
            Netns ns = Netns.createStandalone();
            String iface = String.format(Locale.ROOT, "wg%dx%d", ProcessHandle.current().pid() % 10_000_000, Lab.nextSequence());
            WireGuardBackend b;
            try {
                Netns.Veth veth = lab.plugIntoBridge(ns, underlayCidr);
                b = new WireGuardBackend(this, ns, veth, iface, Lab.newDir(ns.name() + "-" + iface));
            } catch (RuntimeException e) {
                ns.close();
                throw e;
            }
            lab.own(b);
            Cleanup.register(b);
            try {
                for (String a : behind) {
                    ns.addAddress("lo", a + "/32");
                }
                b.start();
                for (String[] s : iperf) {
                    LabProcess p = ns.start("iperf3-" + s[1], "iperf3", "-s", "--forceflush", "-B", s[0], "-p", s[1]);
                    if (!p.awaitLog(SERVER_LISTENING, Duration.ofSeconds(10))) {
                        throw new LabException("iperf3 -s on " + s[0] + ":" + s[1] + " did not start: " + p.logText());
                    }
                }
            } catch (RuntimeException e) {
                b.close();
                throw e;
            }
            return b;
        }
    }
}
