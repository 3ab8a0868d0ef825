package io.pptp2wg.tests.load;

import io.pptp2wg.gateway.gre.GreEndpoint;
import io.pptp2wg.gateway.gre.GreInbox;
import io.pptp2wg.ppp.PppCounters;
import io.pptp2wg.ppp.PppLink;
import io.pptp2wg.ppp.PppLinkEvent;
import io.pptp2wg.ppp.PppOutput;
import io.pptp2wg.pptp.client.ClientCall;
import io.pptp2wg.pptp.gre.GreCall;
import io.pptp2wg.pptp.gre.GreCounter;
import io.pptp2wg.pptp.gre.GreMalformed;
import io.pptp2wg.pptp.gre.GreSink;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One call of the load generator: its GRE state, its client PPP link and its traffic. Runs on its
 * control connection's event loop only (the GRE reader hands it packets through the loop's inbox).
 * Lifecycle: placed → dialing (Outgoing-Call-Request) → negotiating (PPP) → up → closing → done.
 */
final class Session implements GreEndpoint, GreSink, PppOutput {
    enum State { PLACED, DIALING, NEGOTIATING, UP, CLOSING, DONE }

    /** --up-probe: the echo's size (as ping's default) and how often it is sent again until one comes back. */
    private static final int PROBE_SIZE = 84;
    private static final long PROBE_INTERVAL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    /** GRE packets that beat the Outgoing-Call-Reply (the server starts LCP as it replies): kept, then replayed. */
    private static final int EARLY_PACKETS = 4;

    final LoadRun run;
    final ControlChannel owner;
    final Loop loop;
    final int index;
    final int socketIndex;
    final int serverAddress;
    int callId = -1;
    private GreCall gre;
    private PppLink ppp;
    State state = State.PLACED;
    private final long startedNanos;
    private long now;
    private boolean inPpp;
    private String pendingClose;
    private boolean clearRequested;
    private boolean authenticated;
    private boolean everUp;
    private boolean closeWhenUp;
    /** --up-probe: PPP is open, the echo has not come back yet; the next one goes out at probeAt. */
    private boolean probing;
    private long probeAt = Long.MAX_VALUE;
    private String failure;
    private List<byte[]> early;

    String mppe;
    /** For --session-log: the server's Call ID, when authentication and IPCP succeeded (epoch ms), IP bytes each way. */
    private int serverCallId;
    private long authenticatedAtMillis;
    private long upAtMillis;
    private long ipBytesSent;
    private long ipBytesReceived;
    int localAddress;
    int peerAddress;
    int peerMru;

    // traffic, on the loop
    boolean inDue;
    boolean sending;
    long nextSend;
    long interval;
    private int sequence;
    private int target;
    TunLink tun;

    Session(LoadRun run, ControlChannel owner, Loop loop, int index, int socketIndex, int serverAddress, long startedNanos) {
        this.run = run;
        this.owner = owner;
        this.loop = loop;
        this.index = index;
        this.socketIndex = socketIndex;
        this.serverAddress = serverAddress;
        this.startedNanos = startedNanos;
    }

    /** The connection started; our Call ID was reserved and the Outgoing-Call-Request is going out. */
    void dialing(int callId) {
        this.callId = callId;
        state = State.DIALING;
    }

    /** Outgoing-Call-Reply said Connected: GRE and the PPP link start; early GRE packets are replayed. */
    void connected(ClientCall call, long nowNanos) {
        if (state != State.DIALING) {
            return;
        }
        now = nowNanos;
        state = State.NEGOTIATING;
        serverCallId = call.serverCallId();
        gre = new GreCall(call.serverCallId(), call.serverRecvWindow(), run.greConfig(), run.greStats());
        ppp = run.newPppLink(this);
        inPpp = true;
        try {
            ppp.start(now, this);
        } finally {
            inPpp = false;
        }
        if (early != null) {
            List<byte[]> replay = early;
            early = null;
            for (byte[] p : replay) {
                onGre(ByteBuffer.wrap(p));
            }
        }
        settle();
    }

    // ---- GRE in (GreEndpoint), on the loop

    @Override
    public int peerAddress() {
        return serverAddress;
    }

    @Override
    public GreInbox inbox() {
        return loop.inboxes[socketIndex];
    }

