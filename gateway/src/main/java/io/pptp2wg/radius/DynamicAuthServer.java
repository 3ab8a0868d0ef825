package io.pptp2wg.radius;

import io.pptp2wg.stats.EnumCounters;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The Dynamic Authorization Server of RFC 5176, without I/O: a datagram, its source address and the time in; the
 * answer out (or null: dropped and counted). Only configured clients are heard; the Request Authenticator is
 * checked against the client's secret (and Message-Authenticator when present), an Event-Timestamp outside
 * {@link RadiusWire#EVENT_TIMESTAMP_WINDOW_SECONDS} is a replay. Disconnect-Request ends every session that
 * matches its identification (Acct-Session-Id, User-Name, Framed-IP-Address, Calling-Station-Id, NAS-Port)
 * and is ACKed; CoA-Request may change Session-Timeout. An unknown session gets a NAK with Error-Cause 503, an
 * attribute the gateway cannot apply 401, a NAS identification of another NAS 403. A retransmission (same
 * client, Identifier and authenticator) gets the first answer again (RFC 5080 §2.2.2) instead of acting twice.
 * Not thread-safe: one caller thread.
 */
public final class DynamicAuthServer {
    /** How long an answer is kept for a retransmission of its request. */
    static final long DUPLICATE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** RFC 2865 §5.33: Proxy-State, which an answer carries back unchanged. */
    private static final int PROXY_STATE = 33;
    /** Attributes a Disconnect-Request may carry that need no action (RFC 5176 §3.6). */
    private static final Set<Integer> HARMLESS = Set.of(RadiusWire.MESSAGE_AUTHENTICATOR, RadiusWire.EVENT_TIMESTAMP,
            RadiusWire.STATE, PROXY_STATE, RadiusWire.REPLY_MESSAGE, RadiusWire.ACCT_TERMINATE_CAUSE,
            RadiusWire.VENDOR_SPECIFIC, RadiusWire.NAS_IP_ADDRESS, RadiusWire.NAS_IDENTIFIER, RadiusWire.NAS_IPV6_ADDRESS,
            RadiusWire.USER_NAME, RadiusWire.ACCT_SESSION_ID, RadiusWire.FRAMED_IP_ADDRESS, RadiusWire.CALLING_STATION_ID,
            RadiusWire.NAS_PORT);

    /** The live sessions the gateway would act on; called on this core's thread. */
    public interface Sessions {
        List<DaeTarget> find(DaeMatch match);
    }

    /** An answer kept for a retransmission. */
    private record Answered(byte[] authenticator, byte[] reply, long until) {}

    private final List<DaeClient> clients;
    private final String nasIdentifier;
    private final OptionalInt nasIpAddress;
    private final Sessions sessions;
    private final Consumer<String> notes;
    private final Answered[][] recent;
    private final EnumCounters<DaeDrop> drops = new EnumCounters<>(DaeDrop.class);
    private final LongAdder disconnectAcks = new LongAdder();
    private final LongAdder coaAcks = new LongAdder();
    private final Map<Integer, LongAdder> naks = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param clients       who may send requests, with their secrets
     * @param nasIdentifier our NAS-Identifier: a request naming another is refused (403)
     * @param nasIpAddress  our NAS-IP-Address, when known: a request naming another is refused (403)
     * @param sessions      where matching sessions are found
     * @param notes         lines for the edge's log; never a secret
     */
    public DynamicAuthServer(List<DaeClient> clients, String nasIdentifier, OptionalInt nasIpAddress, Sessions sessions,
                             Consumer<String> notes) {
        this.clients = List.copyOf(clients);
        this.nasIdentifier = nasIdentifier;
        this.nasIpAddress = nasIpAddress;
        this.sessions = sessions;
        this.notes = notes;
        this.recent = new Answered[clients.size()][256];
    }

    /**
     * A datagram from {@code source} (4 or 16 octets). Returns the answer to send back to it, or null when the datagram
     * is dropped. Never throws.
     *
     * @param nowNanos     the monotonic clock, for the retransmission cache
     * @param epochSeconds the wall clock, for Event-Timestamp
     */
    public byte[] receive(byte[] source, byte[] datagram, long nowNanos, long epochSeconds) {
        try {
            return handle(source, datagram, nowNanos, epochSeconds);
        } catch (RuntimeException e) {
            drop(DaeDrop.MALFORMED, "a request that could not be read (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    private byte[] handle(byte[] source, byte[] datagram, long nowNanos, long epochSeconds) {
        int c = client(source);
        if (c < 0) {
            drop(DaeDrop.UNKNOWN_CLIENT, "a datagram from " + address(source) + ", which is not an allowed client");
            return null;
        }
        DaeClient client = clients.get(c);
        byte[] packet = RadiusPackets.frame(datagram);
        if (packet == null) {
            drop(DaeDrop.MALFORMED, "a request from " + client.name() + " whose Length or attributes do not fit");
            return null;
        }
        int code = packet[0] & 0xff;
        if (code != RadiusWire.DISCONNECT_REQUEST && code != RadiusWire.COA_REQUEST) {
            drop(DaeDrop.UNEXPECTED_CODE, "a datagram with code " + code + " from " + client.name());
            return null;
        }
        if (!RadiusPackets.requestAuthenticatorValid(packet, client.secret())) {
            drop(DaeDrop.BAD_AUTHENTICATOR, "a request from " + client.name()
                    + " with a wrong Request Authenticator (or another shared secret)");
            return null;
        }
        int ma = RadiusPackets.messageAuthenticatorOffset(packet);
        if (ma == -2 || ma >= 0 && !RadiusPackets.messageAuthenticatorValid(packet, ma, client.secret(),
                new byte[RadiusWire.AUTHENTICATOR_LENGTH])) {
            drop(DaeDrop.BAD_MESSAGE_AUTHENTICATOR, "a request from " + client.name() + " with a wrong Message-Authenticator");
            return null;
        }
        int id = packet[1] & 0xff;
        byte[] authenticator = Arrays.copyOfRange(packet, 4, RadiusWire.HEADER_LENGTH);
        Answered before = recent[c][id];
        if (before != null && nowNanos - before.until() < 0 && Arrays.equals(before.authenticator(), authenticator)) {
            return before.reply().clone(); // a retransmission: the same answer, the action not repeated
        }
        List<RadiusPackets.Raw> attrs = RadiusPackets.attributes(packet);
        Outcome o = act(code, attrs, client, epochSeconds);
        if (o == null) {
            return null; // a stale Event-Timestamp (dropped and counted)
        }
        List<RadiusPackets.Raw> out = new ArrayList<>();
        if (o.errorCause() != 0) {
            out.add(new RadiusPackets.Raw(RadiusWire.ERROR_CAUSE, int32(o.errorCause())));
            naks.computeIfAbsent(o.errorCause(), k -> new LongAdder()).increment();
        } else if (code == RadiusWire.DISCONNECT_REQUEST) {
            disconnectAcks.increment();
        } else {
            coaAcks.increment();
        }
        attrs.stream().filter(a -> a.type() == PROXY_STATE).forEach(out::add); // RFC 2865 §5.33: back unchanged
        int replyCode = o.errorCause() != 0 ? code + 2 : code + 1; // RFC 5176 §2: ACK = request + 1, NAK = request + 2
        byte[] reply = encode(replyCode, id, authenticator, out, ma >= 0, client.secret());
        recent[c][id] = new Answered(authenticator, reply, nowNanos + DUPLICATE_NANOS);
        return reply.clone();
    }

    /** What a request did: 0 = ACK, else the NAK's Error-Cause. */
    private record Outcome(int errorCause) {}

    private Outcome act(int code, List<RadiusPackets.Raw> attrs, DaeClient client, long epochSeconds) {
        String kind = code == RadiusWire.DISCONNECT_REQUEST ? "Disconnect-Request" : "CoA-Request";
        Optional<String> sessionId = Optional.empty();
        Optional<String> user = Optional.empty();
        OptionalInt framed = OptionalInt.empty();
        Optional<String> calling = Optional.empty();
        OptionalInt port = OptionalInt.empty();
        OptionalInt sessionTimeout = OptionalInt.empty();
        List<Integer> unsupported = new ArrayList<>();
        for (RadiusPackets.Raw a : attrs) {
            byte[] v = a.value();
            switch (a.type()) {
                case RadiusWire.ACCT_SESSION_ID -> sessionId = Optional.of(text(v));
                case RadiusWire.USER_NAME -> user = Optional.of(text(v));
                case RadiusWire.CALLING_STATION_ID -> calling = Optional.of(text(v));
                case RadiusWire.FRAMED_IP_ADDRESS, RadiusWire.NAS_PORT, RadiusWire.NAS_IP_ADDRESS,
                     RadiusWire.SESSION_TIMEOUT, RadiusWire.EVENT_TIMESTAMP -> {
                    Long n = RadiusPackets.integer(v);
                    if (n == null) {
                        notes.accept("RADIUS " + kind + " from " + client.name() + ": attribute " + a.type() + " is not 4 octets");
                        return new Outcome(RadiusWire.ERROR_INVALID_REQUEST);
                    }
                    switch (a.type()) {
                        case RadiusWire.FRAMED_IP_ADDRESS -> framed = OptionalInt.of(n.intValue());
                        case RadiusWire.NAS_PORT -> port = OptionalInt.of(n.intValue());
                        case RadiusWire.SESSION_TIMEOUT -> sessionTimeout = OptionalInt.of((int) Math.min(Integer.MAX_VALUE, n));
                        case RadiusWire.NAS_IP_ADDRESS -> {
                            if (nasIpAddress.isPresent() && nasIpAddress.getAsInt() != n.intValue()) {
                                return mismatch(kind, client, "NAS-IP-Address");
                            }
                        }
                        default -> { // Event-Timestamp: RFC 5176 §3.4, a replay outside the window is dropped
                            if (Math.abs(epochSeconds - n) > RadiusWire.EVENT_TIMESTAMP_WINDOW_SECONDS) {
                                drop(DaeDrop.STALE_TIMESTAMP, "a " + kind + " from " + client.name() + " whose Event-Timestamp is "
                                        + (epochSeconds - n) + " s away from our clock");
                                return null;
                            }
                        }
                    }
                }
                case RadiusWire.NAS_IDENTIFIER -> {
                    if (!text(v).equals(nasIdentifier)) {
                        return mismatch(kind, client, "NAS-Identifier");
                    }
                }
                case RadiusWire.NAS_IPV6_ADDRESS -> {
                    return mismatch(kind, client, "NAS-IPv6-Address");
                }
                default -> {
                    if (!HARMLESS.contains(a.type())) {
                        unsupported.add(a.type());
                    }
                }
            }
        }
        if (code == RadiusWire.DISCONNECT_REQUEST && sessionTimeout.isPresent()) {
            unsupported.add(RadiusWire.SESSION_TIMEOUT);
        }
        if (!unsupported.isEmpty()) {
            notes.accept("RADIUS " + kind + " from " + client.name() + " refused: attributes " + unsupported
                    + " cannot be applied (Error-Cause 401)");
            return new Outcome(RadiusWire.ERROR_UNSUPPORTED_ATTRIBUTE);
        }
        DaeMatch match = new DaeMatch(sessionId, user, framed, calling, port);
        if (match.empty()) {
            notes.accept("RADIUS " + kind + " from " + client.name() + " names no session (Error-Cause 402)");
            return new Outcome(RadiusWire.ERROR_MISSING_ATTRIBUTE);
        }
        List<DaeTarget> targets = sessions.find(match);
        if (targets.isEmpty()) {
            notes.accept("RADIUS " + kind + " from " + client.name() + ": no session matches " + describe(match)
                    + " (Error-Cause 503)");
            return new Outcome(RadiusWire.ERROR_SESSION_CONTEXT_NOT_FOUND);
        }
        if (code == RadiusWire.DISCONNECT_REQUEST) {
            for (DaeTarget t : targets) {
                t.disconnect("RADIUS Disconnect-Request from " + client.name());
            }
            notes.accept("RADIUS Disconnect-Request from " + client.name() + ": " + targets.size() + " session(s) of "
                    + describe(match) + " disconnected");
        } else {
            int seconds = sessionTimeout.orElse(-1);
            if (seconds >= 0) {
                targets.forEach(t -> t.sessionTimeout(seconds));
            }
            notes.accept("RADIUS CoA-Request from " + client.name() + ": " + targets.size() + " session(s) of "
                    + describe(match) + (seconds >= 0 ? ", Session-Timeout now " + seconds + " s" : ", nothing to change"));
        }
        return new Outcome(0);
    }

    private Outcome mismatch(String kind, DaeClient client, String attribute) {
        notes.accept("RADIUS " + kind + " from " + client.name() + " names another NAS (" + attribute + "; Error-Cause 403)");
        return new Outcome(RadiusWire.ERROR_NAS_IDENTIFICATION_MISMATCH);
    }

    private static String describe(DaeMatch m) {
        List<String> parts = new ArrayList<>();
        m.acctSessionId().ifPresent(v -> parts.add("Acct-Session-Id " + ReplyParser.printable(v)));
        m.userName().ifPresent(v -> parts.add("User-Name '" + ReplyParser.printable(v) + "'"));
        m.framedIp().ifPresent(v -> parts.add("Framed-IP-Address " + io.pptp2wg.config.Ipv4.format(v)));
        m.callingStationId().ifPresent(v -> parts.add("Calling-Station-Id " + ReplyParser.printable(v)));
        m.nasPort().ifPresent(v -> parts.add("NAS-Port " + v));
        return String.join(", ", parts);
    }

    /** RFC 5176 §2.3 answer: MA (when the request had one) over the packet with the request's authenticator, then the Response Authenticator. */
    private static byte[] encode(int code, int id, byte[] requestAuthenticator, List<RadiusPackets.Raw> attrs, boolean withMa,
                                 byte[] secret) {
        int length = RadiusWire.HEADER_LENGTH + (withMa ? 2 + RadiusWire.MESSAGE_AUTHENTICATOR_LENGTH : 0);
        for (RadiusPackets.Raw a : attrs) {
            length += 2 + a.value().length;
        }
        byte[] p = new byte[length];
        p[0] = (byte) code;
        p[1] = (byte) id;
        p[2] = (byte) (length >> 8);
        p[3] = (byte) length;
        System.arraycopy(requestAuthenticator, 0, p, 4, RadiusWire.AUTHENTICATOR_LENGTH);
        int i = RadiusWire.HEADER_LENGTH;
        int maAt = -1;
        if (withMa) {
            p[i] = (byte) RadiusWire.MESSAGE_AUTHENTICATOR;
            p[i + 1] = (byte) (2 + RadiusWire.MESSAGE_AUTHENTICATOR_LENGTH);
            maAt = i + 2;
            i += 2 + RadiusWire.MESSAGE_AUTHENTICATOR_LENGTH;
        }
        for (RadiusPackets.Raw a : attrs) {
            p[i] = (byte) a.type();
            p[i + 1] = (byte) (2 + a.value().length);
            System.arraycopy(a.value(), 0, p, i + 2, a.value().length);
            i += 2 + a.value().length;
        }
        if (withMa) {
            byte[] mac = RadiusPackets.hmac(p, maAt, secret, requestAuthenticator);
            System.arraycopy(mac, 0, p, maAt, RadiusWire.MESSAGE_AUTHENTICATOR_LENGTH);
        }
        RadiusPackets.signResponse(p, secret, requestAuthenticator);
        return p;
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static String text(byte[] v) {
        return new String(v, StandardCharsets.UTF_8);
    }

    private int client(byte[] source) {
        for (int i = 0; i < clients.size(); i++) {
            if (Arrays.equals(clients.get(i).address(), source)) {
                return i;
            }
        }
        return -1;
    }

    private static String address(byte[] a) {
        try {
            return java.net.InetAddress.getByAddress(a).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return "?";
        }
    }

    private void drop(DaeDrop why, String what) {
        drops.increment(why);
        notes.accept("RADIUS: dropped " + what + " (" + why + ")");
    }

    // ---- what the metrics read (any thread)

    /** Datagrams dropped without an answer, by reason (only those seen). */
    public Map<DaeDrop, Long> drops() {
        return drops.seen();
    }

    public long disconnectAcks() {
        return disconnectAcks.sum();
    }

    public long coaAcks() {
        return coaAcks.sum();
    }

    /** NAKs sent, by Error-Cause. */
    public Map<Integer, Long> naks() {
        Map<Integer, Long> out = new TreeMap<>();
        naks.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Zeroes the clients' secrets; the server is unusable afterwards. */
    public void destroy() {
        clients.forEach(DaeClient::destroy);
    }
}
