package io.pptp2wg.admin.core;

import com.wireguard.crypto.Key;
import com.wireguard.crypto.KeyFormatException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses the text of {@code wg show IFACE dump} (or {@code wg show all dump}, whose lines start with
 * the interface name). Tab-separated; the interface line is {@code private-key public-key listen-port
 * fwmark} and is skipped without keeping its private key; each peer line is {@code public-key
 * preshared-key endpoint allowed-ips latest-handshake transfer-rx transfer-tx persistent-keepalive}.
 * Every line is checked; the first bad one is reported by number, without its content.
 */
public final class HandshakeDump {
    static final int INTERFACE_FIELDS = 4;
    static final int PEER_FIELDS = 8;
    /** A dump of more peers than this is refused (bounded work per request). */
    public static final int MAX_PEERS = 100_000;

    /** One peer of the backend. {@code endpointAddress} is the IP of {@code endpoint}, empty for "(none)". */
    public record PeerLine(int line, Key publicKey, Optional<String> endpoint, Optional<String> endpointAddress,
                           Optional<Instant> latestHandshake, long rxBytes, long txBytes) {}

    public static final class Malformed extends RuntimeException {
        Malformed(int line, String why) {
            super("line " + line + ": " + why);
        }

        Malformed(String why) {
            super(why);
        }
    }

    private HandshakeDump() {}

    public static List<PeerLine> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new Malformed("empty: send the output of 'wg show IFACE dump'");
        }
        List<PeerLine> peers = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        boolean sawInterface = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            int n = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            int offset;
            if (f.length == INTERFACE_FIELDS || f.length == INTERFACE_FIELDS + 1) {
                // the interface's own line: holds its private key, which is neither kept nor echoed
                sawInterface = true;
                continue;
            } else if (f.length == PEER_FIELDS) {
                offset = 0;
            } else if (f.length == PEER_FIELDS + 1) {
                offset = 1; // 'wg show all dump': the interface name first
            } else {
                throw new Malformed(n, "expected " + PEER_FIELDS + " tab-separated fields (public-key, preshared-key, "
                        + "endpoint, allowed-ips, latest-handshake, transfer-rx, transfer-tx, persistent-keepalive), got "
                        + f.length);
            }
            if (peers.size() >= MAX_PEERS) {
                throw new Malformed("more than " + MAX_PEERS + " peers");
            }
            peers.add(peer(n, f, offset));
        }
        if (!sawInterface && peers.isEmpty()) {
            throw new Malformed("no interface or peer line: send the output of 'wg show IFACE dump'");
        }
        return peers;
    }

    private static PeerLine peer(int n, String[] f, int o) {
        Key key;
        try {
            key = Key.fromBase64(f[o]);
        } catch (KeyFormatException e) {
            throw new Malformed(n, "the peer's public key is not a base64 WireGuard key");
        }
        String endpoint = f[o + 2];
        Optional<String> ep = Optional.empty();
        Optional<String> address = Optional.empty();
        if (!endpoint.equals("(none)")) {
            address = Optional.of(endpointAddress(n, endpoint));
            ep = Optional.of(endpoint);
        }
        long handshake = number(n, f[o + 4], "latest-handshake");
        if (handshake > Instant.MAX.getEpochSecond()) { // Instant.ofEpochSecond would throw: found by fuzzing
            throw new Malformed(n, "latest-handshake is out of range");
        }
        long rx = number(n, f[o + 5], "transfer-rx");
        long tx = number(n, f[o + 6], "transfer-tx");
        String keepalive = f[o + 7];
        if (!keepalive.equals("off")) {
            number(n, keepalive, "persistent-keepalive");
        }
        return new PeerLine(n, key, ep, address,
                handshake == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(handshake)), rx, tx);
    }

    /** host:port or [v6]:port, as wg prints endpoints; the host part only. */
    private static String endpointAddress(int n, String endpoint) {
        String host;
        String port;
        if (endpoint.startsWith("[")) {
            int close = endpoint.indexOf("]:");
            if (close < 0) {
                throw new Malformed(n, "endpoint is not [address]:port");
            }
            host = endpoint.substring(1, close);
            port = endpoint.substring(close + 2);
            if (!host.matches("[0-9A-Fa-f:.%a-zA-Z]{2,64}")) {
                throw new Malformed(n, "endpoint is not [address]:port");
            }
        } else {
            int colon = endpoint.lastIndexOf(':');
            if (colon <= 0) {
                throw new Malformed(n, "endpoint is not address:port");
            }
            host = endpoint.substring(0, colon);
            port = endpoint.substring(colon + 1);
            if (io.pptp2wg.config.Ipv4.parse(host).isEmpty()) {
                throw new Malformed(n, "endpoint is not address:port");
            }
        }
        long p = number(n, port, "endpoint port");
        if (p < 1 || p > 65535) {
            throw new Malformed(n, "endpoint port out of range");
        }
        return host;
    }

    private static long number(int n, String text, String what) {
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Malformed(n, what + " is not a number");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) { // 19 digits beyond Long.MAX_VALUE: found by fuzzing
            throw new Malformed(n, what + " is out of range");
        }
    }
}
