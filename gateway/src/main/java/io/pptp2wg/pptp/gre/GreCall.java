package io.pptp2wg.pptp.gre;

import java.nio.ByteBuffer;

import static io.pptp2wg.pptp.gre.GreProtocol.MAX_HEADER_LENGTH;
import static io.pptp2wg.pptp.gre.GreProtocol.MAX_PAYLOAD_LENGTH;

/**
 * The enhanced GRE state of one call (RFC 2637 §4): our sequence numbers and the peer's
 * acknowledgments, the peer's sequence numbers and the acknowledgments we owe, the send window (§4.4: the
 * peer's receive window, lifted to {@link GreConfig#minSendWindow}, as the reference implementations never
 * limit sends by it) and the frames held back while it is full (bounded per call, tail drop). No I/O and no clock: time comes in as {@code nowNanos}, packets go out through a
 * {@link GreSink}. Sequence arithmetic is modulo 2^32 (§4.3). Not thread-safe: one caller thread.
 */
public final class GreCall {
    private final int peerCallId;
    /** The peer's window, or the configured floor (see {@link GreConfig#DEFAULT_MIN_SEND_WINDOW}). */
    private final int sendWindow;
    private final GreConfig config;
    private final GreStats stats;

    // receive side
    private boolean received;
    private int lastReceived;
    /** Bit i set: sequence number lastReceived - 1 - i has been received. */
    private long recentlyReceived;
    private int lastAckSent;
    private boolean ackOwed;
    private long ackDueAt;

    // send side
    private int nextSequence;
    private int lastAcked;
    private long ackProgressAt;
    /** Frames waiting for the window to open (RFC 2637 §4.4), bounded in frames and octets. */
    private final FrameRing heldBack;

    /**
     * @param peerCallId the peer's Call ID, which goes in our packets' key
     * @param peerWindow the peer's Packet Recv Window Size (§2.7): most unacknowledged packets in flight, unless
     *                   {@link GreConfig#minSendWindow} allows more
     */
    public GreCall(int peerCallId, int peerWindow, GreConfig config, GreStats stats) {
        this.peerCallId = peerCallId;
        this.sendWindow = Math.max(Math.max(1, peerWindow), config.minSendWindow());
        this.config = config;
        this.stats = stats;
        this.nextSequence = 0;              // §4.3: the first data packet carries 0
        this.lastAcked = nextSequence - 1;  // nothing in flight
        this.heldBack = new FrameRing(config.holdBackPackets(), config.holdBackBytes());
    }

    public int peerCallId() {
        return peerCallId;
    }

    /**
     * A packet for this call whose header {@code h} has been parsed (the caller matched its Call ID).
     * Processes its acknowledgment; returns whether its payload should go to PPP.
     */
    public boolean receive(GreHeader h, long now, GreSink sink) {
        stats.increment(GreCounter.PACKETS_RECEIVED);
        if (h.hasAck()) {
            acknowledged(h.ack(), now, sink);
        }
        if (!h.hasSequence()) {
            stats.increment(GreCounter.ACK_ONLY_RECEIVED);
            return false;
        }
        int seq = h.sequence();
        if (!received) {
            // any first number: pptp-linux starts at 1, RFC 2637 at 0
            received = true;
            lastReceived = seq;
            recentlyReceived = 0;
        } else {
            int ahead = seq - lastReceived;
            if (ahead > 0) {
                if (ahead > 1) {
                    stats.add(GreCounter.SEQUENCE_GAPS, ahead - 1);
                }
                recentlyReceived = ahead >= Long.SIZE ? 0 : (recentlyReceived << ahead) | (1L << (ahead - 1));
                lastReceived = seq;
            } else if (ahead == 0) {
                stats.increment(GreCounter.DUPLICATE);
                return false;
            } else {
                int behind = -ahead; // 1 = the packet just before the newest
                if (behind > config.reorderTolerance()) {
                    stats.increment(GreCounter.OUT_OF_WINDOW);
                    return false;
                }
                long bit = 1L << (behind - 1);
                if ((recentlyReceived & bit) != 0) {
                    stats.increment(GreCounter.DUPLICATE);
                    return false;
                }
                recentlyReceived |= bit;
                stats.increment(GreCounter.REORDERED);
                // the acknowledgment stays at the newest: a late packet does not move it
                stats.increment(GreCounter.PAYLOADS_DELIVERED);
                return h.payloadLength() > 0;
            }
        }
        if (!ackOwed) {
            ackOwed = true;
            ackDueAt = now + config.ackDelayNanos();
        }
        stats.increment(GreCounter.PAYLOADS_DELIVERED);
        return h.payloadLength() > 0;
    }

