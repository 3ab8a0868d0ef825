package io.pptp2wg.wireguard.tunnel;

import io.pptp2wg.wireguard.Whitepaper;

/**
 * The timers of whitepaper §6 with the semantics of wireguard-go's timers.go, polled by {@link #tick} instead of
 * scheduled: one method per timer event, each arming or disarming the deadlines it names. A timer is its
 * deadline in monotonic nanoseconds; {@link #NEVER} when not armed (a deadline is a time, not a flag).
 */
final class TunnelTimers {
    static final long NEVER = Long.MIN_VALUE;

    private final Tunnel tunnel;
    private final long persistentKeepalive;
    // the current handshake attempt (§6.4): when it started and when its latest initiation went out
    private long attemptStart = NEVER;
    private long lastInitiationSent = NEVER;
    // deadlines
    private long retransmitAt = NEVER;
    private long sendKeepaliveAt = NEVER;
    private long newHandshakeAt = NEVER;
    private long zeroKeysAt = NEVER;
    private long persistentKeepaliveAt = NEVER;
    private boolean needAnotherKeepalive; // data arrived while the keepalive timer was armed (wireguard-go's name)

    TunnelTimers(Tunnel tunnel, long persistentKeepaliveNanos) {
        this.tunnel = tunnel;
        this.persistentKeepalive = persistentKeepaliveNanos;
    }

    /** Runs whatever timer is due at {@code now}, in wireguard-go's order of concerns. */
    void tick(long now, TunnelSink sink) {
        Handshake hs = tunnel.handshake;
        hs.expireSlot(now);
        if (due(zeroKeysAt, now)) {
            zeroKeysAt = NEVER;
            tunnel.zeroKeyMaterial();
        }
        if (due(retransmitAt, now)) {
            retransmitAt = NEVER;
            if (now - attemptStart >= Whitepaper.REKEY_ATTEMPT_TIME) {
                // §6.4: give up; what waited for this handshake is dropped; keys go after 3 x REJECT_AFTER_TIME
                hs.giveUp();
                attemptStart = NEVER;
                sendKeepaliveAt = NEVER;
                tunnel.transport.dropStaged();
                if (zeroKeysAt == NEVER) {
                    zeroKeysAt = now + 3 * Whitepaper.REJECT_AFTER_TIME;
                }
            } else {
                hs.sendInitiation(now, true, sink);
            }
        }
        if (due(sendKeepaliveAt, now)) {
            sendKeepaliveAt = NEVER;
            tunnel.transport.sendKeepalive(now, sink);
            if (needAnotherKeepalive) {
                needAnotherKeepalive = false;
                sendKeepaliveAt = now + Whitepaper.KEEPALIVE_TIMEOUT;
            }
        }
        if (due(newHandshakeAt, now)) {
            // §6.5: we sent data and heard nothing for KEEPALIVE_TIMEOUT + REKEY_TIMEOUT
            newHandshakeAt = NEVER;
            hs.sendInitiation(now, false, sink);
        }
        if (due(persistentKeepaliveAt, now)) {
            persistentKeepaliveAt = NEVER;
            tunnel.transport.sendKeepalive(now, sink);
        }
    }

    private static boolean due(long at, long now) {
        return at != NEVER && now - at >= 0;
    }

    /** A handshake is wanted: a retry keeps the attempt's start; anything else starts a new REKEY_ATTEMPT_TIME. */
    void onHandshakeWanted(long now, boolean retry) {
        if (!retry || attemptStart == NEVER) {
            attemptStart = now;
        }
    }

    /** §6.1: at most one initiation per REKEY_TIMEOUT. */
    boolean mayInitiate(long now) {
        return lastInitiationSent == NEVER || now - lastInitiationSent >= Whitepaper.REKEY_TIMEOUT;
    }

    /** An initiation went out: retransmit after REKEY_TIMEOUT plus jitter unless answered. */
    void onHandshakeInitiated(long now) {
        lastInitiationSent = now;
        retransmitAt = now + Whitepaper.REKEY_TIMEOUT
                + tunnel.ctx.jitter.nextLong(Whitepaper.REKEY_TIMEOUT_JITTER_MAX + 1);
    }

    /** Either side completed a handshake: no retransmission, the attempt is over. */
    void onHandshakeComplete() {
        retransmitAt = NEVER;
        attemptStart = NEVER;
    }

    /** A new keypair was derived: its key material goes after 3 x REJECT_AFTER_TIME unless renewed. */
    void onSessionKeypairDerived(long now) {
        zeroKeysAt = now + 3 * Whitepaper.REJECT_AFTER_TIME;
    }

    /** Data sent: expect to hear from the peer within KEEPALIVE_TIMEOUT + REKEY_TIMEOUT, else a new handshake. */
    void onDataSent(long now) {
        if (newHandshakeAt == NEVER) {
            newHandshakeAt = now + Whitepaper.KEEPALIVE_TIMEOUT + Whitepaper.REKEY_TIMEOUT
                    + tunnel.ctx.jitter.nextLong(Whitepaper.REKEY_TIMEOUT_JITTER_MAX + 1);
        }
    }

    /** Data received: answer with a keepalive after KEEPALIVE_TIMEOUT if nothing else goes out. */
    void onDataReceived(long now) {
        if (sendKeepaliveAt == NEVER) {
            sendKeepaliveAt = now + Whitepaper.KEEPALIVE_TIMEOUT;
        } else {
            needAnotherKeepalive = true;
        }
    }

    void onAnyAuthenticatedPacketSent() {
        sendKeepaliveAt = NEVER;
    }

    void onAnyAuthenticatedPacketReceived() {
        newHandshakeAt = NEVER;
    }

    void onAnyAuthenticatedPacketTraversal(long now) {
        if (persistentKeepalive > 0) {
            persistentKeepaliveAt = now + persistentKeepalive;
        }
    }
}
