package io.pptp2wg.pptp.control;

/**
 * The keep-alive of one control connection, the same at both ends (RFC 2637 §2.5, §2.6, as pptpd and pptp-linux
 * keep it): anything heard from the peer shows the connection lives; after {@code idle} without anything, an
 * Echo-Request; no control message within the echo timeout after it, and the connection is dead. GRE on one of
 * the connection's calls counts as heard, but does not answer an outstanding Echo-Request. Time comes in.
 */
public final class ControlKeepalive {
    /** What {@link #poll} found due. */
    public enum Due { NOTHING, SEND_ECHO_REQUEST, DEAD }

    private final long idleNanos;
    private final long echoTimeoutNanos;
    private long lastHeard;
    private boolean echoOutstanding;
    private int echoIdentifier;
    private long echoSentAt;

    public ControlKeepalive(long idleNanos, long echoTimeoutNanos, long nowNanos) {
        this.idleNanos = idleNanos;
        this.echoTimeoutNanos = echoTimeoutNanos;
        this.lastHeard = nowNanos;
    }

    /** The connection (re)starts at {@code nowNanos}: idle counts from then, no Echo-Request is outstanding. */
    public void restart(long nowNanos) {
        lastHeard = nowNanos;
        echoOutstanding = false;
    }

    /** A control message from the peer: the connection lives, and any Echo-Request is answered. */
    public void messageHeard(long nowNanos) {
        restart(nowNanos);
    }

    /** Other traffic from the peer (GRE, or the connection starting): no Echo-Request is needed yet. */
    public void activity(long nowNanos) {
        if (nowNanos - lastHeard > 0) {
            lastHeard = nowNanos;
        }
    }

    /** What is due at {@code nowNanos}; an Echo-Request found due counts as sent (its identifier: {@link #echoIdentifier}). */
    public Due poll(long nowNanos) {
        if (echoOutstanding) {
            return nowNanos - (echoSentAt + echoTimeoutNanos) >= 0 ? Due.DEAD : Due.NOTHING;
        }
        if (nowNanos - (lastHeard + idleNanos) >= 0) {
            echoOutstanding = true;
            echoSentAt = nowNanos;
            echoIdentifier++;
            return Due.SEND_ECHO_REQUEST;
        }
        return Due.NOTHING;
    }

    /** The Identifier of the last Echo-Request (§2.5: 32 bits, ours to choose). */
    public int echoIdentifier() {
        return echoIdentifier;
    }

    /** When {@link #poll} has something to do next. */
    public long deadline() {
        return echoOutstanding ? echoSentAt + echoTimeoutNanos : lastHeard + idleNanos;
    }
}
