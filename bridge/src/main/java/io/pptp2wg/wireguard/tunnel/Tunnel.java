package io.pptp2wg.wireguard.tunnel;

import io.pptp2wg.wireguard.Whitepaper;
import io.pptp2wg.wireguard.crypto.Blake2s;
import io.pptp2wg.wireguard.crypto.Bytes;
import io.pptp2wg.wireguard.crypto.ChaChaPoly;
import io.pptp2wg.wireguard.crypto.Curve25519;
import io.pptp2wg.wireguard.crypto.SymmetricKey;
import io.pptp2wg.wireguard.crypto.XChaChaPoly;
import io.pptp2wg.wireguard.keys.Keypair;
import io.pptp2wg.wireguard.keys.Keypairs;
import io.pptp2wg.wireguard.messages.CookieReply;
import io.pptp2wg.wireguard.messages.HandshakeInitiation;
import io.pptp2wg.wireguard.messages.HandshakeResponse;
import io.pptp2wg.wireguard.messages.MessageType;
import io.pptp2wg.wireguard.messages.Tai64n;
import io.pptp2wg.wireguard.messages.TransportData;
import io.pptp2wg.wireguard.noise.IKpsk2;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One local WireGuard identity and its one peer, with no I/O (boringtun's {@code Tunn}): IP packets in through
 * {@link #send}, messages in through the receive methods, time in through {@link #updateTimers}; everything to
 * send or deliver comes out through a {@link TunnelSink}. Time is monotonic nanoseconds passed in; wall time
 * (only for TAI64N) and randomness come from the {@link TunnelContext}.
 *
 * <p>The timer events are the whitepaper's (§6) with the semantics of wireguard-go's timers.go, polled instead
 * of scheduled. Not thread-safe: the socket's thread owns it.
 */
public final class Tunnel {
    /** Largest IP packet one transport message carries: a UDP datagram minus header and tag, padded to 16. */
    public static final int MAX_PACKET = (TunnelContext.MAX_DATAGRAM - TransportData.MIN_SIZE) & -TransportData.PADDING_MULTIPLE;
    /** The kernel and wireguard-go accept at most 50 initiations per second from one peer (flood protection). */
    public static final long INITIATION_MIN_INTERVAL = TimeUnit.SECONDS.toNanos(1) / 50;
    private static final long NEVER = Long.MIN_VALUE;
    private static final byte[] EMPTY = new byte[0];

    /**
     * The configuration of one tunnel; keys are raw 32-byte values (copied). {@code staticPublicKey} and
     * {@code precomputedStaticStatic} (DH(our static private key, the peer's public key), {@link #staticStatic})
     * may be given when the caller has them (a user who logs in again), saving two X25519 operations; null:
     * computed here.
     */
    public record Config(byte[] staticPrivateKey, byte[] peerPublicKey, byte[] presharedKey,
                         InetSocketAddress peerEndpoint, int persistentKeepaliveSeconds, int queueLimit,
                         byte[] staticPublicKey, byte[] precomputedStaticStatic) {
        public Config(byte[] staticPrivateKey, byte[] peerPublicKey, byte[] presharedKey, InetSocketAddress peerEndpoint,
                      int persistentKeepaliveSeconds, int queueLimit) {
            this(staticPrivateKey, peerPublicKey, presharedKey, peerEndpoint, persistentKeepaliveSeconds, queueLimit, null,
                    null);
        }

        public Config {
            if (staticPrivateKey.length != 32 || peerPublicKey.length != 32
                    || (presharedKey != null && presharedKey.length != 32)
                    || (staticPublicKey != null && staticPublicKey.length != 32)
                    || (precomputedStaticStatic != null && precomputedStaticStatic.length != 32)) {
                throw new IllegalArgumentException("WireGuard keys are 32 bytes");
            }
            if (persistentKeepaliveSeconds < 0 || persistentKeepaliveSeconds > 65535 || queueLimit < 1) {
                throw new IllegalArgumentException("persistent keepalive 0..65535 s, queue limit >= 1");
            }
        }
    }

    // counters (see stats())
    static final int TX_BYTES = 0, RX_BYTES = 1, TX_DATA = 2, RX_DATA = 3, HANDSHAKES = 4, GAVE_UP_DROPS = 5;
    static final int SEND_DROPS = 6;
    static final int DISPOSITIONS = SEND_DROPS + SendResult.values().length;
    static final int COUNTERS = DISPOSITIONS + Disposition.values().length;

    private final TunnelContext ctx;
    // our identity
    private final byte[] staticPrivate;
    private final byte[] staticPublic = new byte[32];
    private final Blake2s.KeyedMac ourMac1;
    private final byte[] ourCookieKey = new byte[32];
    // the peer
    private final byte[] peerPublic;
    private final byte[] psk;
    private final byte[] precomputedSs = new byte[32];
    private final boolean ssValid;
    private final Blake2s.KeyedMac peerMac1;
    private final byte[] peerCookieKey = new byte[32];
    private final long persistentKeepalive;
    private final int queueLimit;
    private volatile InetSocketAddress endpoint;

    // our initiation in flight
    private IKpsk2 pending;
    private int pendingIndex;
    // replay and flood protection for initiations we receive
    private final byte[] greatestTimestamp = new byte[Tai64n.LENGTH];
    private boolean hasTimestamp;
    private long lastInitiationConsumed = NEVER;
    // the cookie the peer gave us, and the MAC1 it must answer
    private final byte[] cookie = new byte[CookieReply.COOKIE_LEN];
    private long cookieReceived = NEVER;
    private final byte[] lastMac1 = new byte[Blake2s.MAC_LEN];
    private boolean lastMac1Valid;

    private final Keypairs keypairs;
    private final ArrayDeque<byte[]> staged = new ArrayDeque<>();

    // timers (§6.1), all NEVER when not armed
    private long attemptStart = NEVER;
    private long lastInitiationSent = NEVER;
    private long retransmitAt = NEVER;
    private long sendKeepaliveAt = NEVER;
    private long newHandshakeAt = NEVER;
    private long zeroKeysAt = NEVER;
    private long persistentKeepaliveAt = NEVER;
    private boolean needAnotherKeepalive;
    private boolean sentLastMinuteHandshake;
    // the device's initiation window: a slot held while our initiation is in flight, or a place in its queue
    private boolean holdsSlot;
    private long slotSince;
    private boolean awaitingSlot;
    private long handshakesWhenDeferred;
    private volatile Instant lastHandshake;
    private boolean closed;

    private final Counters counters = new Counters(COUNTERS);

    public Tunnel(Config config, TunnelContext ctx) {
        this.ctx = ctx;
        this.staticPrivate = config.staticPrivateKey().clone();
        if (config.staticPublicKey() != null) {
            System.arraycopy(config.staticPublicKey(), 0, staticPublic, 0, 32);
        } else {
            Curve25519.publicKey(staticPrivate, staticPublic);
        }
        this.peerPublic = config.peerPublicKey().clone();
        this.psk = config.presharedKey() == null ? new byte[32] : config.presharedKey().clone();
        Blake2s b = ctx.blake;
        byte[] key = new byte[32];
        b.hash(Whitepaper.LABEL_MAC1, staticPublic, key);
        this.ourMac1 = new Blake2s.KeyedMac(key);
        b.hash(Whitepaper.LABEL_COOKIE, staticPublic, ourCookieKey);
        b.hash(Whitepaper.LABEL_MAC1, peerPublic, key);
        this.peerMac1 = new Blake2s.KeyedMac(key);
        b.hash(Whitepaper.LABEL_COOKIE, peerPublic, peerCookieKey);
        Bytes.zero(key);
        // DH(S_priv_i, S_pub_r) is the same for every handshake with this peer (wireguard-go precomputes it too)
        if (config.precomputedStaticStatic() != null) {
            System.arraycopy(config.precomputedStaticStatic(), 0, precomputedSs, 0, 32);
            this.ssValid = !Bytes.isZero(precomputedSs, 0, 32);
        } else {
            this.ssValid = Curve25519.agree(staticPrivate, peerPublic, 0, precomputedSs);
        }
        this.persistentKeepalive = TimeUnit.SECONDS.toNanos(config.persistentKeepaliveSeconds());
        this.queueLimit = config.queueLimit();
        this.endpoint = config.peerEndpoint();
        this.keypairs = new Keypairs(ctx.indices::release);
    }

    /**
     * DH(our static private key, the peer's static public key): what {@link Config#precomputedStaticStatic()}
     * wants; all zeros (refused as a low-order point) when the peer's key is unusable. The caller zeroes it.
     */
    public static byte[] staticStatic(byte[] staticPrivateKey, byte[] peerPublicKey) {
        byte[] ss = new byte[32];
        Curve25519.agree(staticPrivateKey, peerPublicKey, 0, ss);
        return ss;
    }

    // ---------------------------------------------------------------- sending

    /** Encrypts one IP packet to the peer, or queues it and starts a handshake when there is no usable session. */
    public SendResult send(long now, byte[] ip, int off, int len, TunnelSink sink) {
        SendResult r = sendPacket(now, ip, off, len, sink);
        if (r != SendResult.SENT && r != SendResult.QUEUED) {
            counters.add(SEND_DROPS + r.ordinal(), 1);
        }
        return r;
    }

    private SendResult sendPacket(long now, byte[] ip, int off, int len, TunnelSink sink) {
        if (closed) {
            return SendResult.DROPPED_CLOSED;
        }
        if (len > MAX_PACKET) {
            return SendResult.DROPPED_TOO_BIG;
        }
        if (endpoint == null) {
            return SendResult.DROPPED_NO_ENDPOINT;
        }
        Keypair k = keypairs.current();
        if (staged.isEmpty() && usable(k, now) && encryptAndSend(now, k, ip, off, len, sink)) {
            keepKeyFreshSending(now, sink);
            return SendResult.SENT;
        }
        if (staged.size() >= queueLimit) {
            return SendResult.DROPPED_QUEUE_FULL;
        }
        staged.add(Arrays.copyOfRange(ip, off, off + len));
        sendStaged(now, sink);
        return staged.isEmpty() ? SendResult.SENT : SendResult.QUEUED;
    }

    private boolean usable(Keypair k, long now) {
        return k != null && !k.isDestroyed()
                && Long.compareUnsigned(k.sendCounter, ctx.limits.rejectAfterMessages()) < 0
                && k.age(now) < Whitepaper.REJECT_AFTER_TIME;
    }

    /** wireguard-go's SendStagedPackets: everything queued goes out on the current keypair, or a handshake starts. */
    private void sendStaged(long now, TunnelSink sink) {
        if (staged.isEmpty()) {
            return;
        }
        Keypair k = keypairs.current();
        if (!usable(k, now)) {
            sendInitiation(now, false, sink);
            return;
        }
        while (!staged.isEmpty()) {
            byte[] p = staged.peek();
            if (!encryptAndSend(now, k, p, 0, p.length, sink)) {
                sendInitiation(now, false, sink); // counter exhausted: keep the rest for the next session
                return;
            }
            staged.poll();
        }
        keepKeyFreshSending(now, sink);
    }

    /** Builds and sends one transport message; false if the keypair's counter is exhausted. */
    private boolean encryptAndSend(long now, Keypair k, byte[] ip, int off, int len, TunnelSink sink) {
        long counter = k.sendCounter;
        if (Long.compareUnsigned(counter, ctx.limits.rejectAfterMessages()) >= 0) {
            return false;
        }
        k.sendCounter = counter + 1;
        byte[] out = ctx.txScratch;
        Bytes.putIntLE(out, 0, MessageType.TRANSPORT_DATA.wireValue);
        Bytes.putIntLE(out, TransportData.RECEIVER, k.remoteIndex);
        Bytes.putLongLE(out, TransportData.COUNTER, counter);
        System.arraycopy(ip, off, out, TransportData.PACKET, len);
        int padded = TransportData.paddedLength(len);
        Arrays.fill(out, TransportData.PACKET + len, TransportData.PACKET + padded, (byte) 0);
        int n = TransportData.HEADER_SIZE
                + ctx.aead.seal(k.sendKey, counter, null, out, TransportData.PACKET, padded, out, TransportData.PACKET);
        sink.toNetwork(endpoint, out, 0, n);
        counters.add(TX_BYTES, n);
        if (len > 0) {
            counters.add(TX_DATA, 1);
            dataSent(now);
        }
        anyAuthenticatedPacketTraversal(now);
        anyAuthenticatedPacketSent();
        return true;
    }

    /** §6.2: an initiator rekeys after REKEY_AFTER_TIME; anyone after REKEY_AFTER_MESSAGES. */
    private void keepKeyFreshSending(long now, TunnelSink sink) {
        Keypair k = keypairs.current();
        if (k != null && (Long.compareUnsigned(k.sendCounter, ctx.limits.rekeyAfterMessages()) > 0
                || (k.initiator && k.age(now) > Whitepaper.REKEY_AFTER_TIME))) {
            sendInitiation(now, false, sink);
        }
    }

    /**
     * §6.2: if we initiated the current session and it nears REJECT_AFTER_TIME while we only receive, rekey once
     * (REJECT_AFTER_TIME - KEEPALIVE_TIMEOUT - REKEY_TIMEOUT), so the peer never has to.
     */
    private void keepKeyFreshReceiving(long now, TunnelSink sink) {
        if (sentLastMinuteHandshake) {
            return;
        }
        Keypair k = keypairs.current();
        if (k != null && k.initiator && k.age(now)
                > Whitepaper.REJECT_AFTER_TIME - Whitepaper.KEEPALIVE_TIMEOUT - Whitepaper.REKEY_TIMEOUT) {
            sentLastMinuteHandshake = true;
            sendInitiation(now, false, sink);
        }
    }

    private void sendKeepalive(long now, TunnelSink sink) {
        if (staged.isEmpty()) {
            staged.add(EMPTY);
        }
        sendStaged(now, sink);
    }

    // ---------------------------------------------------------------- handshake: initiator

    /**
     * Starts a new handshake now, whatever the state of the current session (e.g. a PPTP session just came up on
     * a long-lived identity whose backend may have restarted since: a handshake now, rather than data into a
     * session the backend may have forgotten and KEEPALIVE_TIMEOUT + REKEY_TIMEOUT of silence before finding out).
     * Still at most one initiation per REKEY_TIMEOUT (§6.1); the current session carries data until the new one
     * is complete.
     */
    public void initiateHandshake(long now, TunnelSink sink) {
        if (!closed) {
            sendInitiation(now, false, sink);
        }
    }

    /**
     * Sends a handshake initiation (§5.4.2), at most one per REKEY_TIMEOUT (§6.1). A retry keeps the attempt's
     * start time; anything else starts a new REKEY_ATTEMPT_TIME window, as wireguard-go does.
     */
    private void sendInitiation(long now, boolean retry, TunnelSink sink) {
        if (!retry || attemptStart == NEVER) {
            attemptStart = now;
        }
        if (lastInitiationSent != NEVER && now - lastInitiationSent < Whitepaper.REKEY_TIMEOUT) {
            return;
        }
        InetSocketAddress to = endpoint;
        if (to == null || !ssValid) {
            return;
        }
        if (!holdsSlot) {
            if (!ctx.window.tryAcquire()) {
                if (!awaitingSlot) { // sent once the window has room (InitiationWindow), the attempt's clock running
                    awaitingSlot = true;
                    handshakesWhenDeferred = counters.get(HANDSHAKES);
                    ctx.window.await(this);
                }
                return;
            }
            holdsSlot = true;
        }
        slotSince = now;
        dropPending();
        pendingIndex = ctx.indices.allocate(this);
        byte[] ephemeral = new byte[32];
        Curve25519.generatePrivateKey(ctx.random, ephemeral);
        pending = new IKpsk2(ctx.blake, ctx.aead, true, Whitepaper.CONSTRUCTION, Whitepaper.IDENTIFIER,
                staticPrivate, peerPublic);
        byte[] timestamp = new byte[Tai64n.LENGTH];
        Tai64n.write(ctx.wallClock.instant(), timestamp, 0);
        byte[] out = ctx.txScratch;
        Bytes.putIntLE(out, 0, MessageType.HANDSHAKE_INITIATION.wireValue);
        Bytes.putIntLE(out, HandshakeInitiation.SENDER, pendingIndex);
        int n = pending.writeMessageA(ephemeral, precomputedSs, timestamp, 0, Tai64n.LENGTH, out,
                HandshakeInitiation.EPHEMERAL);
        KeyLog log = ctx.keyLog;
        if (log != null) {
            log.handshake(staticPrivate, peerPublic, ephemeral, psk);
        }
        Bytes.zero(ephemeral);
        if (n != HandshakeInitiation.NOISE_LENGTH) {
            dropPending();
            return;
        }
        addMacs(now, out, HandshakeInitiation.SIZE);
        sink.toNetwork(to, out, 0, HandshakeInitiation.SIZE);
        counters.add(TX_BYTES, HandshakeInitiation.SIZE);
        lastInitiationSent = now;
        retransmitAt = now + Whitepaper.REKEY_TIMEOUT + ctx.jitter.nextLong(Whitepaper.REKEY_TIMEOUT_JITTER_MAX + 1);
        anyAuthenticatedPacketTraversal(now);
        anyAuthenticatedPacketSent();
    }

    /** The initiation window has room: initiate now if still wanted (nothing completed a handshake meanwhile). */
    public void slotFreed(long now, TunnelSink sink) {
        awaitingSlot = false;
        if (closed || counters.get(HANDSHAKES) != handshakesWhenDeferred) {
            return;
        }
        sendInitiation(now, true, sink);
    }

    private void releaseSlot() {
        if (holdsSlot) {
            holdsSlot = false;
            ctx.window.release();
        }
        if (awaitingSlot) {
            awaitingSlot = false;
            ctx.window.forget(this);
        }
    }

    /** §5.4.4: mac1 = MAC(HASH(LABEL_MAC1 || peer key), msg before mac1); mac2 from a fresh cookie, else zeros. */
    private void addMacs(long now, byte[] msg, int size) {
        int mac1 = size - 2 * Blake2s.MAC_LEN;
        int mac2 = mac1 + Blake2s.MAC_LEN;
        peerMac1.compute(msg, 0, mac1, msg, mac1);
        System.arraycopy(msg, mac1, lastMac1, 0, Blake2s.MAC_LEN);
        lastMac1Valid = true;
        if (cookieReceived != NEVER && now - cookieReceived < Whitepaper.COOKIE_REFRESH_TIME) {
            Blake2s.mac(cookie, msg, 0, mac2, msg, mac2);
        } else {
            Arrays.fill(msg, mac2, size, (byte) 0);
        }
    }

    /** A handshake response (§5.4.3) to our pending initiation; its MAC1 was checked by {@link #mac1Matches}. */
    public Disposition receiveResponse(long now, InetSocketAddress from, byte[] msg, int off, TunnelSink sink) {
        int receiver = Bytes.getIntLE(msg, off + HandshakeResponse.RECEIVER);
        if (closed || pending == null || receiver != pendingIndex) {
            return count(Disposition.UNEXPECTED_RESPONSE);
        }
        IKpsk2 hs = pending.copy(); // a forged response must not spoil the genuine one still to come
        byte[] nothing = new byte[0];
        int p = hs.readMessageB(psk, msg, off + HandshakeResponse.EPHEMERAL, HandshakeResponse.NOISE_LENGTH, nothing, 0);
        if (p != 0) {
            hs.destroy();
            return count(Disposition.HANDSHAKE_FAILED);
        }
        byte[] send = new byte[32], receive = new byte[32];
        hs.split(send, receive);
        hs.destroy();
        Keypair k = new Keypair(new SymmetricKey(send, 0), new SymmetricKey(receive, 0), pendingIndex,
                Bytes.getIntLE(msg, off + HandshakeResponse.SENDER), true, now);
        Bytes.zero(send, receive);
        pending.destroy();
        pending = null; // its index now names the keypair
        keypairs.begin(k);
        endpoint = from;
        counters.add(RX_BYTES, HandshakeResponse.SIZE);
        anyAuthenticatedPacketTraversal(now);
        anyAuthenticatedPacketReceived();
        sessionDerived(now);
        handshakeComplete();
        sendKeepalive(now, sink); // confirms the session to the responder, or carries what was queued
        return count(Disposition.HANDSHAKE_RESPONSE);
    }

    /** A cookie reply (§5.4.7) to a message we sent: keep the cookie for the next message's mac2. */
    public Disposition receiveCookieReply(long now, byte[] msg, int off) {
        if (!lastMac1Valid) {
            return count(Disposition.BAD_COOKIE_REPLY);
        }
        byte[] nonce = Arrays.copyOfRange(msg, off + CookieReply.NONCE, off + CookieReply.NONCE + XChaChaPoly.NONCE_LEN);
        byte[] value = new byte[CookieReply.COOKIE_LEN];
        int p = XChaChaPoly.open(peerCookieKey, nonce, lastMac1, msg, off + CookieReply.ENCRYPTED_COOKIE,
                ChaChaPoly.sealedLength(CookieReply.COOKIE_LEN), value, 0);
        if (p != CookieReply.COOKIE_LEN) {
            return count(Disposition.BAD_COOKIE_REPLY);
        }
        System.arraycopy(value, 0, cookie, 0, value.length);
        Bytes.zero(value);
        cookieReceived = now;
        lastMac1Valid = false;
        counters.add(RX_BYTES, CookieReply.SIZE);
        return count(Disposition.COOKIE_REPLY);
    }

    // ---------------------------------------------------------------- handshake: responder

    /** True if msg's MAC1 is the one a sender who knows our public key computes (§5.4.4). */
    public boolean mac1Matches(byte[] msg, int off, int size, byte[] scratch16) {
        int mac1 = size - 2 * Blake2s.MAC_LEN;
        ourMac1.compute(msg, off, mac1, scratch16, 0);
        return Bytes.constantTimeEquals(scratch16, 0, msg, off + mac1, Blake2s.MAC_LEN);
    }

    /** Writes a cookie reply (§5.4.7) to msg into out; returns its length (64). */
    public int writeCookieReply(long now, InetSocketAddress source, byte[] msg, int off, int size, int senderIndex,
                                byte[] out) {
        byte[] value = new byte[CookieReply.COOKIE_LEN];
        ctx.cookieSecret.cookie(now, source, value, 0);
        byte[] nonce = new byte[XChaChaPoly.NONCE_LEN];
        ctx.random.nextBytes(nonce);
        byte[] mac1 = Arrays.copyOfRange(msg, off + size - 2 * Blake2s.MAC_LEN, off + size - Blake2s.MAC_LEN);
        Bytes.putIntLE(out, 0, MessageType.COOKIE_REPLY.wireValue);
        Bytes.putIntLE(out, CookieReply.RECEIVER, senderIndex);
        System.arraycopy(nonce, 0, out, CookieReply.NONCE, nonce.length);
        XChaChaPoly.seal(ourCookieKey, nonce, mac1, value, 0, value.length, out, CookieReply.ENCRYPTED_COOKIE);
        Bytes.zero(value);
        return CookieReply.SIZE;
    }

    /**
     * A handshake initiation (§5.4.2) addressed to this identity (its MAC1 matched): authenticate it, refuse a
     * replay or a flood, answer with a response (§5.4.3) and keep the new keypair as "next" until the initiator
     * confirms it. State changes only when every check passed.
     */
    public Disposition receiveInitiation(long now, InetSocketAddress from, byte[] msg, int off, TunnelSink sink) {
        if (closed || !ssValid) {
            return count(Disposition.HANDSHAKE_FAILED);
        }
        IKpsk2 hs = new IKpsk2(ctx.blake, ctx.aead, false, Whitepaper.CONSTRUCTION, Whitepaper.IDENTIFIER,
                staticPrivate, null);
        try {
            if (!hs.readMessageAStatic(msg, off + HandshakeInitiation.EPHEMERAL)) {
                return count(Disposition.HANDSHAKE_FAILED);
            }
            if (!Bytes.constantTimeEquals(hs.remoteStatic(), 0, peerPublic, 0, 32)) {
                return count(Disposition.UNKNOWN_PEER);
            }
            byte[] timestamp = new byte[Tai64n.LENGTH];
            int p = hs.readMessageAPayload(precomputedSs, msg, off + HandshakeInitiation.EPHEMERAL,
                    HandshakeInitiation.NOISE_LENGTH, timestamp, 0);
            if (p != Tai64n.LENGTH) {
                return count(Disposition.HANDSHAKE_FAILED);
            }
            if (hasTimestamp && !Tai64n.isAfter(timestamp, 0, greatestTimestamp, 0)) {
                return count(Disposition.STALE_TIMESTAMP);
            }
            if (lastInitiationConsumed != NEVER && now - lastInitiationConsumed <= INITIATION_MIN_INTERVAL) {
                return count(Disposition.INITIATION_FLOOD);
            }
            System.arraycopy(timestamp, 0, greatestTimestamp, 0, Tai64n.LENGTH);
            hasTimestamp = true;
            lastInitiationConsumed = now;
            counters.add(RX_BYTES, HandshakeInitiation.SIZE);
            endpoint = from;
            anyAuthenticatedPacketTraversal(now);
            anyAuthenticatedPacketReceived();
            // Our own initiation, if any, is superseded (as in the kernel and wireguard-go): a response to it is
            // refused, and the retransmission timer stays armed in case this handshake does not complete.
            dropPending();
            releaseSlot();

            int localIndex = ctx.indices.allocate(this);
            byte[] ephemeral = new byte[32];
            Curve25519.generatePrivateKey(ctx.random, ephemeral);
            byte[] out = ctx.txScratch;
            Bytes.putIntLE(out, 0, MessageType.HANDSHAKE_RESPONSE.wireValue);
            Bytes.putIntLE(out, HandshakeResponse.SENDER, localIndex);
            Bytes.putIntLE(out, HandshakeResponse.RECEIVER, Bytes.getIntLE(msg, off + HandshakeInitiation.SENDER));
            int n = hs.writeMessageB(ephemeral, psk, EMPTY, 0, 0, out, HandshakeResponse.EPHEMERAL);
            KeyLog log = ctx.keyLog;
            if (log != null) {
                log.handshake(staticPrivate, peerPublic, ephemeral, psk);
            }
            Bytes.zero(ephemeral);
            if (n != HandshakeResponse.NOISE_LENGTH) {
                ctx.indices.release(localIndex);
                return count(Disposition.HANDSHAKE_FAILED);
            }
            byte[] initiatorSends = new byte[32], responderSends = new byte[32];
            hs.split(initiatorSends, responderSends);
            keypairs.begin(new Keypair(new SymmetricKey(responderSends, 0), new SymmetricKey(initiatorSends, 0),
                    localIndex, Bytes.getIntLE(msg, off + HandshakeInitiation.SENDER), false, now));
            Bytes.zero(initiatorSends, responderSends);
            sessionDerived(now);
            addMacs(now, out, HandshakeResponse.SIZE);
            sink.toNetwork(from, out, 0, HandshakeResponse.SIZE);
            counters.add(TX_BYTES, HandshakeResponse.SIZE);
            anyAuthenticatedPacketTraversal(now);
            anyAuthenticatedPacketSent();
            return count(Disposition.HANDSHAKE_INITIATION);
        } finally {
            hs.destroy();
        }
    }

    // ---------------------------------------------------------------- transport

    /** True if one of our keypairs (or our pending initiation) has this local index. */
    public boolean owns(int index) {
        return (pending != null && pendingIndex == index) || keypairs.byLocalIndex(index) != null;
    }

    /**
     * Transport data (§5.4.6): authenticate and decrypt, check the counter against the replay window, then
     * deliver the IP packet (its length from its own header; the padding is dropped) or note a keepalive.
     */
    public Disposition receiveTransport(long now, InetSocketAddress from, byte[] msg, int off, int len, TunnelSink sink) {
        Keypair k = keypairs.byLocalIndex(Bytes.getIntLE(msg, off + TransportData.RECEIVER));
        if (k == null) {
            return count(Disposition.UNKNOWN_RECEIVER);
        }
        if (k.isDestroyed() || k.age(now) >= Whitepaper.REJECT_AFTER_TIME) {
            return count(Disposition.KEYPAIR_EXPIRED);
        }
        long counter = Bytes.getLongLE(msg, off + TransportData.COUNTER);
        byte[] out = ctx.rxScratch;
        int p = ctx.aead.open(k.receiveKey, counter, null, msg, off + TransportData.PACKET,
                len - TransportData.HEADER_SIZE, out, 0);
        if (p < 0) {
            return count(Disposition.DECRYPT_FAILED);
        }
        if (!k.replay.accept(counter, ctx.limits.rejectAfterMessages())) {
            return count(Disposition.REPLAYED);
        }
        endpoint = from; // roaming (§2.1): the source of the latest authenticated message
        if (keypairs.receivedWith(k)) {
            handshakeComplete();
            sendStaged(now, sink);
        }
        keepKeyFreshReceiving(now, sink);
        anyAuthenticatedPacketTraversal(now);
        anyAuthenticatedPacketReceived();
        counters.add(RX_BYTES, len);
        if (p == 0) {
            return count(Disposition.KEEPALIVE);
        }
        dataReceived(now);
        int ipLen = ipLength(out, p);
        if (ipLen < 0) {
            return count(Disposition.BAD_INNER_PACKET);
        }
        counters.add(RX_DATA, 1);
        sink.toTunnel(out, 0, ipLen);
        return count(Disposition.DATA);
    }

    /** The IP packet's own length if it is a plausible IPv4/IPv6 packet within {@code available} bytes, else -1. */
    static int ipLength(byte[] b, int available) {
        int version = (b[0] & 0xff) >>> 4;
        if (version == 4 && available >= 20) {
            int total = (b[2] & 0xff) << 8 | (b[3] & 0xff);
            return total >= 20 && total <= available ? total : -1;
        }
        if (version == 6 && available >= 40) {
            int total = 40 + ((b[4] & 0xff) << 8 | (b[5] & 0xff));
            return total <= available ? total : -1;
        }
        return -1;
    }

    // ---------------------------------------------------------------- timers (§6)

    /** Runs whatever timer is due at {@code now}; call every few hundred milliseconds (boringtun: 250 ms). */
    public void updateTimers(long now, TunnelSink sink) {
        if (closed) {
            return;
        }
        if (holdsSlot && now - slotSince >= InitiationWindow.SLOT_NANOS) {
            releaseSlot(); // unanswered: it no longer counts as in flight (its retransmission takes a slot again)
        }
        if (due(zeroKeysAt, now)) {
            zeroKeysAt = NEVER;
            zeroKeyMaterial();
        }
        if (due(retransmitAt, now)) {
            retransmitAt = NEVER;
            if (now - attemptStart >= Whitepaper.REKEY_ATTEMPT_TIME) {
                // §6.4: give up; what waited for this handshake is dropped; keys go after 3 x REJECT_AFTER_TIME
                dropPending();
                releaseSlot();
                attemptStart = NEVER;
                sendKeepaliveAt = NEVER;
                counters.add(GAVE_UP_DROPS, staged.size());
                staged.clear();
                if (zeroKeysAt == NEVER) {
                    zeroKeysAt = now + 3 * Whitepaper.REJECT_AFTER_TIME;
                }
            } else {
                sendInitiation(now, true, sink);
            }
        }
        if (due(sendKeepaliveAt, now)) {
            sendKeepaliveAt = NEVER;
            sendKeepalive(now, sink);
            if (needAnotherKeepalive) {
                needAnotherKeepalive = false;
                sendKeepaliveAt = now + Whitepaper.KEEPALIVE_TIMEOUT;
            }
        }
        if (due(newHandshakeAt, now)) {
            // §6.5: we sent data and heard nothing for KEEPALIVE_TIMEOUT + REKEY_TIMEOUT
            newHandshakeAt = NEVER;
            sendInitiation(now, false, sink);
        }
        if (due(persistentKeepaliveAt, now)) {
            persistentKeepaliveAt = NEVER;
            sendKeepalive(now, sink);
        }
    }

    private static boolean due(long at, long now) {
        return at != NEVER && now - at >= 0;
    }

    private void dataSent(long now) {
        if (newHandshakeAt == NEVER) {
            newHandshakeAt = now + Whitepaper.KEEPALIVE_TIMEOUT + Whitepaper.REKEY_TIMEOUT
                    + ctx.jitter.nextLong(Whitepaper.REKEY_TIMEOUT_JITTER_MAX + 1);
        }
    }

    private void dataReceived(long now) {
        if (sendKeepaliveAt == NEVER) {
            sendKeepaliveAt = now + Whitepaper.KEEPALIVE_TIMEOUT;
        } else {
            needAnotherKeepalive = true;
        }
    }

    private void anyAuthenticatedPacketSent() {
        sendKeepaliveAt = NEVER;
    }

    private void anyAuthenticatedPacketReceived() {
        newHandshakeAt = NEVER;
    }

    private void anyAuthenticatedPacketTraversal(long now) {
        if (persistentKeepalive > 0) {
            persistentKeepaliveAt = now + persistentKeepalive;
        }
    }

    private void sessionDerived(long now) {
        zeroKeysAt = now + 3 * Whitepaper.REJECT_AFTER_TIME;
    }

    private void handshakeComplete() {
        releaseSlot();
        retransmitAt = NEVER;
        attemptStart = NEVER;
        sentLastMinuteHandshake = false;
        lastHandshake = ctx.wallClock.instant();
        counters.add(HANDSHAKES, 1);
    }

    private void zeroKeyMaterial() {
        releaseSlot();
        keypairs.clear();
        staged.clear();
        dropPending();
        Bytes.zero(cookie);
        cookieReceived = NEVER;
        lastMac1Valid = false;
    }

    private void dropPending() {
        if (pending != null) {
            pending.destroy();
            pending = null;
            ctx.indices.release(pendingIndex);
        }
    }

    private Disposition count(Disposition d) {
        counters.add(DISPOSITIONS + d.ordinal(), 1);
        return d;
    }

    /** Counts a refusal decided before the tunnel saw the message (by the socket's demultiplexer). */
    public void countRefusal(Disposition d) {
        count(d);
    }

    // ---------------------------------------------------------------- lifecycle and state

    /** Wipes every key and releases every index; the tunnel refuses everything afterwards. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        zeroKeyMaterial();
        staged.clear();
        Bytes.zero(staticPrivate, psk, precomputedSs, ourCookieKey, peerCookieKey);
        ourMac1.destroy();
        peerMac1.destroy();
    }

    public boolean isClosed() {
        return closed;
    }

    public byte[] publicKey() {
        return staticPublic.clone();
    }

    public byte[] peerPublicKey() {
        return peerPublic.clone();
    }

    /** The peer's current endpoint (configured, or where its latest authenticated message came from). */
    public InetSocketAddress endpoint() {
        return endpoint;
    }

    public void setEndpoint(InetSocketAddress endpoint) {
        this.endpoint = endpoint;
    }

    /** Wall time of the latest completed handshake, or null. */
    public Instant lastHandshake() {
        return lastHandshake;
    }

    /** True if a session can carry data now (a current keypair that is not expired). */
    public boolean hasSession(long now) {
        return usable(keypairs.current(), now);
    }

    public int queued() {
        return staged.size();
    }

    public TunnelStats stats() {
        return new TunnelStats(counters);
    }

    /** Readable from any thread; values are eventually consistent. */
    public Counters counters() {
        return counters;
    }

    Keypairs keypairs() {
        return keypairs;
    }
}
