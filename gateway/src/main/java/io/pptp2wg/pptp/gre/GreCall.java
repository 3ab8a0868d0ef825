package io.pptp2wg.pptp.gre;

import java.nio.ByteBuffer;

import static io.pptp2wg.pptp.gre.GreProtocol.MAX_HEADER_LENGTH;
import static io.pptp2wg.pptp.gre.GreProtocol.MAX_PAYLOAD_LENGTH;

/**
 * The enhanced GRE state of one call (RFC 2637 §4): our sequence numbers and the peer's
 * acknowledgments, the peer's sequence numbers and the acknowledgments we owe, the peer's receive
 * window. No I/O and no clock: time comes in as {@code nowNanos}, packets go out through a
 * {@link GreSink}. Sequence arithmetic is modulo 2^32 (§4.3). Not thread-safe: one caller thread.
 */
public final class GreCall {
    private final int peerCallId;
    private final int peerWindow;
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
    private final byte[][] heldBack;
    private final int[] heldBackLength;
    private int heldBackHead;
    private int heldBackCount;

    /**
     * @param peerCallId the peer's Call ID, which goes in our packets' key
     * @param peerWindow the peer's Packet Recv Window Size (§2.7): most unacknowledged packets in flight
     */
    public GreCall(int peerCallId, int peerWindow, GreConfig config, GreStats stats) {
        this.peerCallId = peerCallId;
        this.peerWindow = Math.max(1, peerWindow);
        this.config = config;
        this.stats = stats;
        this.nextSequence = 0;              // §4.3: the first data packet carries 0
        this.lastAcked = nextSequence - 1;  // nothing in flight
        this.heldBack = new byte[config.holdBackPackets()][];
        this.heldBackLength = new int[config.holdBackPackets()];
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

    public int heldBack() {
        return heldBackCount;
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
        if (heldBackCount == 0 && inFlight() < peerWindow) {
            transmit(payload, now, sink);
            return;
        }
        if (heldBackCount == heldBack.length) {
            stats.increment(GreCounter.WINDOW_FULL_DROPS);
            payload.position(payload.limit());
            return;
        }
        int slot = (heldBackHead + heldBackCount) % heldBack.length;
        if (heldBack[slot] == null || heldBack[slot].length < length) {
            heldBack[slot] = new byte[Math.max(length, 1500)];
        }
        payload.get(heldBack[slot], 0, length);
        heldBackLength[slot] = length;
        heldBackCount++;
        stats.increment(GreCounter.WINDOW_QUEUED);
    }

    private void drain(long now, GreSink sink) {
        while (heldBackCount > 0 && inFlight() < peerWindow) {
            int slot = heldBackHead;
            heldBackHead = (heldBackHead + 1) % heldBack.length;
            heldBackCount--;
            transmit(ByteBuffer.wrap(heldBack[slot], 0, heldBackLength[slot]), now, sink);
        }
    }

    private void transmit(ByteBuffer payload, long now, GreSink sink) {
        if (inFlight() == 0) {
            ackProgressAt = now; // the clock for §4.4's timeout starts with the first packet in flight
        }
        boolean withAck = ackOwed || received && lastReceived != lastAckSent; // piggyback what we owe
        ByteBuffer out = sink.txBuffer().clear();
        GreHeader.write(out, peerCallId, payload.remaining(), nextSequence++, withAck, lastReceived);
        if (received) {
            lastAckSent = lastReceived;
            ackOwed = false;
        }
        out.put(payload).flip();
        stats.increment(GreCounter.DATA_SENT);
        sink.transmit(out);
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
        if (heldBackCount > 0 && now - (ackProgressAt + config.ackTimeoutNanos()) >= 0) {
            stats.increment(GreCounter.ACK_TIMEOUTS);
            lastAcked = nextSequence - 1; // give the outstanding packets up as lost and move on
            ackProgressAt = now;
            drain(now, sink);
        }
    }

    public long nextDeadlineNanos() {
        long d = Long.MAX_VALUE;
        if (ackOwed) {
            d = ackDueAt;
        }
        if (heldBackCount > 0) {
            long t = ackProgressAt + config.ackTimeoutNanos();
            d = d == Long.MAX_VALUE || t - d < 0 ? t : d;
        }
        return d;
    }
}