    @Override
    public void onGre(ByteBuffer packet) {
        if (state == State.DONE) {
            return;
        }
        if (gre == null) {
            if (state == State.DIALING && (early == null || early.size() < EARLY_PACKETS)) {
                if (early == null) {
                    early = new ArrayList<>(EARLY_PACKETS);
                }
                byte[] copy = new byte[packet.remaining()];
                packet.duplicate().get(copy);
                early.add(copy);
            }
            return;
        }
        now = System.nanoTime();
        GreMalformed bad = loop.header.parse(packet);
        if (bad != null) {
            run.greStats().malformed(bad);
            return;
        }
        owner.peerActivity(now);
        if (gre.receive(loop.header, now, this)) {
            packet.limit(loop.header.payloadOffset() + loop.header.payloadLength()).position(loop.header.payloadOffset());
            inPpp = true;
            try {
                ppp.receiveFrame(packet, now, this);
            } finally {
                inPpp = false;
            }
        }
        checkDue();
        settle();
    }

    @Override
    public void afterBatch() {
        owner.reschedule();
    }

    /** On the tick: runs a due GRE timer; whether one is still pending. */
    boolean pollGre(long nowNanos) {
        if (gre == null || state == State.DONE || clearRequested) {
            return false; // PPP is over and the call being cleared: no late acknowledgments for a gone Call ID
        }
        long d = gre.nextDeadlineNanos();
        if (d == Long.MAX_VALUE) {
            return false;
        }
        if (nowNanos - d >= 0) {
            now = nowNanos;
            gre.poll(nowNanos, this);
        }
        return gre.nextDeadlineNanos() != Long.MAX_VALUE;
    }

    private void checkDue() {
        if (!inDue && gre != null && gre.nextDeadlineNanos() != Long.MAX_VALUE) {
            loop.due(this);
        }
    }

    // ---- GRE out (GreSink)

    @Override
    public ByteBuffer txBuffer() {
        return loop.txs[socketIndex].buffer();
    }

    @Override
    public void transmit(ByteBuffer packet) {
        if (!loop.txs[socketIndex].send(packet.limit(), serverAddress)) {
            loop.greSendErrors++;
            run.greStats().increment(GreCounter.SEND_ERRORS);
        }
    }

    // ---- PPP out (PppOutput), called from inside the link

    @Override
    public void sendFrame(ByteBuffer frame) {
        if (state != State.DONE && gre != null) {
            gre.send(frame, now, this);
        }
    }

    @Override
    public void deliverIp(ByteBuffer ip) {
        ipBytesReceived += ip.remaining();
        if (run.options().upProbe() && Packets.isEcho(ip, index, 0)) {
            if (probing) {
                probing = false;
                probeAt = Long.MAX_VALUE;
                counted(); // the first echo came back: the whole path is up
            }
            return; // a probe answered late (probes are sent again every second until one comes back)
        }
        if (probing) {
            return;
        }
        if (tun != null) {
            tun.write(ip);
        } else {
            loop.received(ip, index, now);
        }
    }

    @Override
    public void linkEvent(PppLinkEvent event) {
        switch (event) {
            case PppLinkEvent.Authenticated a -> {
                authenticated = true;
                authenticatedAtMillis = System.currentTimeMillis();
            }
            case PppLinkEvent.AuthFailed f -> fail(f.reason());
            case PppLinkEvent.Refused r -> fail("refused: " + r.reason());
            case PppLinkEvent.Opened o -> {
                if (state != State.NEGOTIATING) {
                    return;
                }
                state = State.UP;
                upAtMillis = System.currentTimeMillis();
                mppe = o.mppe();
                localAddress = o.localAddress();
                peerAddress = o.peerAddress();
                peerMru = o.peerMru();
                if (run.options().upProbe()) {
                    probing = true;
                    probeAt = now; // sent from settle(), outside the link
                } else {
                    counted();
                }
            }
            case PppLinkEvent.Closed c -> {
                if (pendingClose == null) {
                    pendingClose = c.reason();
                }
            }
        }
    }

    /** The session is up (PPP open and, with --up-probe, its first echo answered): counted, closed if churning. */
    private void counted() {
        everUp = true;
        loop.setupLatency.record(now - startedNanos);
        loop.upAt.record(now - run.firstAttemptNanos());
        run.sessionUp(this, now);
        closeWhenUp = run.options().churn();
    }

    /** --up-probe: an echo request (sequence 0) to the target, or to the peer. */
    private void sendProbe() {
        int to = run.options().target() != 0 ? run.options().target() : peerAddress;
        ByteBuffer b = Packets.icmpEcho(loop.packet, PROBE_SIZE, localAddress, to, index, 0, now);
        ipBytesSent += b.remaining();
        inPpp = true;
        try {
            ppp.sendIp(b, now, this);
        } finally {
            inPpp = false;
        }
    }

