package io.pptp2wg.ppp;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.mppe.MppeHeader;
import io.pptp2wg.mppe.MppeKeyMaterial;
import io.pptp2wg.ppp.ccp.Ccp;
import io.pptp2wg.ppp.ccp.MppeBits;
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
 * What both ends of a PPP link over one PPTP call share: LCP, then authentication (the role's part),
 * then CCP/MPPE and IPCP, then IP both ways; timers for keepalive, idle and maxconnect. The server
 * ({@link ServerPppLink}) asks for authentication and assigns the address; the client
 * ({@link ClientPppLink}) authenticates itself and takes the address it is given. Every input is
 * checked before use and every drop counted in {@link PppCounters}; nothing here throws on bad input
 * or grows with it. Not thread-safe: one caller thread at a time.
 */
abstract sealed class PppLinkBase implements PppLink, FsmIo, Lcp.Listener, Ipcp.Listener, Ccp.Listener
        permits ServerPppLink, ClientPppLink {
    /** Room above the MRU in our buffers (headers, MPPE, slack for peers that overshoot a little). */
    private static final int BUFFER_SLACK = 128;

    /** Which end of the link: who authenticates whom, who assigns the address (RFC 1661 §3.2, RFC 1332 §3.3). */
    enum Role { SERVER, CLIENT }

    protected final PppOptions options;
    protected final Random random;
    private final Consumer<String> debug;
    protected final PppCounters counters = new PppCounters();
    private final PacketPrinter printer;
    protected final Lcp lcp;
    protected final Ipcp ipcp;
    protected final Ccp ccp;
    protected final boolean mppeRequired;
    /** The largest frame taken from the peer. */
    private final int maxFrame;
    private final byte[] tx;
    private final ByteBuffer txView;
    private final MppeDataPath data;
    private final LinkTimers timers;

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
        this.debug = options.debug() ? debug : null;
        int bufferSize = Math.max(options.mru(), PppOptions.DEFAULT_MRU) + BUFFER_SLACK;
        this.maxFrame = bufferSize;
        this.tx = new byte[bufferSize + PppFrame.MAX_HEADER_LENGTH + MppeHeader.LENGTH + MppeDataPath.INNER_PROTOCOL_LENGTH];
        this.txView = ByteBuffer.wrap(tx);
        this.mppeRequired = options.mppe().required();
        AuthProtocolOption auth = role == Role.SERVER
                ? AuthProtocolOption.authenticator(authMethods) : AuthProtocolOption.authenticatee(authMethods);
        this.lcp = new Lcp(options, auth, random, this, this, bufferSize, bufferSize);
        this.ipcp = role == Role.SERVER
                ? new Ipcp(options, serverAddress, random, this, this, bufferSize)
                : Ipcp.client(options, random, this, this, bufferSize);
        this.ccp = new Ccp(options, random, this, this, bufferSize);
        this.printer = new PacketPrinter(lcp.negotiator(), ipcp.negotiator(), ccp.negotiator());
        this.data = new MppeDataPath(ccp, bufferSize, tx, this::drop, this::fail);
        this.timers = new LinkTimers(options);
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
    private void moveTo(LinkState next) {
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

    private static byte[] copyOf(ByteBuffer f) {
        byte[] b = new byte[f.remaining()];
        f.get(f.position(), b);
        return b;
    }

    /** The held network phase opened: what the peer asked meanwhile is answered now (CCP, then IPCP once it runs). */
    protected final void replayHeld(LinkState.Held h) {
        if (h.ccp() != null && state instanceof LinkState.Network) {
            ccp.receive(ByteBuffer.wrap(h.ccp()), now);
        }
        if (h.ipcp() != null && ipcpRuns()) {
            ipcp.receive(ByteBuffer.wrap(h.ipcp()), now);
        }
    }

    private boolean ipcpRuns() {
        return state instanceof LinkState.Network n && n.stage() != LinkState.Stage.AWAITING_MPPE;
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
        if (frame.remaining() > maxFrame) {
            drop(PppCounters.Drop.FRAME_TOO_LONG, "frame of " + frame.remaining() + " bytes exceeds " + maxFrame);
            return;
        }
        // The hot path (IP, MPPE) reads the caller's buffer in place; its position is restored.
        int frameStart = frame.position();
        int protocol = PppFrame.readHeader(frame);
        int infoStart = frame.position();
        frame.position(frameStart);
        if (protocol == PppFrame.MALFORMED) {
            drop(PppCounters.Drop.MALFORMED_FRAME, "malformed PPP header in a " + frame.remaining() + "-byte frame");
            return;
        }
        if (protocol == PppProtocol.COMPRESSED_DATAGRAM) {
            receiveEncrypted(frame, infoStart);
            return;
        }
        if (protocol == PppProtocol.IP) {
            receivePlainIp(frame, infoStart);
            return;
        }
        ByteBuffer f = frame.duplicate().position(infoStart);
        switch (protocol) {
            case PppProtocol.LCP -> {
                debugPacket("rcvd", protocol, f);
                lcp.receive(f, nowNanos);
            }
            case PppProtocol.PAP, PppProtocol.CHAP -> {
                debugPacket("rcvd", protocol, f);
                receiveAuthentication(protocol, f);
            }
            case PppProtocol.CCP -> {
                debugPacket("rcvd", protocol, f);
                if (state instanceof LinkState.Network) {
                    ccp.receive(f, nowNanos);
                } else if (state instanceof LinkState.Held h) {
                    moveTo(h.withCcp(copyOf(f))); // answered once the phase opens: no wait for the client's restart timer
                } else {
                    drop(PppCounters.Drop.OUT_OF_PHASE, "CCP before the network phase");
                }
            }
            case PppProtocol.IPCP -> {
                debugPacket("rcvd", protocol, f);
                if (ipcpRuns()) {
                    ipcp.receive(f, nowNanos);
                } else if (state instanceof LinkState.Held h) {
                    moveTo(h.withIpcp(copyOf(f)));
                } else {
                    drop(PppCounters.Drop.OUT_OF_PHASE, "IPCP before the network phase" + (mppeRequired ? " (and MPPE)" : ""));
                }
            }
            default -> {
                debugPacket("rcvd", protocol, f);
                if (lcp.isOpened()) {
                    drop(PppCounters.Drop.PROTOCOL_REJECTED, "protocol " + PppProtocol.name(protocol) + " rejected");
                    lcp.sendProtocolReject(protocol, f);
                } else {
                    drop(PppCounters.Drop.OUT_OF_PHASE, "protocol " + PppProtocol.name(protocol) + " before LCP is open");
                }
            }
        }
    }

    /** The PPP protocol number of the authentication in progress. */
    protected int authProtocolNumber() {
        return authMethod == AuthProtocol.PAP ? PppProtocol.PAP : PppProtocol.CHAP;
    }

    private void receivePlainIp(ByteBuffer frame, int infoStart) {
        if (!networkOpen()) {
            drop(PppCounters.Drop.OUT_OF_PHASE, "IP packet before the network phase is open");
            return;
        }
        if (mppeRequired) {
            drop(PppCounters.Drop.UNENCRYPTED_IP, "unencrypted IP packet while MPPE is required");
            return;
        }
        int frameStart = frame.position();
        frame.position(infoStart);
        try {
            deliver(frame);
        } finally {
            frame.position(frameStart);
        }
    }

    private void receiveEncrypted(ByteBuffer frame, int infoStart) {
        ByteBuffer ip = data.open(frame, infoStart, now);
        if (ip == null) {
            return;
        }
        if (!networkOpen()) {
            drop(PppCounters.Drop.OUT_OF_PHASE, "MPPE IP packet before the network phase is open");
            return;
        }
        deliver(ip);
    }

    private void deliver(ByteBuffer ip) {
        counters.ipFromPeer(ip.remaining());
        timers.traffic(now);
        out.deliverIp(ip);
    }

    @Override
    public void sendIp(ByteBuffer ipPacket, long nowNanos, PppOutput output) {
        enter(nowNanos, output);
        if (!isNetworkOpen()) {
            drop(PppCounters.Drop.IP_NOT_OPEN, "IP packet for the peer while the network phase is not open");
            return;
        }
        int length = ipPacket.remaining();
        int frameLength = data.frame(ipPacket, lcp.sendAcfc(), lcp.sendPfc());
        if (frameLength < 0) {
            return;
        }
        counters.ipToPeer(length);
        timers.traffic(nowNanos);
        counters.frameSent();
        out.sendFrame(txView.clear().limit(frameLength));
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
        if (networkOpen()) {
            switch (timers.expired(nowNanos)) {
                case MAX_CONNECT -> {
                    note("Connect time expired");
                    close("Connect time expired", nowNanos, output);
                }
                case IDLE -> {
                    note("Terminating connection due to lack of activity.");
                    close("Link inactive", nowNanos, output);
                }
                case NONE -> { }
            }
        }
    }

    @Override
    public long nextDeadlineNanos() {
        if (ended()) {
            return Long.MAX_VALUE;
        }
        long d = Math.min(lcp.deadline(), Math.min(ccp.deadline(), ipcp.deadline()));
        d = Math.min(d, authenticationDeadline());
        if (networkOpen()) {
            d = Math.min(d, timers.deadline());
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
        stopNetwork();
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
        if (closeReason == null) {
            String peer = lcp.peerTerminateReason();
            closeReason = peer != null ? "LCP terminated by peer (" + peer + ")" : "Modem hangup";
        }
        stopNetwork();
        lcp.lowerDown(nowNanos);
        finish(closeReason);
    }

    @Override
    public boolean isNetworkOpen() {
        return networkOpen();
    }

    /** IP flows: the network phase is open (never once the link ended: Ended is another state). */
    private boolean networkOpen() {
        return state instanceof LinkState.Network n && n.stage() == LinkState.Stage.OPEN;
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

    Lcp lcp() {
        return lcp;
    }

    Ipcp ipcp() {
        return ipcp;
    }

    Ccp ccp() {
        return ccp;
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
        debugPacket("sent", protocol, packet);
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

    protected void drop(PppCounters.Drop reason, String description) {
        counters.drop(reason, description);
        if (debug != null) {
            debug.accept("dropped: " + description);
        }
    }

    private void debugPacket(String direction, int protocol, ByteBuffer packet) {
        if (debug != null) {
            debug.accept(direction + " [" + printer.describe(protocol, packet) + "]");
        }
    }

    protected void note(String line) {
        if (debug != null) {
            debug.accept(line);
        }
    }

    protected void event(PppLinkEvent e) {
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
        stopNetwork();
        stopAuthentication();
        if (!(state instanceof LinkState.Terminate || state instanceof LinkState.Ended)) {
            moveTo(new LinkState.Establish(state.loggedIn()));
        }
    }

    @Override
    public void lcpFinished() {
        String reason = closeReason;
        if (reason == null) {
            String peer = lcp.peerTerminateReason();
            reason = peer != null ? "LCP terminated by peer (" + peer + ")"
                    : lcp.state() == FsmState.STOPPED && !state.loggedIn()
                    ? "LCP: timeout sending Config-Requests" : "LCP terminated";
        }
        finish(reason);
    }

    @Override
    public void protocolRejected(int protocol) {
        note("Protocol-Reject for " + PppProtocol.name(protocol));
        if (protocol == PppProtocol.CCP && mppeRequired) {
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
        stopNetwork();
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
    protected void fail(String reason) {
        note(reason);
        close(reason, now, out);
    }

    // ---- the network phase ----

    /**
     * Authenticated (or no authentication): CCP starts, and IPCP at once or, when MPPE is required,
     * once CCP is up (as pppd does: no IP before encryption).
     */
    protected void startNetwork(String login, AuthProtocol method, MppeKeyMaterial material) {
        this.user = login;
        this.authMethod = method;
        data.keys(material);
        moveTo(new LinkState.Network(method != null, LinkState.Stage.AWAITING_MPPE));
        if (mppeRequired) {
            if (material == null) {
                fail("MPPE required, but MS-CHAP[v2] authentication was not performed");
                return;
            }
            ccp.mppe().restrictLengths(MppeBits.bits(material.supported()));
        }
        ccp.start(now);
        if (!mppeRequired) {
            startIpcp();
        }
    }

    /** IPCP starts (once per link: an LCP renegotiation without login does not restart it). */
    private void startIpcp() {
        if (state instanceof LinkState.Network n && n.stage() == LinkState.Stage.AWAITING_MPPE) {
            moveTo(n.at(LinkState.Stage.NEGOTIATING));
            if (ipcp.state() == FsmState.INITIAL) {
                ipcp.start(now);
            }
        }
    }

    // ---- CCP ----

    @Override
    public void ccpUp() {
        if (!mppeRequired) {
            note("CCP up without compression");
            return;
        }
        if (!data.start(ccp.mppe().receiveBits(), ccp.mppe().sendBits())) {
            fail("MPPE required but peer negotiation failed");
            return;
        }
        note("MPPE " + data.description() + " compression enabled");
        startIpcp();
        maybeOpen();
    }

    @Override
    public void ccpDown() {
        if (mppeRequired && data.anyRunning()) {
            data.destroy();
            closeNetwork();
            fail("MPPE disabled");
        }
    }

    @Override
    public void ccpFinished() {
        if (mppeRequired && state instanceof LinkState.Network) {
            fail("MPPE required but peer negotiation failed");
        }
    }

    @Override
    public void ccpFailed(String reason) {
        if (mppeRequired) {
            fail(reason);
        }
    }

    @Override
    public void resetRequested() {
        data.resetRequested();
    }

    // ---- IPCP ----

    @Override
    public void ipcpUp() {
        note("local  IP address " + Ipv4.format(localAddress()));
        note("remote IP address " + Ipv4.format(ipcp.peerAddress()));
        maybeOpen();
    }

    private void maybeOpen() {
        if (!(state instanceof LinkState.Network n) || n.stage() == LinkState.Stage.OPEN || !ipcp.isOpened()) {
            return;
        }
        if (mppeRequired && !data.running()) {
            return;
        }
        moveTo(n.at(LinkState.Stage.OPEN));
        timers.opened(now);
        event(new PppLinkEvent.Opened(user, authMethod, mppeRequired ? data.description() : "none",
                localAddress(), ipcp.peerAddress(), lcp.peerMru()));
    }

    @Override
    public void ipcpDown() {
        closeNetwork();
    }

    @Override
    public void ipcpFinished() {
        if (state instanceof LinkState.Network) {
            fail("No network protocols running");
        }
    }

    // ---- the end ----

    /** No more IP (IPCP or MPPE went down); the network phase itself goes on. */
    private void closeNetwork() {
        if (state instanceof LinkState.Network n && n.stage() == LinkState.Stage.OPEN) {
            moveTo(n.at(LinkState.Stage.NEGOTIATING));
        }
    }

    /** The network phase stops (the link closes or LCP went down): no IP, no connect-time limit. */
    private void stopNetwork() {
        closeNetwork();
        timers.stopped();
    }

    private void finish(String reason) {
        if (ended()) {
            return;
        }
        moveTo(new LinkState.Ended(reason));
        stopAuthentication();
        data.destroy();
        released();
        note("Connection terminated: " + reason);
        event(new PppLinkEvent.Closed(reason));
    }
}
