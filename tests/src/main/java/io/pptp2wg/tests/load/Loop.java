package io.pptp2wg.tests.load;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.pptp2wg.gateway.gre.GreInbox;
import io.pptp2wg.gateway.gre.GreTransport;
import io.pptp2wg.pptp.gre.GreHeader;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the sessions pinned to one event loop share: an inbox from each GRE reader (single producer
 * each), a GRE transmit buffer per source socket, the packet buffer traffic is built in, the
 * histograms and counters (written only here, read after the run), the sessions that send traffic and
 * those with a GRE timer due. A 1 ms tick runs the GRE timers (delayed acks, window timeouts) and
 * paces the traffic; nothing here allocates per packet.
 */
final class Loop {
    /** The tick: GRE acknowledgments wait at most this long (RFC 2637 lets them be delayed). */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Ring slots per reader and loop: bursts of this many packets wait, more are dropped (counted). */
    private static final int INBOX_SLOTS = 2048;
    /** Our MRU is 1400: a GRE packet from the server fits easily (larger ones are dropped, counted). */
    private static final int INBOX_SLOT_SIZE = 2048;
    /** A session behind its schedule by more than this skips ahead instead of bursting. */
    private static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

    final int index;
    final EventLoop executor;
    final GreInbox[] inboxes;
    final GreTransport.Tx[] txs;
    final GreHeader header = new GreHeader();
    final ByteBuffer packet = ByteBuffer.allocate(Packets.MAX_PACKET);
    final long[] stamp = new long[1];

    final LatencyHistogram icmpRtt = new LatencyHistogram();
    final LatencyHistogram udpRtt = new LatencyHistogram();
    final LatencyHistogram setupLatency = new LatencyHistogram();
    /** When each session came up, counted from the run's first connection attempt. */
    final LatencyHistogram upAt = new LatencyHistogram();
    long icmpSent;
    long icmpReceived;
    long udpSent;
    long udpReceived;
    long bytesSent;
    long bytesReceived;
    long otherReceived;
    long sendsSkipped;
    long greSendErrors;
    /** PPP drops of the sessions that ended on this loop, by reason ({@code PppCounters.Drop} order). */
    final long[] pppDrops = new long[io.pptp2wg.ppp.PppCounters.Drop.values().length];

    private final List<Session> paced = new ArrayList<>();
    private Session[] due = new Session[64];
    private int dueCount;
    private boolean trafficOn;
    private ScheduledFuture<?> tick;

    Loop(int index, EventLoop executor, GreTransport[] transports) {
        this.index = index;
        this.executor = executor;
        this.inboxes = new GreInbox[transports.length];
        this.txs = new GreTransport.Tx[transports.length];
        for (int i = 0; i < transports.length; i++) {
            inboxes[i] = new GreInbox(executor, INBOX_SLOTS, INBOX_SLOT_SIZE);
            txs[i] = transports[i].newTx();
        }
        Packets.fillPattern(packet);
    }

    /** On the loop: starts the tick. */
    void startTick() {
        tick = executor.scheduleAtFixedRate(this::tick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
    }

    void stopTick() {
        if (tick != null) {
            tick.cancel(false);
        }
    }

    /** On the loop: a session's GRE state has a deadline; it is polled by the tick until it has none. */
    void due(Session s) {
        if (s.inDue) {
            return;
        }
        if (dueCount == due.length) {
            due = java.util.Arrays.copyOf(due, due.length * 2); // grows with the sessions, not with packets
        }
        s.inDue = true;
        due[dueCount++] = s;
    }

    /** On the loop: the session sends traffic from {@code startNanos} on. */
    void pace(Session s) {
        paced.add(s);
    }

    void traffic(boolean on) {
        trafficOn = on;
    }

    private void tick() {
        long now = System.nanoTime();
        for (int i = 0; i < dueCount; ) {
            Session s = due[i];
            if (!s.pollGre(now)) {
                s.inDue = false;
                due[i] = due[--dueCount];
                due[dueCount] = null;
            } else {
                i++;
            }
        }
        if (!trafficOn) {
            return;
        }
        for (int i = 0; i < paced.size(); i++) {
            Session s = paced.get(i);
            if (!s.canSend()) {
                continue;
            }
            if (now - s.nextSend > MAX_LAG_NANOS) {
                long behind = (now - s.nextSend) / s.interval;
                sendsSkipped += behind;
                s.nextSend += behind * s.interval;
            }
            while (now - s.nextSend >= 0 && s.canSend()) {
                s.sendTraffic(now);
                s.nextSend += s.interval;
            }
        }
    }

    /** On the loop: an IP packet arrived for session {@code session}; counted, its round trip recorded. */
    void received(ByteBuffer ip, int session, long now) {
        bytesReceived += ip.remaining();
        switch (Packets.parseReply(ip, session, stamp)) {
            case ICMP -> {
                icmpReceived++;
                icmpRtt.record(now - stamp[0]);
            }
            case UDP -> {
                udpReceived++;
                udpRtt.record(now - stamp[0]);
            }
            case NONE -> otherReceived++;
        }
    }
}
