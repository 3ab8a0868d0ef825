package io.pptp2wg.wireguard.tunnel;

import io.pptp2wg.stats.EnumCounters;
import io.pptp2wg.wireguard.Whitepaper;
import io.pptp2wg.wireguard.crypto.Bytes;
import io.pptp2wg.wireguard.crypto.Curve25519;
import io.pptp2wg.wireguard.crypto.SymmetricKey;
import io.pptp2wg.wireguard.keys.Keypair;
import io.pptp2wg.wireguard.keys.Keypairs;
import io.pptp2wg.wireguard.messages.HandshakeInitiation;
import io.pptp2wg.wireguard.messages.HandshakeResponse;
import io.pptp2wg.wireguard.messages.MessageType;
import io.pptp2wg.wireguard.messages.Tai64n;
import io.pptp2wg.wireguard.noise.IKpsk2;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * The tunnel's handshakes (whitepaper §5.4.2-§5.4.5, §6.2): the initiator's and the responder's Noise IKpsk2,
 * the keypairs they derive and when a session needs a fresh one. Its state is a {@link HandshakeState}; its
 * place in the device's initiation window an {@link InitiationTurn}.
 */
final class Handshake {
    private static final byte[] EMPTY = new byte[0];

    /** The latest initiation we accepted: its TAI64N timestamp (replay) and when (flood, 1/50 s). */
    private record Accepted(byte[] timestamp, long at) {
    }

    private final Tunnel tunnel;
    private final TunnelContext ctx;
    private final EnumCounters<TunnelCounter> counters;
    // the static keys
    final byte[] staticPrivate;
    final byte[] staticPublic = new byte[32];
    final byte[] peerPublic;
    private final byte[] psk;
    private final byte[] precomputedSs = new byte[32];
    private final boolean ssValid;

    final Keypairs keypairs;
    private HandshakeState state = HandshakeState.NONE;
    private final InitiationTurn turn;
    private Accepted lastAccepted; // null: no initiation accepted yet
    private boolean sentLastMinuteHandshake; // §6.2, once per session we initiated
    private volatile Instant lastHandshake;

    Handshake(Tunnel tunnel, Tunnel.Config config) {
        this.tunnel = tunnel;
        this.ctx = tunnel.ctx;
        this.counters = tunnel.totals;
        this.staticPrivate = config.staticPrivateKey().clone();
        if (config.staticPublicKey() != null) {
            System.arraycopy(config.staticPublicKey(), 0, staticPublic, 0, 32);
        } else {
            Curve25519.publicKey(staticPrivate, staticPublic);
        }
        this.peerPublic = config.peerPublicKey().clone();
        this.psk = config.presharedKey() == null ? new byte[32] : config.presharedKey().clone();
        // DH(S_priv_i, S_pub_r) is the same for every handshake with this peer (wireguard-go precomputes it too)
        if (config.precomputedStaticStatic() != null) {
            System.arraycopy(config.precomputedStaticStatic(), 0, precomputedSs, 0, 32);
            this.ssValid = !Bytes.isZero(precomputedSs, 0, 32);
        } else {
            this.ssValid = Curve25519.agree(staticPrivate, peerPublic, 0, precomputedSs);
        }
        this.keypairs = new Keypairs(ctx.indices::release);
        this.turn = new InitiationTurn(tunnel, ctx.window);
    }

    // ---------------------------------------------------------------- when a new handshake is due (§6.2)

