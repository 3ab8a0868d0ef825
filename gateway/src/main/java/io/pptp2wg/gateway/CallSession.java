package io.pptp2wg.gateway;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.gateway.gre.GreEndpoint;
import io.pptp2wg.gateway.gre.GreInbox;
import io.pptp2wg.gateway.radius.RadiusSession;
import io.pptp2wg.ppp.PppLink;
import io.pptp2wg.ppp.PppLinkEvent;
import io.pptp2wg.ppp.PppOutput;
import io.pptp2wg.ppp.fsm.Deadlines;
import io.pptp2wg.pptp.control.CallControl.Call;
import io.pptp2wg.radius.RadiusReply;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.ReconnectRule;
import io.pptp2wg.session.SessionCounters;
import io.pptp2wg.session.SessionInfo;
import io.pptp2wg.session.Uplink;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One PPTP call = one session: the call's GRE state, its PPP link, its counters. Every method runs on
 * the event loop of its control connection, except {@link #sendToClient}, {@link #disconnect},
 * {@link #info} and {@link #counters}, which any thread may call.
 */
final class CallSession implements RadiusSession, GreEndpoint, PppOutput {
    enum State { NEGOTIATING, UP, CLOSING, DONE }

    private final PptpGateway gateway;
    private final ControlSession owner;
    private final LoopResources loop;
    final Call call;
    final long id;
    private final int peerAddress;
    /** The call's GRE: headers, sequence and acknowledgment state, packets out. */
    final CallGre gre;
    private PppLink ppp;

    private volatile State state = State.NEGOTIATING;
    private volatile SessionInfo info;
    private String user;
    private AuthProtocol auth;
    private int tunnelAddress;
    private long startedNanos;
    private long now;
    private boolean inPpp;
    private final CallEnding ending = new CallEnding();
    /** The gateway's own replies (echo, DHCPACK), sent once the PPP link returns. */
    private final LocalReplies localReplies;
    /** Where the login stands with the gateway's login rules. */
    final CallLogin login = new CallLogin();
    /** When the client was last heard from, and what newer logins of its device, probing it, wait for. */
    final ClientHeard heard = new ClientHeard();

    private final CallTraffic traffic = new CallTraffic();
    /** Its Acct-Session-Id, and what its Access-Accept said that accounting uses. */
    final CallRadius radius = new CallRadius();

    CallSession(PptpGateway gateway, ControlSession owner, LoopResources loop, Call call, long id, int peerAddress) {
        this.gateway = gateway;
        this.owner = owner;
        this.loop = loop;
        this.call = call;
        this.id = id;
        this.peerAddress = peerAddress;
        this.localReplies = new LocalReplies(gateway, loop.scratch);
        this.gre = new CallGre(call, loop, peerAddress, gateway);
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
        heard.lastNanos = nowNanos;
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

    Instant wallNow() {
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
        if (!gre.parse(packet)) {
            return;
        }
        owner.peerActivity(now);
        heard.heard(now);
        if (gre.take(packet, now)) {
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

    // ---- PPP out (PppOutput), called from inside the PPP link

    @Override
    public void sendFrame(ByteBuffer frame) {
        if (state != State.DONE) {
            gre.send(frame, now);
        }
    }

    @Override
    public void deliverIp(ByteBuffer ipPacket) {
        if (state != State.UP) {
            gateway.stats().increment(SessionCounter.NOT_UP_DROPS);
            return;
        }
        traffic.fromClient(ipPacket.remaining());
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
                        o.peerAddress(), o.auth(), o.mppe(), gateway.wallClock().instant(), login.holding);
                state = State.UP;
                gateway.sessionUp(this, o);
            }
            case PppLinkEvent.Closed c -> ending.close(c.reason());
        }
    }

    // ---- after every entry point: what could not be done inside the PPP link

    private void settle() {
        if (!gre.watched && loop.greTimers != null && state != State.DONE && gre.nextDeadlineNanos() != Long.MAX_VALUE) {
            loop.greTimers.watch(this);
        }
        ByteBuffer reply = localReplies.drain(state == State.UP);
        if (reply != null) {
            sendIpNow(reply);
        }
        if (ending.reason() != null && state != State.DONE) {
            owner.clearCall(this, ending.cdnResult(), ending.reason(), now); // → ControlSession.cleared → finish
        }
    }

    private void pppFailed(RuntimeException e) {
        gateway.stats().increment(SessionCounter.PPP_FAILURES);
        org.slf4j.LoggerFactory.getLogger(CallSession.class).error("session {}: PPP link failed", id, e);
        ending.close("internal error");
    }

    // ---- timers, on the loop

    long nextDeadlineNanos() {
        if (state == State.DONE) {
            return Long.MAX_VALUE;
        }
        long d = ppp == null ? Long.MAX_VALUE : ppp.nextDeadlineNanos();
        if (loop.greTimers == null) {
            d = Deadlines.earliest(d, gre.nextDeadlineNanos()); // no loop timers (tests): the connection's timer polls GRE too
        }
        return Deadlines.earliest(d, ending.deadline());
    }

    void poll(long nowNanos) {
        if (state == State.DONE) {
            return;
        }
        now = nowNanos;
        ending.poll(nowNanos);
        intoPpp(link -> link.poll(nowNanos, this));
        if (loop.greTimers == null) {
            gre.poll(nowNanos);
        }
        settle();
    }

    /** On the loop's GRE tick: runs a due GRE timer; whether one is still pending. */
    boolean pollGre(long nowNanos) {
        if (state == State.DONE) {
            return false;
        }
        now = nowNanos;
        return gre.pollIfDue(nowNanos);
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
        gateway.callEnded(this, info != null, reason, (nowNanos - startedNanos) / 1_000_000);
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
        return traffic.snapshot();
    }

    // ---- RadiusSession, any thread

    @Override
    public String acctSessionId() {
        return radius.acctSessionId;
    }

    @Override
    public int nasPort() {
        return call.localCallId();
    }

    @Override
    public List<byte[]> radiusClasses() {
        return radius.classes();
    }

    @Override
    public int radiusInterimSeconds() {
        return radius.interimSeconds();
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
        traffic.toClient(ipPacket.remaining());
        inPpp = true;
        try {
            ppp.sendIp(ipPacket, now, this);
        } catch (RuntimeException e) {
            pppFailed(e);
        } finally {
            inPpp = false;
        }
    }

    /**
     * Calls into the PPP core (on the loop), marking it so that its output is not re-entered, and ends the call if the
     * core fails. The two per-packet calls (receiveFrame, sendIp) spell this out instead, so as to allocate nothing.
     */
    private void intoPpp(Consumer<PppLink> call) {
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
    private void enter(Consumer<PppLink> call) {
        now = gateway.nanoTime();
        intoPpp(call);
        settle();
        owner.rescheduleFor(this);
    }

    /** {@link #enter} from another thread, on the loop, if the call has a link and is then still {@code in}. */
    private void later(Predicate<State> in, Consumer<PppLink> call) {
        later(in, call, () -> { });
    }

    /** As {@link #later(Predicate, Consumer)}, running {@code otherwise} if the call is past {@code in} by then. */
    private void later(Predicate<State> in, Consumer<PppLink> call, Runnable otherwise) {
        loop.loop.execute(() -> {
            if (ppp != null && in.test(state)) {
                enter(call);
            } else {
                otherwise.run();
            }
        });
    }

    /** Sends the client an LCP Echo-Request now (on the loop): a newer login of the same device asks if it is alive. */
    void probe() {
        later(s -> s != State.DONE, link -> link.probe(now, this));
    }

    /** The held network phase goes on (on the loop) with the probe's verdict about the older session of the device. */
    void resumeNetwork(ReconnectRule.Verdict verdict) {
        later(s -> s == State.NEGOTIATING, link -> {
            login.probed = verdict;
            link.resumeNetwork(now, this);
        });
    }

    /** The RADIUS server's answer to this call's login goes into the link, on the loop. */
    void remoteAuthAnswered(long ticket, RadiusReply reply) {
        later(s -> s != State.DONE, link -> {
            radius.answered(reply);
            link.remoteAuthAnswered(ticket, reply, now, this);
        }, () -> CallRadius.unused(reply));
    }

    /** A RADIUS CoA-Request's Session-Timeout for this session (on the loop): it ends that many seconds from now. */
    @Override
    public void changeSessionTimeout(int seconds) {
        later(s -> s != State.DONE && s != State.CLOSING, link -> link.sessionTimeout(seconds, now, this));
    }

    @Override
    public Executor executor() {
        return loop.loop;
    }

    @Override
    public void disconnect(String reason) {
        loop.loop.execute(() -> disconnectOnLoop(reason));
    }

    void disconnectOnLoop(String reason) {
        if (state == State.DONE || state == State.CLOSING && ending.disconnecting()) {
            return;
        }
        now = gateway.nanoTime();
        if (state == State.UP) {
            state = State.CLOSING;
        }
        ending.disconnect(now);
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
