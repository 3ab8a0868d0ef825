package io.pptp2wg.radius;

import io.pptp2wg.config.radius.RadiusClientConf;
import io.pptp2wg.config.radius.RadiusServer;
import io.pptp2wg.stats.EnumCounters;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;
import org.aaa4j.radius.core.packet.PacketCodecException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The RADIUS authentication client (RFC 2865), without I/O: requests go out as datagrams through
 * {@link Outbox}, replies come in through {@link #receive}, time through {@link #poll}. Every request
 * carries Message-Authenticator (RFC 3579), and every reply must carry a valid one (the Blast-RADIUS
 * mitigation) as well as the right Identifier and Response Authenticator; anything else is dropped and
 * counted. A request is sent to a server {@code radius_retries} times, {@code radius_timeout} apart
 * (a retransmission keeps its Identifier and Authenticator, RFC 5080 §2.2.1), then to the next server;
 * when none answers the login ends with {@link RadiusReply.Unreachable}, within
 * {@link RadiusClientConf#worstCaseSeconds()}. The wire format is aaa4j-radius's {@link PacketCodec}.
 */
public final class RadiusAuthClient {
    /** Where request datagrams go: the edge sends them to server number {@code server} of the list. */
    public interface Outbox {
        void send(int server, byte[] datagram);
    }

    private final List<RadiusServer> servers;
    private final SharedSecrets secrets;
    private final long timeoutNanos;
    private final int tries;
    private final Random random;
    private final Outbox outbox;
    private final Consumer<String> notes;
    private final boolean requireMessageAuthenticator;
    /** Whether the missing Message-Authenticator of a server was reported (once per server, then only counted). */
    private final boolean[] warnedNoMessageAuthenticator;
    private final AccessRequestBuilder builder;
    private final PacketCodec codec;
    private final Identifiers<Pending> ids;
    private final Map<Long, Pending> byHandle = new HashMap<>();
    /** Counted here, read from any thread (the metrics scrape). */
    private final EnumCounters<RadiusDrop> drops = new EnumCounters<>(RadiusDrop.class);
    private final java.util.concurrent.atomic.LongAdder unreachable = new java.util.concurrent.atomic.LongAdder();
    private long nextHandle = 1;

    /** One login waiting for an answer. */
    private static final class Pending {
        final long handle;
        final AccessRequestSpec spec;
        final Consumer<RadiusReply> done;
        int server;
        int id = -1;
        byte[] authenticator;
        byte[] datagram;
        int sent;
        long deadline;

        Pending(long handle, AccessRequestSpec spec, Consumer<RadiusReply> done) {
            this.handle = handle;
            this.spec = spec;
            this.done = done;
        }
    }

    /**
     * @param conf          the servers, their secrets, radius_timeout and radius_retries
     * @param nasIdentifier NAS-Identifier: nas_identifier, else the options file's name
     * @param avpairs       the options file's avpairs, resolved ({@link AvPairs})
     * @param random        randomness for Request Authenticators (a SecureRandom outside tests)
     * @param outbox        where request datagrams go
     * @param notes         lines for the edge's log (a server not answering, a dropped reply); never a secret
     */
    public RadiusAuthClient(RadiusClientConf conf, String nasIdentifier, List<Attribute<?>> avpairs, Random random, Outbox outbox,
                            Consumer<String> notes) {
        this.servers = List.copyOf(conf.authServers());
        this.secrets = new SharedSecrets(servers);
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(conf.timeoutSeconds());
        this.tries = Math.max(1, conf.retries());
        this.random = random;
        this.outbox = outbox;
        this.notes = notes;
        this.requireMessageAuthenticator = conf.requireMessageAuthenticator();
        this.warnedNoMessageAuthenticator = new boolean[conf.authServers().size()];
        this.builder = new AccessRequestBuilder(nasIdentifier, avpairs);
        this.ids = new Identifiers<>(servers.size(), random);
        this.codec = new PacketCodec(new StandardDictionary(), random::nextBytes, ids.forCodec());
    }

    /** Starts a login; {@code done} is called once, from {@link #receive} or {@link #poll}. Returns a handle for {@link #cancel}. */
    public long submit(AccessRequestSpec spec, long nowNanos, Consumer<RadiusReply> done) {
        Pending p = new Pending(nextHandle++, spec, done);
        byHandle.put(p.handle, p);
        p.server = -1;
        nextServer(p, nowNanos, "no RADIUS server is configured");
        return p.handle;
    }

    /** The link went away: forget the login without an answer. */
    public void cancel(long handle) {
        Pending p = byHandle.remove(handle);
        if (p != null) {
            release(p);
        }
    }

    /** Moves the login to the next server, or ends it when there is none. */
    private void nextServer(Pending p, long nowNanos, String whyNone) {
        release(p);
        for (int s = p.server + 1; s < servers.size(); s++) {
            int id = ids.take(s, p);
            if (id < 0) {
                notes.accept("RADIUS server " + servers.get(s).hostPort() + ": " + Identifiers.PER_SERVER
                        + " logins already waiting, skipped");
                continue;
            }
            p.server = s;
            p.id = id;
            byte[] auth = new byte[RadiusWire.AUTHENTICATOR_LENGTH];
            random.nextBytes(auth);
            byte[] datagram;
            try {
                datagram = codec.encodeRequest(builder.build(p.spec), secrets.of(s), auth);
            } catch (PacketCodecException | RuntimeException e) {
                finish(p, new RadiusReply.Unreachable("the Access-Request cannot be encoded: " + e.getMessage()));
                return;
            }
            if (datagram.length > RadiusWire.MAX_PACKET_LENGTH) {
                finish(p, new RadiusReply.Unreachable("the Access-Request is longer than RADIUS allows"));
                return;
            }
            p.authenticator = auth;
            p.datagram = datagram;
            p.sent = 0;
            transmit(p, nowNanos);
            return;
        }
        unreachable.increment();
        finish(p, new RadiusReply.Unreachable(servers.isEmpty() ? whyNone : "the authentication service is unreachable: no answer from "
                + servers.stream().map(RadiusServer::hostPort).toList() + " (radius_timeout "
                + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s x radius_retries " + tries + " each)"));
    }

    private void transmit(Pending p, long nowNanos) {
        p.sent++;
        p.deadline = nowNanos + timeoutNanos;
        outbox.send(p.server, p.datagram.clone());
    }

    private void release(Pending p) {
        ids.release(p.server, p.id, p);
        p.id = -1;
        if (p.datagram != null) {
            Arrays.fill(p.datagram, (byte) 0); // it may hide a PAP password
            p.datagram = null;
        }
    }

    private void finish(Pending p, RadiusReply reply) {
        release(p);
        byHandle.remove(p.handle);
        p.spec.credentials().destroy();
        p.done.accept(reply);
    }

    /** Retransmits, moves on to the next server, or gives up, as the time says. */
    public void poll(long nowNanos) {
        for (Pending p : new ArrayList<>(byHandle.values())) {
            if (p.id < 0 || nowNanos - p.deadline < 0) {
                continue;
            }
            if (p.sent < tries) {
                transmit(p, nowNanos);
            } else {
                notes.accept("RADIUS server " + servers.get(p.server).hostPort() + " did not answer " + p.sent + " tries for '"
                        + ReplyParser.printable(p.spec.userName()) + "'");
                nextServer(p, nowNanos, "");
            }
        }
    }

    /** The earliest time {@link #poll} has something to do, or Long.MAX_VALUE. */
    public long deadline() {
        long d = Long.MAX_VALUE;
        for (Pending p : byHandle.values()) {
            if (p.id >= 0 && (d == Long.MAX_VALUE || p.deadline - d < 0)) {
                d = p.deadline;
            }
        }
        return d;
    }

    /** A datagram from server number {@code server}. Never throws: whatever is wrong is dropped and counted. */
    public void receive(int server, byte[] datagram, long nowNanos) {
        if (server < 0 || server >= servers.size()) {
            drop(RadiusDrop.UNKNOWN_SERVER, "a datagram from no configured server");
            return;
        }
        try {
            handle(server, datagram);
        } catch (RuntimeException e) {
            // the library met something it did not expect: the reply is not trusted
            drop(RadiusDrop.MALFORMED, "a reply the RADIUS codec could not read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void handle(int server, byte[] datagram) {
        if (datagram == null || datagram.length < RadiusWire.HEADER_LENGTH) {
            drop(RadiusDrop.MALFORMED, "a reply shorter than the RADIUS header");
            return;
        }
        int length = ((datagram[2] & 0xff) << 8) | (datagram[3] & 0xff);
        if (length < RadiusWire.HEADER_LENGTH || length > datagram.length || length > RadiusWire.MAX_PACKET_LENGTH) {
            drop(RadiusDrop.MALFORMED, "a reply whose Length " + length + " does not fit the datagram of " + datagram.length);
            return;
        }
        // RFC 2865 §3: octets beyond Length are padding
        byte[] packet = length == datagram.length ? datagram : Arrays.copyOf(datagram, length);
        int code = packet[0] & 0xff;
        int id = packet[1] & 0xff;
        Pending p = ids.holder(server, id);
        if (p == null) {
            drop(RadiusDrop.UNKNOWN_IDENTIFIER, "a reply with Identifier " + id + " that answers no waiting request");
            return;
        }
        if (code != RadiusWire.ACCESS_ACCEPT && code != RadiusWire.ACCESS_REJECT && code != RadiusWire.ACCESS_CHALLENGE) {
            drop(RadiusDrop.UNEXPECTED_CODE, "a reply with code " + code);
            return;
        }
        RadiusDrop structure = checkAttributes(packet, requireMessageAuthenticator);
        if (structure == RadiusDrop.NO_MESSAGE_AUTHENTICATOR && !warnedNoMessageAuthenticator[server]
                && hasValidResponseAuthenticator(packet, secrets.of(server), p.authenticator)) {
            warnedNoMessageAuthenticator[server] = true;
            notes.accept("WARN: RADIUS server " + servers.get(server).hostPort() + " answers without Message-Authenticator: "
                    + "its replies are dropped (Blast-RADIUS). Make it send one (FreeRADIUS 3.2.5 and later do; older: "
                    + "'update reply { &Message-Authenticator := 0x00 }' in post-auth), or set "
                    + "pptpd.radiusRequireMessageAuthenticator: false");
        }
        if (structure != null) {
            drop(structure, structure == RadiusDrop.MALFORMED ? "a reply whose attributes overrun it"
                    : "a reply without exactly one 16-octet Message-Authenticator (required, RFC 3579 and Blast-RADIUS)");
            return;
        }
        if (!hasValidResponseAuthenticator(packet, secrets.of(server), p.authenticator)) {
            // checked here in constant time (the library compares too, but not in constant time)
            drop(RadiusDrop.BAD_AUTHENTICATOR, "a reply with a wrong Response Authenticator (or another shared secret)");
            return;
        }
        Packet decoded;
        try {
            decoded = codec.decodeResponse(packet, secrets.of(server), p.authenticator);
        } catch (PacketCodecException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("message authenticator")) {
                drop(RadiusDrop.BAD_MESSAGE_AUTHENTICATOR, "a reply with a wrong Message-Authenticator");
            } else if (m.contains("authenticator")) {
                drop(RadiusDrop.BAD_AUTHENTICATOR, "a reply with a wrong Response Authenticator (or another shared secret)");
            } else {
                drop(RadiusDrop.MALFORMED, "a malformed reply");
            }
            return;
        }
        String hostPort = servers.get(server).hostPort();
        if (code == RadiusWire.ACCESS_CHALLENGE) {
            finish(p, new RadiusReply.Reject(java.util.Optional.empty(),
                    java.util.Optional.of("the RADIUS server asked for more (Access-Challenge), which PPP cannot carry"), hostPort));
            return;
        }
        RadiusReply reply;
        try {
            reply = ReplyParser.parse(decoded, p.spec.credentials(), secrets.of(server), p.authenticator, hostPort);
        } catch (ReplyParser.Malformed e) {
            drop(RadiusDrop.BAD_ATTRIBUTES, "an authenticated reply from " + hostPort + " that cannot be used: " + e.getMessage());
            return;
        }
        finish(p, reply);
    }

    /** The attribute chain fits the packet, and there is exactly one Message-Authenticator of 16 octets. */
    /** RFC 2865 §3: MD5(Code+ID+Length+RequestAuth+Attributes+Secret), compared in constant time. */
    private static boolean hasValidResponseAuthenticator(byte[] packet, byte[] secret, byte[] requestAuthenticator) {
        try {
            var md5 = java.security.MessageDigest.getInstance("MD5");
            md5.update(packet, 0, 4);
            md5.update(requestAuthenticator);
            md5.update(packet, RadiusWire.HEADER_LENGTH, packet.length - RadiusWire.HEADER_LENGTH);
            md5.update(secret);
            return java.security.MessageDigest.isEqual(md5.digest(), Arrays.copyOfRange(packet, 4, RadiusWire.HEADER_LENGTH));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError("every JRE has MD5", e);
        }
    }

    private static RadiusDrop checkAttributes(byte[] packet, boolean requireMessageAuthenticator) {
        int i = RadiusWire.HEADER_LENGTH;
        int found = 0;
        boolean wrongSize = false;
        while (i < packet.length) {
            if (i + 2 > packet.length) {
                return RadiusDrop.MALFORMED;
            }
            int type = packet[i] & 0xff;
            int len = packet[i + 1] & 0xff;
            if (len < 2 || i + len > packet.length) {
                return RadiusDrop.MALFORMED;
            }
            if (type == RadiusWire.MESSAGE_AUTHENTICATOR) {
                found++;
                wrongSize |= len != 2 + RadiusWire.MESSAGE_AUTHENTICATOR_LENGTH;
            }
            i += len;
        }
        if (found > 1 || wrongSize) {
            return RadiusDrop.NO_MESSAGE_AUTHENTICATOR;
        }
        return found == 1 || !requireMessageAuthenticator ? null : RadiusDrop.NO_MESSAGE_AUTHENTICATOR;
    }

    private void drop(RadiusDrop why, String what) {
        drops.increment(why);
        notes.accept("RADIUS: dropped " + what + " (" + why + ")");
    }

    /** Datagrams dropped, by reason (only the reasons seen); readable from any thread. */
    public Map<RadiusDrop, Long> drops() {
        return drops.seen();
    }

    /** Logins refused because no server answered; readable from any thread. */
    public long unreachableCount() {
        return unreachable.sum();
    }

    /** Logins waiting for an answer. */
    public int waiting() {
        return byHandle.size();
    }

    /** The servers, in the order tried (index = the {@code server} of {@link Outbox#send} and {@link #receive}). */
    public List<RadiusServer> servers() {
        return servers;
    }

    /** Zeroes the shared secrets; the client is unusable afterwards. */
    public void destroy() {
        for (Pending p : new ArrayList<>(byHandle.values())) {
            cancel(p.handle);
        }
        secrets.destroy();
    }
}
