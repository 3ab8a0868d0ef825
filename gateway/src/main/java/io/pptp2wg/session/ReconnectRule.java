package io.pptp2wg.session;

import java.util.concurrent.TimeUnit;

/**
 * Whether a new login of a user takes over the user's own address from an older session of the same user, or
 * runs beside it (pptpd's behaviour: several logins of one name are several calls). Only a reconnect of the same
 * device ({@link SameDevice}) whose older session has gone silent takes over: a client whose link broke gets its
 * address (and its WireGuard identity) back at once, while two live sessions of one machine, which look identical,
 * both stay. No I/O: the times come in as {@code System.nanoTime()}-like nanoseconds.
 */
public final class ReconnectRule {
    /**
     * Silence after which the older session of the same device counts as dead: twice the LCP echo period of the
     * usual clients (Debian's /etc/ppp/options: {@code lcp-echo-interval 30}), so that a live but idle session that
     * echoes is never taken for dead. A shorter silence leaves both sessions up (the new one on a borrowed address,
     * nothing lost); the older one, if it was dead after all, is reaped by LCP or control-connection echoes.
     */
    public static final long REPLACE_AFTER_SILENCE_NANOS = TimeUnit.SECONDS.toNanos(60);

    public enum Verdict {
        /** The older session is probably dead: end it, the new one takes its address and identity. */
        REPLACE,
        /** Both stay: the new session is a concurrent one (a borrowed address). */
        CONCURRENT
    }

    private ReconnectRule() {}

    /**
     * @param sameDevice     {@link SameDevice#test} of the two logins
     * @param lastHeardNanos when the older session last received anything from its client (GRE: data, LCP, acks)
     * @param nowNanos       now, on the same clock
     */
    public static Verdict decide(boolean sameDevice, long lastHeardNanos, long nowNanos) {
        return sameDevice && nowNanos - lastHeardNanos >= REPLACE_AFTER_SILENCE_NANOS ? Verdict.REPLACE : Verdict.CONCURRENT;
    }
}
