package io.pptp2wg.ppp;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.mppe.MppeHeader;
import io.pptp2wg.mppe.MppeKeyMaterial;
import io.pptp2wg.ppp.ccp.Ccp;
import io.pptp2wg.ppp.fsm.Deadlines;
import io.pptp2wg.ppp.fsm.FsmIo;
import io.pptp2wg.ppp.fsm.FsmState;
import io.pptp2wg.ppp.ipcp.Ipcp;
import io.pptp2wg.ppp.lcp.AuthProtocolOption;
import io.pptp2wg.ppp.lcp.Lcp;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The link phase machine both ends of a PPP link over one PPTP call share (RFC 1661 §3.2): one
 * {@link LinkState} at a time, frames from the peer taken while it runs (sent on by {@link FrameDemux}), LCP's
 * events (up, down, finished, peer dead) turned into phase changes, and the end reported once. The
 * authentication is the role's part; the network phase (CCP/MPPE, IPCP, IP, the idle and maxconnect
 * limits) is {@link NetworkPhase}'s; what the link logs is {@link LinkLog}'s. The server
 * ({@link ServerPppLink}) asks for authentication and assigns the address; the client
 * ({@code ClientPppLink}, in the testkit module: not sealed for that reason, package-private instead)
 * authenticates itself and takes the address it is given. Every input is
 * checked before use and every drop counted in {@link PppCounters}; nothing here throws on bad input
 * or grows with it. Not thread-safe: one caller thread at a time.
 */
abstract class PppLinkBase implements PppLink, FsmIo, Lcp.Listener {
    /** Room above the MRU in our buffers (headers, MPPE, slack for peers that overshoot a little). */
    private static final int BUFFER_SLACK = 128;

    /** Which end of the link: who authenticates whom, who assigns the address (RFC 1661 §3.2, RFC 1332 §3.3). */
    enum Role { SERVER, CLIENT }

    protected final PppOptions options;
    protected final Random random;
    protected final PppCounters counters = new PppCounters();
    private final LinkLog log;
    protected final Lcp lcp;
    protected final Ipcp ipcp;
    protected final Ccp ccp;
    private final NetworkPhase network;
    private final FrameDemux frames;
    private final byte[] tx;
    private final ByteBuffer txView;

    protected PppOutput out;
    protected long now;
    private LinkState state = LinkState.NOT_STARTED;
    private boolean lowerGone;
    private String closeReason;
    protected String user;
    protected AuthProtocol authMethod;

    PppLinkBase(Role role, PppOptions options, List<AuthProtocol> authMethods, Random random, int serverAddress,
                Consumer<String> debug) {
        this.options = options;
        this.random = random;
        int bufferSize = Math.max(options.mru(), PppOptions.DEFAULT_MRU) + BUFFER_SLACK;
        this.tx = new byte[bufferSize + PppFrame.MAX_HEADER_LENGTH + MppeHeader.LENGTH + MppeDataPath.INNER_PROTOCOL_LENGTH];
        this.txView = ByteBuffer.wrap(tx);
        AuthProtocolOption auth = role == Role.SERVER
                ? AuthProtocolOption.authenticator(authMethods) : AuthProtocolOption.authenticatee(authMethods);
        this.lcp = new Lcp(options, auth, random, this, this, bufferSize, bufferSize);
        this.network = new NetworkPhase(this, role, options, serverAddress, random, this, bufferSize, tx);
        this.ipcp = network.ipcp;
        this.ccp = network.ccp;
        this.log = new LinkLog(counters, options.debug() ? debug : null,
                new PacketPrinter(lcp.negotiator(), ipcp.negotiator(), ccp.negotiator()));
        this.frames = new FrameDemux(lcp, network, this::receiveAuthentication, log, bufferSize);
    }

    // ---- the role's part: authentication and addresses

    /** LCP is Opened: authenticate (either way), or go straight to the network phase. */
    abstract void startAuthentication();

    /** A PAP or CHAP packet from the peer. */
    abstract void receiveAuthentication(int protocol, ByteBuffer packet);

    abstract void pollAuthentication(long nowNanos);

    /** The authentication's timer, Long.MAX_VALUE when none runs. */
    abstract long authenticationDeadline();

    abstract void stopAuthentication();

    /** Our own address on the link (server: the gateway's; client: the one we were given). */
    abstract int localAddress();

    /** The link ended: give back what the role holds (the server's address allocation). */
    void released() {}

    // ---- the state

    /** The current state. */
    final LinkState state() {
        return state;
    }

    /** Whether the link ended (Closed reported). */
    final boolean ended() {
        return state instanceof LinkState.Ended;
    }

