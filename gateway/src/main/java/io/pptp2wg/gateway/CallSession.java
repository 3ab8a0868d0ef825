package io.pptp2wg.gateway;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.gateway.gre.GreEndpoint;
import io.pptp2wg.gateway.gre.GreInbox;
import io.pptp2wg.ppp.PppLink;
import io.pptp2wg.ppp.PppLinkEvent;
import io.pptp2wg.ppp.PppOutput;
import io.pptp2wg.pptp.control.CallControl.Call;
import io.pptp2wg.pptp.control.ControlProtocol;
import io.pptp2wg.pptp.gre.GreCall;
import io.pptp2wg.pptp.gre.GreCounter;
import io.pptp2wg.pptp.gre.GreHeader;
import io.pptp2wg.pptp.gre.GreMalformed;
import io.pptp2wg.pptp.gre.GreSink;
import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.SessionCounters;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionInfo;
import io.pptp2wg.session.Uplink;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One PPTP call = one session: the call's GRE state, its PPP link, its counters. Every method runs on
 * the event loop of its control connection, except {@link #sendToClient}, {@link #disconnect},
 * {@link #info} and {@link #counters}, which any thread may call.
 */
final class CallSession implements SessionHandle, GreEndpoint, GreSink, PppOutput {
    /** A disconnect that PPP has not finished by then is forced (LCP gives up after its own Terminate-Requests). */
    private static final long DISCONNECT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);

    enum State { NEGOTIATING, UP, CLOSING, DONE }

    private final PptpGateway gateway;
    private final ControlSession owner;
    private final LoopResources loop;
    final Call call;
    final long id;
    private final int peerAddress;
    private final GreCall gre;
    private final GreHeader header = new GreHeader();
    private PppLink ppp;

    private volatile State state = State.NEGOTIATING;
    private volatile SessionInfo info;
    private String user;
    private AuthProtocol auth;
    private int tunnelAddress;
    private long startedNanos;
    private long now;
    private boolean inPpp;
    private String pendingClose;
    private int pendingCdnResult = ControlProtocol.CDN_LOST_CARRIER;
    private long disconnectDeadline = Long.MAX_VALUE;
    /** The gateway's own replies (echo, DHCPACK), sent once the PPP link returns. */
    private final LocalReplies localReplies;
    /** In this loop's {@link GreTimers} (its GRE state has a deadline). */
    boolean greWatched;
    /** How the session holds its tunnel address (set on the loop when IPCP is given it). */
    AddressAllocator.Holding holding = AddressAllocator.Holding.OWN;
    /** The user counted against the per-user limit once the login policy let the session in; null before. */
    String countedUser;
    /** Let in over the per-user limit as a probable reconnect: refused an address if the older session answers. */
    boolean overLimitUnlessReplacing;
    /** When the client was last heard from (any GRE packet): the reconnect rule reads it from other loops. */
    long lastHeardNanos;
    /** Run (once, on this loop) when the client is next heard from: newer logins of its device are probing it. */
    private volatile Runnable onHeard;
    /** The outcome of the probe of an older session of this device, for the held network phase; null before. */
    io.pptp2wg.session.ReconnectRule.Verdict probed;
    /** The login handed to the gateway's LoginRecorder (on the loop); null before. */
    io.pptp2wg.session.SessionInfo recordedLogin;
    /** The address assigned while the network phase waits for the login's record; null otherwise. */
    io.pptp2wg.session.AddressAllocator.Result heldAddress;

    /** Acct-Session-Id (RFC 2866 §5.5), given when the session comes up; what RADIUS accounting and RFC 5176 name it by. */
    volatile String acctSessionId;
    /** The Access-Accept's Class attributes (echoed in accounting) and Acct-Interim-Interval (0 = none). */
    volatile java.util.List<byte[]> radiusClasses = java.util.List.of();
    volatile int radiusInterimSeconds;

    // written on the loop only; read anywhere (64-bit plain longs do not tear on the JVMs we run on)
    private long bytesFromClient;
    private long bytesToClient;
    private long packetsFromClient;
    private long packetsToClient;

    CallSession(PptpGateway gateway, ControlSession owner, LoopResources loop, Call call, long id, int peerAddress) {
        this.gateway = gateway;
        this.owner = owner;
        this.loop = loop;
        this.call = call;
        this.id = id;
        this.peerAddress = peerAddress;
        this.localReplies = new LocalReplies(gateway, loop.scratch);
        this.gre = new GreCall(call.peerCallId(), call.peerRecvWindow(), gateway.greConfig(), gateway.stats().gre());
    }

    void link(PppLink link) {
        this.ppp = link;
    }

    /** The call is connected and its Outgoing-Call-Reply written: LCP starts (unless the call ended meanwhile). */
    void start(long nowNanos) {
        if (ppp == null || state == State.DONE) {
            return;
        }
        this.startedNanos = nowNanos;
        this.now = nowNanos;
        this.lastHeardNanos = nowNanos;
        intoPpp(link -> link.start(nowNanos, this));
        settle();
    }

    /** The client as its control connection described it, with what its PPP link has shown since. */
    ClientFingerprint fingerprint() {
        return ppp == null ? owner.fingerprint() : owner.fingerprint().withPpp(ppp.peerTraits());
    }

    String user() {
        return user;
    }

    java.time.Instant wallNow() {
        return gateway.wallClock().instant();
    }

    State state() {
        return state;
    }

    // ---- GRE in (GreEndpoint), on the loop

    @Override
    public int peerAddress() {
        return peerAddress;
    }

    @Override
    public GreInbox inbox() {
        return loop.inbox;
    }

    @Override
    public void onGre(ByteBuffer packet) {
        if (state == State.DONE) {
            return;
        }
        now = gateway.nanoTime();
        GreMalformed bad = header.parse(packet);
        if (bad != null) {
            gateway.stats().gre().malformed(bad);
            return;
        }
        owner.peerActivity(now);
        lastHeardNanos = now;
        if (onHeard != null) {
            Runnable heard;
            synchronized (this) {
                heard = onHeard;
                onHeard = null;
            }
            if (heard != null) {
                heard.run();
            }
        }
        if (gre.receive(header, now, this)) {
            packet.limit(header.payloadOffset() + header.payloadLength()).position(header.payloadOffset());
            inPpp = true;
            try {
                ppp.receiveFrame(packet, now, this);
            } catch (RuntimeException e) {
                pppFailed(e);
            } finally {
                inPpp = false;
            }
        }
        settle();
    }

    @Override
    public void afterBatch() {
        owner.rescheduleFor(this);
    }

    // ---- GRE out (GreSink)

    @Override
    public ByteBuffer txBuffer() {
        return loop.tx.buffer();
    }

    @Override
    public void transmit(ByteBuffer packet) {
        if (!loop.tx.send(packet.limit(), peerAddress)) {
            gateway.stats().gre().increment(GreCounter.SEND_ERRORS);
        }
    }

    // ---- PPP out (PppOutput), called from inside the PPP link

    @Override
    public void sendFrame(ByteBuffer frame) {
        if (state != State.DONE) {
            gre.send(frame, now, this);
        }
    }

    @Override
    public void deliverIp(ByteBuffer ipPacket) {
        if (state != State.UP) {
            gateway.stats().increment(SessionCounter.NOT_UP_DROPS);
            return;
        }
        packetsFromClient++;
        bytesFromClient += ipPacket.remaining();
        if (localReplies.answer(ipPacket, tunnelAddress, this)) {
            return;
        }
        Uplink uplink = gateway.uplink();
        if (uplink != null) {
            uplink.fromClient(this, ipPacket);
            return;
        }
        gateway.stats().increment(SessionCounter.NO_UPLINK_DROPS);
    }

    @Override
    public void linkEvent(PppLinkEvent event) {
        switch (event) {
            case PppLinkEvent.Authenticated a -> {
                user = a.user();
                auth = a.method();
            }
            case PppLinkEvent.AuthFailed f -> gateway.authFailed(this, f);
            case PppLinkEvent.Refused r -> gateway.loginRefused(this, r);
            case PppLinkEvent.Opened o -> {
                if (state != State.NEGOTIATING) {
                    return;
                }
                user = o.user();
                auth = o.auth();
                tunnelAddress = o.peerAddress();
                info = new SessionInfo(id, o.user(), call.localCallId(), call.peerCallId(), fingerprint(),
                        o.peerAddress(), o.auth(), o.mppe(), gateway.wallClock().instant(), holding);
                state = State.UP;
                gateway.sessionUp(this, o);
            }
            case PppLinkEvent.Closed c -> {
                if (pendingClose == null) {
                    pendingClose = c.reason();
                }
            }
        }
    }

    // ---- after every entry point: what could not be done inside the PPP link

    private void settle() {
        if (!greWatched && loop.greTimers != null && state != State.DONE && gre.nextDeadlineNanos() != Long.MAX_VALUE) {
            loop.greTimers.watch(this);
        }
        ByteBuffer reply = localReplies.drain(state == State.UP);
        if (reply != null) {
            sendIpNow(reply);
        }
        if (pendingClose != null && state != State.DONE) {
            String reason = pendingClose;
            owner.clearCall(this, pendingCdnResult, reason, now); // → ControlSession.cleared → finish
        }
    }

    private void pppFailed(RuntimeException e) {
        gateway.stats().increment(SessionCounter.PPP_FAILURES);
        org.slf4j.LoggerFactory.getLogger(CallSession.class).error("session {}: PPP link failed", id, e);
        if (pendingClose == null) {
            pendingClose = "internal error";
        }
    }

    // ---- timers, on the loop

    long nextDeadlineNanos() {
        if (state == State.DONE) {
            return Long.MAX_VALUE;
        }
        long d = ppp == null ? Long.MAX_VALUE : ppp.nextDeadlineNanos();
        if (loop.greTimers == null) {
            d = earliest(d, gre.nextDeadlineNanos()); // no loop timers (tests): the connection's timer polls GRE too
        }
        return earliest(d, disconnectDeadline);
    }

    static long earliest(long a, long b) {
        if (a == Long.MAX_VALUE) {
            return b;
        }
        if (b == Long.MAX_VALUE) {
            return a;
        }
        return b - a < 0 ? b : a;
    }

    void poll(long nowNanos) {
        if (state == State.DONE) {
            return;
        }
        now = nowNanos;
        if (disconnectDeadline != Long.MAX_VALUE && nowNanos - disconnectDeadline >= 0 && pendingClose == null) {
            pendingClose = "disconnect: PPP did not terminate in time";
        }
        intoPpp(link -> link.poll(nowNanos, this));
        if (loop.greTimers == null) {
            gre.poll(nowNanos, this);
        }
        settle();
    }

    /** On the loop's GRE tick: runs a due GRE timer; whether one is still pending. */
    boolean pollGre(long nowNanos) {
        if (state == State.DONE) {
            return false;
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

    // ---- the end, on the loop

    /** The call is gone (ControlSession.cleared): PPP told, Call ID freed, Down published. */
    void finish(String reason, long nowNanos) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        now = nowNanos;
        if (ppp != null && !inPpp) {
            try {
                ppp.lowerDown(nowNanos, this);
            } catch (RuntimeException e) {
                gateway.stats().increment(SessionCounter.PPP_FAILURES);
            }
        }
        gateway.callEnded(this, info != null, reason,
                (nowNanos - startedNanos) / 1_000_000);
    }

    int tunnelAddress() {
        return tunnelAddress;
    }

    AuthProtocol auth() {
        return auth;
    }

    // ---- SessionHandle, any thread

    @Override
    public SessionInfo info() {
        return info;
    }

    @Override
    public SessionCounters counters() {
        return new SessionCounters(bytesFromClient, bytesToClient, packetsFromClient, packetsToClient);
    }

    @Override
    public void sendToClient(ByteBuffer ipPacket) {
        if (gateway.inLoop(loop) && !inPpp) {
            sendFromOutside(ipPacket);
            return;
        }
        byte[] copy = new byte[ipPacket.remaining()];
        ipPacket.get(copy);
        loop.loop.execute(() -> sendFromOutside(ByteBuffer.wrap(copy)));
    }

    /** {@link #sendToClient} on the loop: as {@link #enter}, without its lambda on the per-packet path. */
    private void sendFromOutside(ByteBuffer ipPacket) {
        now = gateway.nanoTime();
        sendIpNow(ipPacket);
        settle();
        owner.rescheduleFor(this);
    }

    private void sendIpNow(ByteBuffer ipPacket) {
        if (state != State.UP) {
            gateway.stats().increment(SessionCounter.NOT_UP_DROPS);
            ipPacket.position(ipPacket.limit());
            return;
        }
        packetsToClient++;
        bytesToClient += ipPacket.remaining();
        inPpp = true;
        try {
            ppp.sendIp(ipPacket, now, this);
        } catch (RuntimeException e) {
            pppFailed(e);
        } finally {
            inPpp = false;
        }
    }

    /** Runs {@code r} on this loop when the client is next heard from (after any already waiting). */
    synchronized void whenHeard(Runnable r) {
        Runnable before = onHeard;
        onHeard = before == null ? r : () -> {
            before.run();
            r.run();
        };
    }

    /**
     * Calls into the PPP core (on the loop), marking it so that its output is not re-entered, and ends the call if the
     * core fails. The two per-packet calls (receiveFrame, sendIp) spell this out instead, so as to allocate nothing.
     */
    private void intoPpp(java.util.function.Consumer<PppLink> call) {
        inPpp = true;
        try {
            call.accept(ppp);
        } catch (RuntimeException e) {
            pppFailed(e);
        } finally {
            inPpp = false;
        }
    }

    /** An entry point from another thread, now on the loop: the clock read, {@code call}, then what it left to do. */
    private void enter(java.util.function.Consumer<PppLink> call) {
        now = gateway.nanoTime();
        intoPpp(call);
        settle();
        owner.rescheduleFor(this);
    }

    /** Sends the client an LCP Echo-Request now (on the loop): a newer login of the same device asks if it is alive. */
    void probe() {
        loop.loop.execute(() -> {
            if (state == State.DONE || ppp == null) {
                return;
            }
            enter(link -> link.probe(now, this));
        });
    }

    /** The held network phase goes on (on the loop) with the probe's verdict about the older session of the device. */
    void resumeNetwork(io.pptp2wg.session.ReconnectRule.Verdict verdict) {
        loop.loop.execute(() -> {
            if (state != State.NEGOTIATING || ppp == null) {
                return;
            }
            probed = verdict;
            enter(link -> link.resumeNetwork(now, this));
        });
    }

    /** The RADIUS server's answer to this call's login goes into the link, on the loop. */
    void remoteAuthAnswered(long ticket, io.pptp2wg.radius.RadiusReply reply) {
        loop.loop.execute(() -> {
            if (state == State.DONE || ppp == null) {
                if (reply instanceof io.pptp2wg.radius.RadiusReply.Accept a) {
                    a.mppeKeys().ifPresent(io.pptp2wg.mppe.MppeKeyMaterial::destroy);
                }
                return;
            }
            if (reply instanceof io.pptp2wg.radius.RadiusReply.Accept a) {
                radiusClasses = a.classes().stream().map(byte[]::clone).toList();
                radiusInterimSeconds = a.acctInterimInterval().orElse(0);
            }
            enter(link -> link.remoteAuthAnswered(ticket, reply, now, this));
        });
    }

    /** A RADIUS CoA-Request's Session-Timeout for this session (on the loop): it ends that many seconds from now. */
    void changeSessionTimeout(int seconds) {
        loop.loop.execute(() -> {
            if (state == State.DONE || state == State.CLOSING || ppp == null) {
                return;
            }
            enter(link -> link.sessionTimeout(seconds, now, this));
        });
    }

    /** Runs {@code task} on this session's loop after {@code delayNanos} of real time. */
    void schedule(long delayNanos, Runnable task) {
        if (loop.loop instanceof io.netty.util.concurrent.EventExecutor e) {
            e.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } else {
            java.util.concurrent.CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, loop.loop).execute(task);
        }
    }

    @Override
    public java.util.concurrent.Executor executor() {
        return loop.loop;
    }

    @Override
    public void disconnect(String reason) {
        loop.loop.execute(() -> disconnectOnLoop(reason));
    }

    void disconnectOnLoop(String reason) {
        if (state == State.DONE || state == State.CLOSING && disconnectDeadline != Long.MAX_VALUE) {
            return;
        }
        now = gateway.nanoTime();
        if (state == State.UP || state == State.NEGOTIATING) {
            state = state == State.UP ? State.CLOSING : state;
        }
        pendingCdnResult = ControlProtocol.CDN_ADMIN_SHUTDOWN;
        disconnectDeadline = now + DISCONNECT_GRACE_NANOS;
        intoPpp(link -> link.close(reason, now, this)); // LCP Terminate-Request; Closed follows → Call-Disconnect-Notify
        settle();
        owner.reschedule();
    }

    @Override
    public String toString() {
        return "session " + id + " (call " + call.localCallId() + "/" + call.peerCallId() + " from "
                + Ipv4.format(peerAddress) + (user != null ? ", user " + user : "") + ")";
    }
}
