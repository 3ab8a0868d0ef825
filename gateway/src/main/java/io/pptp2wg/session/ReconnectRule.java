package io.pptp2wg.session;

import java.util.concurrent.TimeUnit;

/**
 * Whether a new login of a user takes over the user's own address from the older session that holds it, or runs
 * beside it (pptpd's behaviour: several logins of one name are several calls). Only a reconnect of the same device
 * ({@link SameDevice}) whose older session is dead takes over: a client whose link broke gets its address (and its
 * WireGuard identity) back at once, while two live sessions of one machine, which look identical, both stay. An
 * older session silent for long is taken for dead at once; one heard from lately is asked (an LCP Echo-Request, a
 * {@link Probe}) while the new login's network phase waits. No I/O: times come in as {@code System.nanoTime()}-like
 * nanoseconds.
 */
public final class ReconnectRule {
    /**
     * Silence after which the older session of the same device counts as dead without asking: twice the LCP echo
     * period of the usual clients (Debian's /etc/ppp/options: {@code lcp-echo-interval 30}), so that a live but idle
     * session is never taken for dead.
     */
    public static final long REPLACE_AFTER_SILENCE_NANOS = TimeUnit.SECONDS.toNanos(60);

    /**
     * How long the new login waits for the older session to answer the probe. pppd answers an Echo-Request at once;
     * 2.5 s is above any round trip a PPTP link survives with, and below the client's 3 s restart timer of its CCP and
     * IPCP requests (RFC 1661's default), so a held login costs it at most one retransmission.
     */
    public static final long PROBE_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(2_500);

    public enum Verdict {
        /** The older session is dead: end it, the new one takes its address and identity. */
        REPLACE,
        /** Both stay: the new session is a concurrent one (a borrowed address). */
        CONCURRENT,
        /** The same device, heard from lately: ask it ({@link Probe}) before deciding. */
        PROBE
    }

    private ReconnectRule() {}

    /**
     * @param sameDevice     {@link SameDevice#test} of the two logins
     * @param lastHeardNanos when the older session last received anything from its client (GRE: data, LCP, acks)
     * @param nowNanos       now, on the same clock
     */
    public static Verdict decide(boolean sameDevice, long lastHeardNanos, long nowNanos) {
        if (!sameDevice) {
            return Verdict.CONCURRENT;
        }
        return nowNanos - lastHeardNanos >= REPLACE_AFTER_SILENCE_NANOS ? Verdict.REPLACE : Verdict.PROBE;
    }

    /**
     * One probe of an older session: sent at {@code sentAtNanos}; anything heard from it since then means it is alive
     * (CONCURRENT), nothing by {@link #deadline()} means it is dead (REPLACE). Decides once; thread-safe (the older
     * session's loop reports what it heard, the new session's loop the timer).
     */
    public static final class Probe {
        private final long sentAtNanos;
        private Verdict verdict;

        public Probe(long sentAtNanos) {
            this.sentAtNanos = sentAtNanos;
        }

        public long deadline() {
            return sentAtNanos + PROBE_TIMEOUT_NANOS;
        }

        /** The older session received something at {@code heardAtNanos}: CONCURRENT if that is after the probe left. */
        public synchronized Verdict heard(long heardAtNanos) {
            if (verdict == null && heardAtNanos - sentAtNanos >= 0) {
                verdict = Verdict.CONCURRENT;
                return verdict;
            }
            return null;
        }

        /** The timer: REPLACE once the deadline passed with nothing heard; null before it, or once decided. */
        public synchronized Verdict timer(long nowNanos) {
            if (verdict == null && nowNanos - deadline() >= 0) {
                verdict = Verdict.REPLACE;
                return verdict;
            }
            return null;
        }

        /** The decision, null while it is open. */
        public synchronized Verdict verdict() {
            return verdict;
        }
    }
}
