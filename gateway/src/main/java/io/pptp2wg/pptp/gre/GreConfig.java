package io.pptp2wg.pptp.gre;

import java.util.concurrent.TimeUnit;

/**
 * Tuning of the GRE sliding window (RFC 2637 §4.2-4.4).
 *
 * @param ackDelayNanos    how long a received packet waits for outgoing data to carry its ack before an ack-only packet goes
 * @param ackTimeoutNanos  with packets held back by a full window, how long without ack progress before the
 *                         outstanding ones are given up as lost (§4.4) and sending resumes
 * @param holdBackPackets  how many packets wait for the peer's window to open before further ones are dropped
 * @param reorderTolerance how far behind the newest sequence number a late packet is still delivered (≤ 64)
 */
public record GreConfig(long ackDelayNanos, long ackTimeoutNanos, int holdBackPackets, int reorderTolerance) {
    public static final int MAX_REORDER_TOLERANCE = Long.SIZE;

    public GreConfig {
        if (reorderTolerance < 0 || reorderTolerance > MAX_REORDER_TOLERANCE) {
            throw new IllegalArgumentException("reorderTolerance must be 0.." + MAX_REORDER_TOLERANCE);
        }
        if (holdBackPackets < 0) {
            throw new IllegalArgumentException("holdBackPackets must be >= 0");
        }
    }

    public static GreConfig defaults() {
        return new GreConfig(TimeUnit.MICROSECONDS.toNanos(500), TimeUnit.MILLISECONDS.toNanos(500), 32, 32);
    }
}
