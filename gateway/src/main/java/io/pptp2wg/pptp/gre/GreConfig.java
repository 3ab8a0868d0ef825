package io.pptp2wg.pptp.gre;

import java.util.concurrent.TimeUnit;

/**
 * Tuning of the GRE sliding window (RFC 2637 §4.2-4.4).
 *
 * @param ackDelayNanos    how long a received packet waits for outgoing data to carry its ack before an ack-only packet goes
 * @param ackTimeoutNanos  with packets held back by a full window, how long without ack progress before the
 *                         outstanding ones are given up as lost (§4.4) and sending resumes
 * @param holdBackPackets  how many frames wait for the window to open before further ones are dropped (tail drop)
 * @param holdBackBytes    how many octets those frames may take: the per-call memory bound of the queue
 * @param reorderTolerance how far behind the newest sequence number a late packet is still delivered (≤ 64)
 * @param minSendWindow    the fewest unacknowledged packets we allow in flight, whatever smaller window the peer
 *                         announced (see {@link #DEFAULT_MIN_SEND_WINDOW}); 1 applies the peer's window as §4.4 says
 */
public record GreConfig(long ackDelayNanos, long ackTimeoutNanos, int holdBackPackets, int holdBackBytes,
                        int reorderTolerance, int minSendWindow) {
    public static final int MAX_REORDER_TOLERANCE = Long.SIZE;
    /**
     * RFC 2637 §4.4 makes the peer's Packet Recv Window Size (§2.7) a limit on our packets awaiting acknowledgment,
     * but none of the implementations we replace or meet applies it when sending: pptpd 1.4.0's and pptp-linux
     * 1.10's encaps_gre and Linux's pptp_xmit (accel-ppp) send every frame at once and only note the peer's
     * acknowledgment. pptp-linux announces a window of 3 yet takes every in-order packet its raw socket buffers, and
     * acknowledges only when idle or on its own outgoing frames, often more than 64 packets late under load. Held to
     * 3 (or 64) packets, downloads toward it ran at half (two thirds) of the upload rate, with a third of the frames
     * dropped at the full window; at 1024 no real peer's window closes, and a peer that stops acknowledging is still
     * caught by the acknowledgment timeout. Packets in flight cost no memory (GRE never retransmits).
     */
    public static final int DEFAULT_MIN_SEND_WINDOW = 1024;

    public GreConfig {
        if (reorderTolerance < 0 || reorderTolerance > MAX_REORDER_TOLERANCE) {
            throw new IllegalArgumentException("reorderTolerance must be 0.." + MAX_REORDER_TOLERANCE);
        }
        if (holdBackPackets < 0 || holdBackBytes < 0) {
            throw new IllegalArgumentException("holdBackPackets and holdBackBytes must be >= 0");
        }
        if (minSendWindow < 1) {
            throw new IllegalArgumentException("minSendWindow must be >= 1");
        }
    }

    /** 64 frames or 96 KiB held back per call, the first bound reached; allocated only once a window fills. */
    public static GreConfig defaults() {
        return new GreConfig(TimeUnit.MICROSECONDS.toNanos(500), TimeUnit.MILLISECONDS.toNanos(500), 64, 96 * 1024,
                32, DEFAULT_MIN_SEND_WINDOW);
    }

    /** The same, applying the peer's announced window exactly (§4.4), as the unit tests of the window do. */
    public GreConfig withMinSendWindow(int window) {
        return new GreConfig(ackDelayNanos, ackTimeoutNanos, holdBackPackets, holdBackBytes, reorderTolerance, window);
    }
}