    private void acknowledged(int ack, long now, GreSink sink) {
        int newlyAcked = ack - lastAcked;
        if (newlyAcked <= 0) {
            return; // old or repeated acknowledgment
        }
        if (ack - (nextSequence - 1) > 0) {
            stats.increment(GreCounter.BAD_ACK);
            return;
        }
        lastAcked = ack;
        ackProgressAt = now;
        drain(now, sink);
    }

    /** Packets sent and not yet acknowledged. */
    public int inFlight() {
        return (nextSequence - 1) - lastAcked;
    }

    /** Frames held back by a full window. */
    public int heldBack() {
        return heldBack.size();
    }

    /** Octets held back by a full window (bounded by {@link GreConfig#holdBackBytes}). */
    public int heldBackBytes() {
        return heldBack.bytes();
    }

    /** How many unacknowledged packets may be in flight. */
    public int sendWindow() {
        return sendWindow;
    }

    /** Sends one PPP frame (position to limit; consumed) to the peer, or holds it back while the window is full. */
    public void send(ByteBuffer payload, long now, GreSink sink) {
        int length = payload.remaining();
        if (length == 0) {
            return;
        }
        if (length > MAX_PAYLOAD_LENGTH || length > sink.txBuffer().capacity() - MAX_HEADER_LENGTH) {
            stats.increment(GreCounter.OVERSIZE_DROPS);
            payload.position(payload.limit());
            return;
        }
        if (heldBack.size() == 0 && inFlight() < sendWindow) {
            transmit(payload, now, sink);
            return;
        }
        // the window is full: the frame waits for the peer's acknowledgment (§4.4), unless the queue is full too
        if (!heldBack.offer(payload)) {
            stats.increment(GreCounter.WINDOW_FULL_DROPS);
            payload.position(payload.limit());
            return;
        }
        stats.increment(GreCounter.WINDOW_QUEUED);
    }

    private void drain(long now, GreSink sink) {
        while (heldBack.size() > 0 && inFlight() < sendWindow) {
            ByteBuffer out = header(heldBack.headLength(), now, sink);
            out.put(heldBack.data(), heldBack.headOffset(), heldBack.headLength()).flip();
            heldBack.remove();
            stats.increment(GreCounter.DATA_SENT);
            sink.transmit(out);
        }
    }

    private void transmit(ByteBuffer payload, long now, GreSink sink) {
        ByteBuffer out = header(payload.remaining(), now, sink);
        out.put(payload).flip();
        stats.increment(GreCounter.DATA_SENT);
        sink.transmit(out);
    }

    /** Starts a data packet of {@code length} octets in the sink's buffer: header with the next sequence number. */
    private ByteBuffer header(int length, long now, GreSink sink) {
        if (inFlight() == 0) {
            ackProgressAt = now; // the clock for §4.4's timeout starts with the first packet in flight
        }
        boolean withAck = ackOwed || received && lastReceived != lastAckSent; // piggyback what we owe
        ByteBuffer out = sink.txBuffer().clear();
        GreHeader.write(out, peerCallId, length, nextSequence++, withAck, lastReceived);
        if (received) {
            lastAckSent = lastReceived;
            ackOwed = false;
        }
        return out;
    }

    /** Runs what is due: a delayed acknowledgment, §4.4's acknowledgment timeout. */
    public void poll(long now, GreSink sink) {
        if (ackOwed && now - ackDueAt >= 0) {
            ackOwed = false;
            lastAckSent = lastReceived;
            ByteBuffer out = sink.txBuffer().clear();
            GreHeader.write(out, peerCallId, 0, 0, true, lastReceived);
            out.flip();
            stats.increment(GreCounter.ACK_ONLY_SENT);
            sink.transmit(out);
        }
        if (heldBack.size() > 0 && now - (ackProgressAt + config.ackTimeoutNanos()) >= 0) {
            stats.increment(GreCounter.ACK_TIMEOUTS);
            // the peer stopped acknowledging while frames wait: the packets in flight are given up as lost (GRE
            // never retransmits) and the queue drains; a peer that never acknowledges gets a window per timeout
            lastAcked = nextSequence - 1;
            ackProgressAt = now;
            drain(now, sink);
        }
    }

    public long nextDeadlineNanos() {
        long d = Long.MAX_VALUE;
        if (ackOwed) {
            d = ackDueAt;
        }
        if (heldBack.size() > 0) {
            long t = ackProgressAt + config.ackTimeoutNanos();
            d = d == Long.MAX_VALUE || t - d < 0 ? t : d;
        }
        return d;
    }
}
