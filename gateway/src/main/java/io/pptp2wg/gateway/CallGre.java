package io.pptp2wg.gateway;

import io.pptp2wg.pptp.control.CallControl.Call;
import io.pptp2wg.pptp.gre.GreCall;
import io.pptp2wg.pptp.gre.GreCounter;
import io.pptp2wg.pptp.gre.GreHeader;
import io.pptp2wg.pptp.gre.GreMalformed;
import io.pptp2wg.pptp.gre.GreSink;
import io.pptp2wg.pptp.gre.GreStats;

import java.nio.ByteBuffer;

/**
 * One call's enhanced GRE at the gateway's edge (RFC 2637 §4.4): each packet's header read and checked, the
 * sequence, acknowledgment and window state with its timers ({@link GreCall}, the core), and the packets out on
 * its loop's raw socket. On the call's loop.
 */
final class CallGre implements GreSink {
    private final GreCall gre;
    private final GreHeader header = new GreHeader();
    private final LoopResources loop;
    private final int peerAddress;
    private final GreStats stats;
    /** In this loop's {@link GreTimers} (its GRE state has a deadline). */
    boolean watched;

    CallGre(Call call, LoopResources loop, int peerAddress, PptpGateway gateway) {
        this.gre = new GreCall(call.peerCallId(), call.peerRecvWindow(), gateway.greConfig(), gateway.stats().gre());
        this.loop = loop;
        this.peerAddress = peerAddress;
        this.stats = gateway.stats().gre();
    }

    /** Reads the header of a packet from the client; false (counted) when it is malformed. */
    boolean parse(ByteBuffer packet) {
        GreMalformed bad = header.parse(packet);
        if (bad != null) {
            stats.malformed(bad);
            return false;
        }
        return true;
    }

    /** The parsed packet into the GRE state: true when its PPP frame is to be taken now, {@code packet} set to it. */
    boolean take(ByteBuffer packet, long now) {
        if (!gre.receive(header, now, this)) {
            return false;
        }
        packet.limit(header.payloadOffset() + header.payloadLength()).position(header.payloadOffset());
        return true;
    }

    /** A PPP frame to the client. */
    void send(ByteBuffer frame, long now) {
        gre.send(frame, now, this);
    }

    long nextDeadlineNanos() {
        return gre.nextDeadlineNanos();
    }

    void poll(long now) {
        gre.poll(now, this);
    }

    /** Runs a timer that is due; whether one is still pending. */
    boolean pollIfDue(long now) {
        long d = gre.nextDeadlineNanos();
        if (d == Long.MAX_VALUE) {
            return false;
        }
        if (now - d >= 0) {
            gre.poll(now, this);
        }
        return gre.nextDeadlineNanos() != Long.MAX_VALUE;
    }

    @Override
    public ByteBuffer txBuffer() {
        return loop.tx.buffer();
    }

    @Override
    public void transmit(ByteBuffer packet) {
        if (!loop.tx.send(packet.limit(), peerAddress)) {
            stats.increment(GreCounter.SEND_ERRORS);
        }
    }
}