    /** Moves to the next state; a hold left other than by {@link #takeHold} gives its start keys back. */
    final void moveTo(LinkState next) {
        if (state instanceof LinkState.Held h && !(next instanceof LinkState.Held) && h.material() != null) {
            h.material().destroy();
        }
        state = next;
    }

    /** The role's authentication runs (LCP is Opened). */
    protected final void authenticating() {
        moveTo(LinkState.AUTHENTICATE);
    }

    /** The network phase waits for {@link PppLink#resumeNetwork} (the address allocator said Pending). */
    protected final void hold(String login, AuthProtocol method, MppeKeyMaterial material) {
        moveTo(new LinkState.Held(state, login, method, material, null, null));
    }

    /** The hold ends to go on: back to the state it was held in, the start keys the caller's; null when none is held. */
    protected final LinkState.Held takeHold() {
        if (!(state instanceof LinkState.Held h)) {
            return null;
        }
        state = h.before();
        return h;
    }

    /** The RADIUS server's Session-Timeout / Idle-Timeout replace maxconnect / idle for this link. */
    protected final void limitSession(java.util.OptionalInt sessionTimeout, java.util.OptionalInt idleTimeout) {
        network.timers.override(sessionTimeout, idleTimeout);
    }

    /** The held network phase opened: what the peer asked meanwhile is answered now. */
    protected final void replayHeld(LinkState.Held h) {
        network.replay(h);
    }

    // ---- PppLink

    @Override
    public void start(long nowNanos, PppOutput output) {
        enter(nowNanos, output);
        if (!(state instanceof LinkState.NotStarted)) {
            return;
        }
        moveTo(new LinkState.Establish(false));
        lcp.start(nowNanos);
    }

    @Override
    public void receiveFrame(ByteBuffer frame, long nowNanos, PppOutput output) {
        enter(nowNanos, output);
        counters.frameReceived();
        if (state instanceof LinkState.Ended || state instanceof LinkState.NotStarted) {
            drop(PppCounters.Drop.OUT_OF_PHASE, "frame while the link is " + (ended() ? "finished" : "not started"));
            return;
        }
        frames.receive(frame, nowNanos);
    }

    /** The PPP protocol number of the authentication in progress. */
    protected int authProtocolNumber() {
        return authMethod == AuthProtocol.PAP ? PppProtocol.PAP : PppProtocol.CHAP;
    }

    @Override
    public void sendIp(ByteBuffer ipPacket, long nowNanos, PppOutput output) {
        enter(nowNanos, output);
        network.sendIp(ipPacket, nowNanos);
    }

    @Override
    public void poll(long nowNanos, PppOutput output) {
        enter(nowNanos, output);
        if (ended()) {
            return;
        }
        lcp.poll(nowNanos);
        if (!ended()) {
            pollAuthentication(nowNanos);
        }
        if (!ended()) {
            ccp.poll(nowNanos);
        }
        if (!ended()) {
            ipcp.poll(nowNanos);
        }
        LinkTimers.Expiry expiry = network.isOpen() ? network.timers.expired(nowNanos) : LinkTimers.Expiry.NONE;
        if (expiry != LinkTimers.Expiry.NONE) {
            note(expiry.logLine);
            close(expiry.reason, nowNanos, output);
        }
    }

    @Override
    public void sessionTimeout(int seconds, long nowNanos, PppOutput output) {
        enter(nowNanos, output);
        if (!ended()) {
            network.timers.maxConnectFromNow(seconds, nowNanos, network.isOpen());
        }
    }

    @Override
    public long nextDeadlineNanos() {
        if (ended()) {
            return Long.MAX_VALUE;
        }
        long d = Deadlines.earliest(lcp.deadline(), Deadlines.earliest(ccp.deadline(), ipcp.deadline()));
        d = Deadlines.earliest(d, authenticationDeadline());
        if (network.isOpen()) {
            d = Deadlines.earliest(d, network.timers.deadline());
        }
        return d;
    }

    @Override
    public void close(String reason, long nowNanos, PppOutput output) {
        enter(nowNanos, output);
        if (ended()) {
            return;
        }
        if (closeReason == null) {
            closeReason = reason;
        }
        if (state instanceof LinkState.NotStarted) {
            finish(closeReason);
            return;
        }
        network.stop();
        moveTo(LinkState.TERMINATE);
        lcp.close(reason, nowNanos);
        if (!ended() && !lcp.state().restartTimerRuns()) {
            finish(closeReason);
        }
    }

    @Override
    public void lowerDown(long nowNanos, PppOutput output) {
        enter(nowNanos, output);
        lowerGone = true;
        if (ended()) {
            return;
        }
        String reason = endReason("Modem hangup");
        network.stop();
        lcp.lowerDown(nowNanos);
        finish(reason);
    }