    /** §6.2: an initiator rekeys after REKEY_AFTER_TIME; anyone after REKEY_AFTER_MESSAGES. */
    void keepKeyFreshSending(long now, TunnelSink sink) {
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
    void keepKeyFreshReceiving(long now, TunnelSink sink) {
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

    // ---------------------------------------------------------------- initiator

    /**
     * Sends a handshake initiation (§5.4.2), at most one per REKEY_TIMEOUT (§6.1). A retry keeps the attempt's
     * start time; anything else starts a new REKEY_ATTEMPT_TIME window, as wireguard-go does.
     */
    void sendInitiation(long now, boolean retry, TunnelSink sink) {
        TunnelTimers timers = tunnel.timers;
        timers.onHandshakeWanted(now, retry);
        if (!timers.mayInitiate(now)) {
            return;
        }
        InetSocketAddress to = tunnel.endpoint();
        if (to == null || !ssValid) {
            return;
        }
        if (!turn.take(now, counters.get(TunnelCounter.HANDSHAKES))) {
            return;
        }
        dropPending();
        int localIndex = ctx.indices.allocate(tunnel);
        byte[] ephemeral = new byte[32];
        Curve25519.generatePrivateKey(ctx.random, ephemeral);
        IKpsk2 noise = new IKpsk2(ctx.blake, ctx.aead, true, Whitepaper.CONSTRUCTION, Whitepaper.IDENTIFIER,
                staticPrivate, peerPublic);
        state = new HandshakeState.InitiationSent(noise, localIndex);
        byte[] timestamp = new byte[Tai64n.LENGTH];
        Tai64n.write(ctx.wallClock.instant(), timestamp, 0);
        byte[] out = ctx.txScratch;
        Bytes.putIntLE(out, 0, MessageType.HANDSHAKE_INITIATION.wireValue);
        Bytes.putIntLE(out, HandshakeInitiation.SENDER, localIndex);
        int n = noise.writeMessageA(ephemeral, precomputedSs, timestamp, 0, Tai64n.LENGTH, out,
                HandshakeInitiation.EPHEMERAL);
        Bytes.zero(ephemeral);
        if (n != HandshakeInitiation.NOISE_LENGTH) {
            dropPending();
            return;
        }
        tunnel.macs.addMacs(now, out, HandshakeInitiation.SIZE);
        sink.toNetwork(to, out, 0, HandshakeInitiation.SIZE);
        counters.add(TunnelCounter.TX_BYTES, HandshakeInitiation.SIZE);
        timers.onHandshakeInitiated(now);
        timers.onAnyAuthenticatedPacketTraversal(now);
        timers.onAnyAuthenticatedPacketSent();
    }

    /** A response (§5.4.3) to our initiation in flight; its MAC1 was checked by the device. */
    Disposition receiveResponse(long now, InetSocketAddress from, byte[] msg, int off, TunnelSink sink) {
        int receiver = Bytes.getIntLE(msg, off + HandshakeResponse.RECEIVER);
        if (!(state instanceof HandshakeState.InitiationSent sent) || receiver != sent.localIndex()) {
            return Disposition.UNEXPECTED_RESPONSE;
        }
        IKpsk2 hs = sent.noise().copy(); // a forged response must not spoil the genuine one still to come
        int p = hs.readMessageB(psk, msg, off + HandshakeResponse.EPHEMERAL, HandshakeResponse.NOISE_LENGTH, EMPTY, 0);
        if (p != 0) {
            hs.destroy();
            return Disposition.HANDSHAKE_FAILED;
        }
        byte[] send = new byte[32], receive = new byte[32];
        hs.split(send, receive);
        hs.destroy();
        Keypair k = new Keypair(new SymmetricKey(send, 0), new SymmetricKey(receive, 0), sent.localIndex(),
                Bytes.getIntLE(msg, off + HandshakeResponse.SENDER), true, now);
        Bytes.zero(send, receive);
        sent.noise().destroy(); // its index now names the keypair
        state = new HandshakeState.Established(k);
        keypairs.begin(k);
        tunnel.setEndpoint(from);
        counters.add(TunnelCounter.RX_BYTES, HandshakeResponse.SIZE);
        TunnelTimers timers = tunnel.timers;
        timers.onAnyAuthenticatedPacketTraversal(now);
        timers.onAnyAuthenticatedPacketReceived();
        timers.onSessionKeypairDerived(now);
        complete();
        tunnel.transport.sendKeepalive(now, sink); // confirms the session to the responder, or carries what was queued
        return Disposition.HANDSHAKE_RESPONSE;
    }

    // ---------------------------------------------------------------- responder

    /**
     * A handshake initiation (§5.4.2) addressed to this identity (its MAC1 matched): authenticate it, refuse a
     * replay or a flood, answer with a response (§5.4.3) and keep the new keypair as "next" until the initiator
     * confirms it. State changes only when every check passed.
     */
    Disposition receiveInitiation(long now, InetSocketAddress from, byte[] msg, int off, TunnelSink sink) {
        if (!ssValid) {
            return Disposition.HANDSHAKE_FAILED;
        }
        IKpsk2 hs = new IKpsk2(ctx.blake, ctx.aead, false, Whitepaper.CONSTRUCTION, Whitepaper.IDENTIFIER,
                staticPrivate, null);
        try {
            if (!hs.readMessageAStatic(msg, off + HandshakeInitiation.EPHEMERAL)) {
                return Disposition.HANDSHAKE_FAILED;
            }
            if (!Bytes.constantTimeEquals(hs.remoteStatic(), 0, peerPublic, 0, 32)) {
                return Disposition.UNKNOWN_PEER;
            }
            byte[] timestamp = new byte[Tai64n.LENGTH];
            int p = hs.readMessageAPayload(precomputedSs, msg, off + HandshakeInitiation.EPHEMERAL,
                    HandshakeInitiation.NOISE_LENGTH, timestamp, 0);
            if (p != Tai64n.LENGTH) {
                return Disposition.HANDSHAKE_FAILED;
            }
            Accepted last = lastAccepted;
            if (last != null && !Tai64n.isAfter(timestamp, 0, last.timestamp, 0)) {
                return Disposition.STALE_TIMESTAMP;
            }
            if (last != null && now - last.at <= Tunnel.INITIATION_MIN_INTERVAL) {
                return Disposition.INITIATION_FLOOD;
            }
            lastAccepted = new Accepted(timestamp, now);
            counters.add(TunnelCounter.RX_BYTES, HandshakeInitiation.SIZE);
            tunnel.setEndpoint(from);
            TunnelTimers timers = tunnel.timers;
            timers.onAnyAuthenticatedPacketTraversal(now);
            timers.onAnyAuthenticatedPacketReceived();
            // Our own initiation, if any, is superseded (as in the kernel and wireguard-go): a response to it is
            // refused, and the retransmission timer stays armed in case this handshake does not complete.
            dropPending();
            turn.release();

            int localIndex = ctx.indices.allocate(tunnel);
            byte[] ephemeral = new byte[32];
            Curve25519.generatePrivateKey(ctx.random, ephemeral);
            byte[] out = ctx.txScratch;
            Bytes.putIntLE(out, 0, MessageType.HANDSHAKE_RESPONSE.wireValue);
            Bytes.putIntLE(out, HandshakeResponse.SENDER, localIndex);
            Bytes.putIntLE(out, HandshakeResponse.RECEIVER, Bytes.getIntLE(msg, off + HandshakeInitiation.SENDER));
            int n = hs.writeMessageB(ephemeral, psk, EMPTY, 0, 0, out, HandshakeResponse.EPHEMERAL);
            Bytes.zero(ephemeral);
            if (n != HandshakeResponse.NOISE_LENGTH) {
                ctx.indices.release(localIndex);
                return Disposition.HANDSHAKE_FAILED;
            }
            byte[] initiatorSends = new byte[32], responderSends = new byte[32];
            hs.split(initiatorSends, responderSends);
            Keypair next = new Keypair(new SymmetricKey(responderSends, 0), new SymmetricKey(initiatorSends, 0),
                    localIndex, Bytes.getIntLE(msg, off + HandshakeInitiation.SENDER), false, now);
            keypairs.begin(next);
            state = new HandshakeState.ResponseSent(next);
            Bytes.zero(initiatorSends, responderSends);
            timers.onSessionKeypairDerived(now);
            tunnel.macs.addMacs(now, out, HandshakeResponse.SIZE);
            sink.toNetwork(from, out, 0, HandshakeResponse.SIZE);
            counters.add(TunnelCounter.TX_BYTES, HandshakeResponse.SIZE);
            timers.onAnyAuthenticatedPacketTraversal(now);
            timers.onAnyAuthenticatedPacketSent();
            return Disposition.HANDSHAKE_INITIATION;
        } finally {
            hs.destroy();
        }
    }

    /**
     * The initiator's first transport message confirmed {@code k}, our "next" keypair (now current): the
     * responder's handshake is complete. An initiation of ours sent meanwhile stays in flight.
     */
    void confirmed(Keypair k) {
        if (!(state instanceof HandshakeState.InitiationSent)) {
            state = new HandshakeState.Established(k);
        }
        complete();
    }

    private void complete() {
        turn.release();
        tunnel.timers.onHandshakeComplete();
        sentLastMinuteHandshake = false;
        lastHandshake = ctx.wallClock.instant();
        counters.increment(TunnelCounter.HANDSHAKES);
    }

    // ---------------------------------------------------------------- the device's initiation window (InitiationTurn)

    /** The window has room: initiate now if still wanted (nothing completed a handshake meanwhile). */
    void slotFreed(long now, TunnelSink sink) {
        InitiationSlot.Queued queued = turn.granted();
        if (queued == null || tunnel.isClosed() || counters.get(TunnelCounter.HANDSHAKES) != queued.handshakesBefore()) {
            return;
        }
        sendInitiation(now, true, sink);
    }

    void expireSlot(long now) {
        turn.expire(now);
    }

    // ---------------------------------------------------------------- giving up, zeroing, state

    /** §6.4: the attempt gave up; our initiation is forgotten and its slot freed. */
    void giveUp() {
        dropPending();
        turn.release();
    }

    /** §6.1: every keypair and the initiation in flight destroyed, their indices released. */
    void zeroKeyMaterial() {
        turn.release();
        keypairs.clear();
        dropPending();
        state = HandshakeState.NONE;
    }

    /** Destroys our initiation in flight, if any, and releases its index. */
    private void dropPending() {
        if (state instanceof HandshakeState.InitiationSent sent) {
            sent.noise().destroy();
            ctx.indices.release(sent.localIndex());
            state = settled();
        }
    }

    /** The state once no initiation of ours is in flight: what the keypairs say. */
    private HandshakeState settled() {
        Keypair next = keypairs.next();
        if (next != null) {
            return new HandshakeState.ResponseSent(next);
        }
        Keypair current = keypairs.current();
        return current != null ? new HandshakeState.Established(current) : HandshakeState.NONE;
    }

    /** True if one of our keypairs (or our initiation in flight) has this local index. */
    boolean owns(int index) {
        return (state instanceof HandshakeState.InitiationSent sent && sent.localIndex() == index)
                || keypairs.byLocalIndex(index) != null;
    }

    HandshakeState state() {
        return state;
    }

    InitiationSlot slot() {
        return turn.slot();
    }

    Instant lastHandshake() {
        return lastHandshake;
    }

    /** The tunnel closes: the static secrets zeroed (the keypairs already are). */
    void destroy() {
        Bytes.zero(staticPrivate, psk, precomputedSs);
    }
}
