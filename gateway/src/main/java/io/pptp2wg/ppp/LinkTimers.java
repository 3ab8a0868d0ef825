package io.pptp2wg.ppp;

import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.ppp.fsm.Deadlines;

import java.util.concurrent.TimeUnit;

/**
 * The open network phase's two limits, as pppd's {@code idle} and {@code maxconnect}: the link ends
 * after so many seconds without an IP packet either way, or after so many seconds open. Both run only
 * while the network phase is open; zero turns one off. Time comes in, nothing reads a clock.
 */
final class LinkTimers {
    /** Which limit was reached, with the line pppd logs and the reason the link closes with. */
    enum Expiry {
        NONE(null, null),
        MAX_CONNECT("Connect time expired", "Connect time expired"),
        IDLE("Terminating connection due to lack of activity.", "Link inactive");

        final String logLine;
        final String reason;

        Expiry(String logLine, String reason) {
            this.logLine = logLine;
            this.reason = reason;
        }
    }

    private long idleNanos;
    private long maxConnectNanos;
    private long lastTraffic;
    private long maxConnectDeadline = Long.MAX_VALUE;

    LinkTimers(PppOptions options) {
        this.idleNanos = TimeUnit.SECONDS.toNanos(Math.max(0, options.idleSeconds()));
        this.maxConnectNanos = TimeUnit.SECONDS.toNanos(Math.max(0, options.maxConnectSeconds()));
    }

    /**
     * RADIUS's Session-Timeout and Idle-Timeout (RFC 2865 §5.27, §5.28) for this session, as pppd's radius plugin
     * sets maxconnect and idle from them; a value of 0 leaves the option's limit.
     */
    void override(java.util.OptionalInt sessionTimeoutSeconds, java.util.OptionalInt idleTimeoutSeconds) {
        sessionTimeoutSeconds.stream().filter(v -> v > 0).forEach(v -> maxConnectNanos = TimeUnit.SECONDS.toNanos(v));
        idleTimeoutSeconds.stream().filter(v -> v > 0).forEach(v -> idleNanos = TimeUnit.SECONDS.toNanos(v));
    }

    /** A new connect-time limit from {@code now} (a CoA's Session-Timeout); 0 = none. Applies at once if open. */
    void maxConnectFromNow(int seconds, long now, boolean open) {
        maxConnectNanos = TimeUnit.SECONDS.toNanos(Math.max(0, seconds));
        if (open) {
            maxConnectDeadline = maxConnectNanos > 0 ? now + maxConnectNanos : Long.MAX_VALUE;
        }
    }

    /** The network phase opened: both limits start now. */
    void opened(long now) {
        lastTraffic = now;
        if (maxConnectNanos > 0) {
            maxConnectDeadline = now + maxConnectNanos;
        }
    }

    /** An IP packet went either way: the idle limit starts over. */
    void traffic(long now) {
        lastTraffic = now;
    }

    /** The network phase stopped: no connect-time limit until it opens again. */
    void stopped() {
        maxConnectDeadline = Long.MAX_VALUE;
    }

    /** Whether a limit is reached at {@code now} (the connect time first); ask only while the network phase is open. */
    Expiry expired(long now) {
        if (now - maxConnectDeadline >= 0 && maxConnectDeadline != Long.MAX_VALUE) {
            return Expiry.MAX_CONNECT;
        }
        if (idleNanos > 0 && now - (lastTraffic + idleNanos) >= 0) {
            return Expiry.IDLE;
        }
        return Expiry.NONE;
    }

    /** The earlier of the two limits, Long.MAX_VALUE when neither runs; meaningful while the network phase is open. */
    long deadline() {
        long d = maxConnectDeadline;
        if (idleNanos > 0) {
            d = Deadlines.earliest(d, lastTraffic + idleNanos);
        }
        return d;
    }
}