    @Override
    public boolean isNetworkOpen() {
        return network.isOpen();
    }

    @Override
    public PppCounters counters() {
        return counters;
    }

    @Override
    public void probe(long nowNanos, PppOutput output) {
        enter(nowNanos, output);
        if (!ended()) {
            lcp.probe(nowNanos);
        }
    }

    /** The current phase (for tests and the admin view). */
    LinkPhase phase() {
        return state.phase();
    }

    /** Every entry point first: the time and where output goes for this call. */
    void enter(long nowNanos, PppOutput output) {
        this.now = nowNanos;
        this.out = output;
    }

    // ---- FsmIo: control packets out, drops counted ----

    @Override
    public void send(int protocol, ByteBuffer packet) {
        if (lowerGone || ended()) {
            return;
        }
        log.packet("sent", protocol, packet);
        boolean lcpPacket = protocol == PppProtocol.LCP;
        int header = PppFrame.writeHeader(tx, 0, protocol, !lcpPacket && lcp.sendAcfc(), !lcpPacket && lcp.sendPfc());
        int n = Math.min(packet.remaining(), tx.length - header);
        packet.get(packet.position(), tx, header, n);
        counters.frameSent();
        out.sendFrame(txView.clear().limit(header + n));
    }

    @Override
    public void dropped(int protocol, String reason) {
        drop(protocol == PppProtocol.CHAP || protocol == PppProtocol.PAP
                ? PppCounters.Drop.AUTHENTICATION : PppCounters.Drop.CONTROL, reason);
    }

    void drop(PppCounters.Drop reason, String description) {
        log.drop(reason, description);
    }

    void note(String line) {
        log.note(line);
    }

    void event(PppLinkEvent e) {
        out.linkEvent(e);
    }

    // ---- LCP ----

    @Override
    public void lcpUp() {
        if (state.loggedIn()) {
            // LCP renegotiated after the login: start over is not supported; end the call cleanly.
            fail("LCP renegotiated after authentication");
            return;
        }
        startAuthentication();
    }

    @Override
    public void lcpDown() {
        network.stop();
        stopAuthentication();
        if (!(state instanceof LinkState.Terminate || state instanceof LinkState.Ended)) {
            moveTo(new LinkState.Establish(state.loggedIn()));
        }
    }

    @Override
    public void lcpFinished() {
        finish(endReason(lcp.state() == FsmState.STOPPED && !state.loggedIn()
                ? "LCP: timeout sending Config-Requests" : "LCP terminated"));
    }

    /** What the link ends with: the first reason given, else what the peer's Terminate-Request said, else this. */
    private String endReason(String otherwise) {
        if (closeReason == null) {
            String peer = lcp.peerTerminateReason();
            closeReason = peer != null ? "LCP terminated by peer (" + peer + ")" : otherwise;
        }
        return closeReason;
    }

    @Override
    public void protocolRejected(int protocol) {
        note("Protocol-Reject for " + PppProtocol.name(protocol));
        if (protocol == PppProtocol.CCP && options.mppe().required()) {
            fail("MPPE required but peer negotiation failed");
        } else if (protocol == PppProtocol.IPCP) {
            fail("peer refused IPCP");
        } else if (protocol == PppProtocol.CCP) {
            ccp.lowerDown(now);
        }
    }

    @Override
    public void peerDead(String reason) {
        note(reason);
        note("Serial link appears to be disconnected.");
        if (closeReason == null) {
            closeReason = reason;
        }
        network.stop();
        lcp.close("Peer not responding", now);
        lowerGone = true; // nobody is listening: do not wait for the Terminate-Ack
        lcp.lowerDown(now);
        finish(closeReason);
    }

    @Override
    public void negotiationFailed(String reason) {
        fail(reason);
    }

    /** Ends the link from inside: Terminate-Request with this reason, then Closed. */
    void fail(String reason) {
        note(reason);
        close(reason, now, out);
    }

    // ---- the network phase ----

    /** Authenticated (or no authentication): the network phase starts (CCP, then or at once IPCP). */
    protected void startNetwork(String login, AuthProtocol method, MppeKeyMaterial material) {
        this.user = login;
        this.authMethod = method;
        network.start(method != null, material);
    }

    // ---- the end ----

    private void finish(String reason) {
        if (ended()) {
            return;
        }
        moveTo(new LinkState.Ended(reason));
        stopAuthentication();
        network.destroy();
        released();
        note("Connection terminated: " + reason);
        event(new PppLinkEvent.Closed(reason));
    }
}