    private void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
    }

    /** After every entry point: a PPP link that closed clears its call (never from inside the link). */
    private void settle() {
        if (probing && state == State.UP && now - probeAt >= 0) {
            probeAt = now + PROBE_INTERVAL_NANOS;
            sendProbe();
            checkDue();
        }
        if (closeWhenUp && state == State.UP) {
            closeWhenUp = false;
            close("User request", now); // --churn: up, counted, gone
        }
        if (pendingClose != null && !clearRequested && state != State.DONE) {
            clearRequested = true;
            fail(pendingClose);
            owner.clearCall(this, now);
        }
    }

    // ---- timers, on the loop (the connection's timer)

    long nextDeadlineNanos() {
        if (ppp == null || state == State.DONE) {
            return Long.MAX_VALUE;
        }
        long d = ppp.nextDeadlineNanos();
        return probing && (d == Long.MAX_VALUE || probeAt - d < 0) ? probeAt : d;
    }

    void poll(long nowNanos) {
        if (ppp == null || state == State.DONE) {
            return;
        }
        now = nowNanos;
        inPpp = true;
        try {
            ppp.poll(nowNanos, this);
        } finally {
            inPpp = false;
        }
        checkDue();
        settle();
    }

    // ---- traffic, on the loop

    /** Starts sending to {@code to} (0: the peer) every {@code intervalNanos}, the first at {@code first}. */
    void startTraffic(int to, long intervalNanos, long first) {
        if (state != State.UP || tun != null) {
            return;
        }
        target = to != 0 ? to : peerAddress;
        interval = intervalNanos;
        nextSend = first;
        sending = true;
        loop.pace(this);
    }

    boolean canSend() {
        return sending && state == State.UP;
    }

    void sendTraffic(long nowNanos) {
        now = nowNanos;
        int seq = ++sequence;
        if ((seq & 0xFFFF) == 0) {
            seq = ++sequence; // ICMP sequence 0 is the --up-probe's
        }
        ByteBuffer b = switch (run.options().traffic()) {
            case ICMP -> {
                loop.icmpSent++;
                yield Packets.icmpEcho(loop.packet, run.options().size(), localAddress, target, index, seq, nowNanos);
            }
            case UDP -> {
                loop.udpSent++;
                yield Packets.udp(loop.packet, run.options().size(), localAddress, target, run.options().udpPort(), index,
                        seq, nowNanos);
            }
            case NONE -> null;
        };
        if (b == null) {
            return;
        }
        loop.bytesSent += b.remaining();
        sendIp(b);
    }

    /** An IP packet from the TUN device (or the traffic builder) into the link. */
    void sendIp(ByteBuffer ip) {
        if (state != State.UP) {
            return;
        }
        now = System.nanoTime();
        ipBytesSent += ip.remaining();
        inPpp = true;
        try {
            ppp.sendIp(ip, now, this);
        } finally {
            inPpp = false;
        }
        checkDue();
        settle();
    }

    // ---- the end, on the loop

    /** Administrative close (teardown, set-up timeout): LCP Terminate-Request; the call is cleared when PPP is done. */
    void close(String reason, long nowNanos) {
        sending = false;
        switch (state) {
            case PLACED, DIALING -> owner.cancel(this, reason, nowNanos);
            case NEGOTIATING, UP -> {
                fail(reason);
                state = State.CLOSING;
                now = nowNanos;
                inPpp = true;
                try {
                    ppp.close(reason, nowNanos, this);
                } finally {
                    inPpp = false;
                }
                settle();
            }
            case CLOSING, DONE -> { }
        }
    }

    /** The call is gone (cleared, refused, or its connection ended): PPP told, Call ID freed, outcome counted. */
    void finish(String reason, long nowNanos) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        sending = false;
        now = nowNanos;
        fail(reason);
        if (ppp != null && !inPpp) {
            ppp.lowerDown(nowNanos, this);
        }
        if (ppp != null) {
            for (PppCounters.Drop d : PppCounters.Drop.values()) {
                loop.pppDrops[d.ordinal()] += ppp.counters().dropped(d);
            }
        }
        if (tun != null) {
            tun.close();
        }
        early = null;
        run.sessionDone(this, everUp, failure);
        SessionLog log = run.sessionLog();
        if (log != null) {
            log.write(new SessionLog.Line(index, run.options().users().forSession(index).user(), callId, serverCallId,
                    upAtMillis > 0 ? localAddress : 0, authenticatedAtMillis, upAtMillis, System.currentTimeMillis(),
                    ipBytesSent, ipBytesReceived, failure));
        }
    }

    /** Where a session that is not up yet is stuck, for the timeout's reason. */
    String phase() {
        return switch (state) {
            case PLACED -> owner.phase();
            case DIALING -> "waiting for Outgoing-Call-Reply";
            case NEGOTIATING -> authenticated ? "CCP/IPCP" : "LCP/authentication";
            case UP -> probing ? "up, no echo back through the tunnel yet" : "up";
            case CLOSING, DONE -> "closing";
        };
    }

    boolean isUp() {
        return state == State.UP && !probing;
    }
}
