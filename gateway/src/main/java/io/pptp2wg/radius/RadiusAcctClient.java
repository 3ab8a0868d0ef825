package io.pptp2wg.radius;

import io.pptp2wg.config.radius.RadiusClientConf;
import io.pptp2wg.config.radius.RadiusServer;
import io.pptp2wg.session.SessionCounters;
import io.pptp2wg.stats.EnumCounters;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;
import org.aaa4j.radius.core.packet.PacketCodecException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The RADIUS accounting client (RFC 2866), without I/O: session events and time in ({@link #start}, {@link #stop},
 * {@link #poll}), Accounting-Request datagrams out through {@link Outbox}, Accounting-Responses in through
 * {@link #receive}. Every record is sent to an {@code acctserver} {@code radius_retries} times,
 * {@code radius_timeout} apart (same Identifier and authenticator), then to the next one with Acct-Delay-Time
 * brought up to date; when none answers it is given up and counted. An answer counts only with its Identifier,
 * a valid Response Authenticator, and a valid Message-Authenticator if it carries one; anything else is dropped
 * and counted. Interim-Updates run on the session's own interval. Not thread-safe: one caller thread.
 */
public final class RadiusAcctClient {
    /** Records waiting for a free Identifier at most; beyond it the oldest is given up (counted). */
    static final int MAX_BACKLOG = 10_000;

    /** Where request datagrams go: the edge sends them to accounting server number {@code server}. */
    public interface Outbox {
        void send(int server, byte[] datagram);
    }

    /** One record until it is answered or given up. */
    private static final class Req {
        final AcctStatus status;
        final AcctSession session;
        final SessionCounters usage;
        final long sessionNanos;
        final TerminateCause cause;
        final long createdNanos;
        int server = -1;
        int id = -1;
        byte[] authenticator;
        byte[] datagram;
        int sent;
        long deadline;

        Req(AcctStatus status, AcctSession session, SessionCounters usage, long sessionNanos, TerminateCause cause, long now) {
            this.status = status;
            this.session = session;
            this.usage = usage;
            this.sessionNanos = sessionNanos;
            this.cause = cause;
            this.createdNanos = now;
        }

        String what() {
            return status.rfcName + (session == null ? "" : " of " + session.sessionId() + " ('"
                    + ReplyParser.printable(session.userName()) + "')");
        }
    }

    /** A session being accounted, with when its next Interim-Update is due. */
    private static final class Live {
        final AcctSession session;
        long nextInterim;

        Live(AcctSession session, long nextInterim) {
            this.session = session;
            this.nextInterim = nextInterim;
        }
    }

    private final List<RadiusServer> servers;
    private final SharedSecrets secrets;
    private final long timeoutNanos;
    private final int tries;
    private final Random random;
    private final Outbox outbox;
    private final Consumer<String> notes;
    private final AccountingRequestBuilder builder;
    private final PacketCodec codec;
    private final Identifiers<Req> ids;
    private final Set<Req> flying = new LinkedHashSet<>();
    private final ArrayDeque<Req> backlog = new ArrayDeque<>();
    private final Map<String, Live> sessions = new HashMap<>();
    private final EnumCounters<AcctStatus> sent = new EnumCounters<>(AcctStatus.class);
    private final EnumCounters<AcctStatus> answered = new EnumCounters<>(AcctStatus.class);
    private final EnumCounters<AcctStatus> givenUp = new EnumCounters<>(AcctStatus.class);
    private final EnumCounters<RadiusDrop> drops = new EnumCounters<>(RadiusDrop.class);

    /**
     * @param conf          the {@code acctserver}s, their secrets, radius_timeout and radius_retries
     * @param nasIdentifier NAS-Identifier
     * @param nasIpAddress  NAS-IP-Address (RFC 2865 §5.4), when the edge knows it
     * @param avpairs       the options file's avpairs, resolved ({@link AvPairs}), added to every record as pppd does
     * @param random        the first Identifier of each server
     * @param outbox        where request datagrams go
     * @param notes         lines for the edge's log; never a secret
     */
    public RadiusAcctClient(RadiusClientConf conf, String nasIdentifier, OptionalInt nasIpAddress, List<Attribute<?>> avpairs,
                            Random random, Outbox outbox, Consumer<String> notes) {
        this.servers = List.copyOf(conf.acctServers());
        this.secrets = new SharedSecrets(servers);
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(conf.timeoutSeconds());
        this.tries = Math.max(1, conf.retries());
        this.random = random;
        this.outbox = outbox;
        this.notes = notes;
        this.builder = new AccountingRequestBuilder(nasIdentifier, nasIpAddress, avpairs);
        this.ids = new Identifiers<>(servers.size(), random);
        this.codec = new PacketCodec(new StandardDictionary(), random::nextBytes, ids.forCodec());
    }

    // ---- events in

    /** RFC 2866 §5.1 Accounting-On: the gateway starts (its servers may close what an earlier run left open). */
    public void accountingOn(long nowNanos) {
        enqueue(new Req(AcctStatus.ACCOUNTING_ON, null, null, 0, null, nowNanos), nowNanos);
    }

    /** Accounting-Off: the gateway stops cleanly (after the Stops of its sessions). */
    public void accountingOff(long nowNanos) {
        enqueue(new Req(AcctStatus.ACCOUNTING_OFF, null, null, 0, null, nowNanos), nowNanos);
    }

    /** The session is up (IPCP opened): Start now, then an Interim-Update every {@link AcctSession#interimNanos}. */
    public void start(AcctSession s, long nowNanos) {
        long next = s.interimNanos() > 0 ? nowNanos + s.interimNanos() : Long.MAX_VALUE;
        sessions.put(s.sessionId(), new Live(s, next));
        enqueue(new Req(AcctStatus.START, s, null, 0, null, nowNanos), nowNanos);
    }

    /** The session ended: its Stop with the final usage and why; nothing when it was never started. */
    public void stop(String sessionId, TerminateCause cause, long nowNanos) {
        Live l = sessions.remove(sessionId);
        if (l == null) {
            return;
        }
        enqueue(new Req(AcctStatus.STOP, l.session, l.session.usage().get(), nowNanos - l.session.startedNanos(), cause,
                nowNanos), nowNanos);
    }

    /** Retransmits, moves records on to the next server or gives them up, and sends the Interim-Updates that are due. */
    public void poll(long nowNanos) {
        for (Req r : new ArrayList<>(flying)) {
            if (nowNanos - r.deadline < 0) {
                continue;
            }
            if (r.sent < tries) {
                transmit(r, nowNanos);
            } else {
                notes.accept("RADIUS accounting server " + servers.get(r.server).hostPort() + " did not answer " + r.sent
                        + " tries of " + r.what());
                advance(r, nowNanos);
            }
        }
        for (Live l : sessions.values()) {
            if (l.nextInterim != Long.MAX_VALUE && nowNanos - l.nextInterim >= 0) {
                l.nextInterim = nowNanos + l.session.interimNanos(); // from now, as pppd schedules it after sending
                enqueue(new Req(AcctStatus.INTERIM_UPDATE, l.session, l.session.usage().get(),
                        nowNanos - l.session.startedNanos(), null, nowNanos), nowNanos);
            }
        }
        drainBacklog(nowNanos);
    }

    /** The earliest time {@link #poll} has something to do, or Long.MAX_VALUE. */
    public long deadline() {
        long d = Long.MAX_VALUE;
        for (Req r : flying) {
            d = earliest(d, r.deadline);
        }
        for (Live l : sessions.values()) {
            d = earliest(d, l.nextInterim);
        }
        return d;
    }

    private static long earliest(long a, long b) {
        if (a == Long.MAX_VALUE) {
            return b;
        }
        if (b == Long.MAX_VALUE) {
            return a;
        }
        return b - a < 0 ? b : a;
    }

    // ---- requests out

    private void enqueue(Req r, long nowNanos) {
        if (servers.isEmpty()) {
            givenUp.increment(r.status);
            return;
        }
        if (!backlog.isEmpty()) {
            queue(r); // keep the order of the records
            return;
        }
        advance(r, nowNanos);
    }

    private void queue(Req r) {
        if (backlog.size() >= MAX_BACKLOG) {
            Req oldest = backlog.removeFirst();
            givenUp.increment(oldest.status);
            notes.accept("RADIUS accounting: " + MAX_BACKLOG + " records wait for an answer; " + oldest.what() + " given up");
        }
        backlog.addLast(r);
    }

    /** Sends the record to the server after its current one; gives it up when there is none; queues it when all Identifiers are taken. */
    private void advance(Req r, long nowNanos) {
        release(r);
        int s = r.server + 1;
        if (s >= servers.size()) {
            givenUp.increment(r.status);
            notes.accept("RADIUS accounting: " + r.what() + " given up: no answer from "
                    + servers.stream().map(RadiusServer::hostPort).toList() + " (radius_timeout "
                    + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s x radius_retries " + tries + " each)");
            return;
        }
        int id = ids.take(s, r);
        if (id < 0) {
            queue(r);
            return;
        }
        r.server = s;
        r.id = id;
        Packet p = r.session == null ? builder.nas(r.status, delaySeconds(r, nowNanos))
                : builder.session(r.status, r.session, r.usage, r.sessionNanos, r.cause, delaySeconds(r, nowNanos));
        byte[] datagram;
        try {
            datagram = codec.encodeRequest(p, secrets.of(s), new byte[RadiusWire.AUTHENTICATOR_LENGTH]);
            // RFC 2866 §3: Request Authenticator = MD5 over the packet with 16 zeros and the secret (aaa4j-radius 0.4.0
            // leaves the field zero for an Accounting-Request, so it is written here)
            RadiusPackets.signRequest(datagram, secrets.of(s));
        } catch (PacketCodecException | RuntimeException e) {
            release(r);
            givenUp.increment(r.status);
            notes.accept("RADIUS accounting: " + r.what() + " cannot be encoded: " + e.getMessage());
            return;
        }
        if (datagram.length > RadiusWire.MAX_PACKET_LENGTH) {
            release(r);
            givenUp.increment(r.status);
            notes.accept("RADIUS accounting: " + r.what() + " is longer than RADIUS allows");
            return;
        }
        r.authenticator = Arrays.copyOfRange(datagram, 4, RadiusWire.HEADER_LENGTH);
        r.datagram = datagram;
        r.sent = 0;
        flying.add(r);
        transmit(r, nowNanos);
    }

    private static long delaySeconds(Req r, long nowNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(Math.max(0, nowNanos - r.createdNanos));
    }

    private void transmit(Req r, long nowNanos) {
        if (r.sent == 0) {
            sent.increment(r.status);
        }
        r.sent++;
        r.deadline = nowNanos + timeoutNanos;
        outbox.send(r.server, r.datagram.clone());
    }

    private void release(Req r) {
        ids.release(r.server, r.id, r);
        flying.remove(r);
        r.id = -1;
        r.datagram = null;
    }

    private void drainBacklog(long nowNanos) {
        while (!backlog.isEmpty()) {
            Req r = backlog.peekFirst();
            int next = r.server + 1;
            if (next < servers.size() && !ids.hasFree(next)) {
                return;
            }
            backlog.removeFirst();
            advance(r, nowNanos);
        }
    }

    // ---- answers in

    /** A datagram from accounting server number {@code server}. Never throws: whatever is wrong is dropped and counted. */
    public void receive(int server, byte[] datagram, long nowNanos) {
        if (server < 0 || server >= servers.size()) {
            drop(RadiusDrop.UNKNOWN_SERVER, "a datagram from no configured accounting server");
            return;
        }
        try {
            handle(server, datagram, nowNanos);
        } catch (RuntimeException e) {
            drop(RadiusDrop.MALFORMED, "an Accounting-Response that could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void handle(int server, byte[] datagram, long nowNanos) {
        byte[] packet = RadiusPackets.frame(datagram);
        if (packet == null) {
            drop(RadiusDrop.MALFORMED, "an Accounting-Response whose Length or attributes do not fit");
            return;
        }
        int id = packet[1] & 0xff;
        Req r = ids.holder(server, id);
        if (r == null) {
            drop(RadiusDrop.UNKNOWN_IDENTIFIER, "an Accounting-Response with Identifier " + id + " that answers no waiting record");
            return;
        }
        if ((packet[0] & 0xff) != RadiusWire.ACCOUNTING_RESPONSE) {
            drop(RadiusDrop.UNEXPECTED_CODE, "a reply with code " + (packet[0] & 0xff) + " to an Accounting-Request");
            return;
        }
        if (!RadiusPackets.responseAuthenticatorValid(packet, secrets.of(server), r.authenticator)) {
            drop(RadiusDrop.BAD_AUTHENTICATOR, "an Accounting-Response with a wrong Response Authenticator (or another shared secret)");
            return;
        }
        int ma = RadiusPackets.messageAuthenticatorOffset(packet);
        if (ma == -2) {
            drop(RadiusDrop.NO_MESSAGE_AUTHENTICATOR, "an Accounting-Response with a repeated or misshapen Message-Authenticator");
            return;
        }
        if (ma >= 0 && !RadiusPackets.messageAuthenticatorValid(packet, ma, secrets.of(server), r.authenticator)) {
            drop(RadiusDrop.BAD_MESSAGE_AUTHENTICATOR, "an Accounting-Response with a wrong Message-Authenticator");
            return;
        }
        answered.increment(r.status);
        release(r);
        drainBacklog(nowNanos);
    }

    private void drop(RadiusDrop why, String what) {
        drops.increment(why);
        notes.accept("RADIUS: dropped " + what + " (" + why + ")");
    }

    // ---- what the metrics read (any thread)

    /** Records sent (first transmission to a server), by Acct-Status-Type. */
    public Map<AcctStatus, Long> sent() {
        return sent.snapshot();
    }

    /** Records answered by an Accounting-Response, by Acct-Status-Type. */
    public Map<AcctStatus, Long> answered() {
        return answered.snapshot();
    }

    /** Records given up (no server answered, or none configured), by Acct-Status-Type. */
    public Map<AcctStatus, Long> givenUp() {
        return givenUp.snapshot();
    }

    /** Datagrams dropped, by reason (only those seen). */
    public Map<RadiusDrop, Long> drops() {
        return drops.seen();
    }

    /** No record is waiting for an answer (the edge waits for this after Accounting-Off). */
    public boolean idle() {
        return flying.isEmpty() && backlog.isEmpty();
    }

    /** Sessions being accounted. */
    public int sessions() {
        return sessions.size();
    }

    public List<RadiusServer> servers() {
        return servers;
    }

    /** Zeroes the shared secrets; the client is unusable afterwards. */
    public void destroy() {
        secrets.destroy();
    }
}
