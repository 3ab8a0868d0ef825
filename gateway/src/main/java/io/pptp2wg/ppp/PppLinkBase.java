package io.pptp2wg.ppp;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.MppeKeyLength;
import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.mppe.MppeDecryptor;
import io.pptp2wg.mppe.MppeEncryptor;
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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
    /** Inner Protocol field of an encrypted IP packet: always two octets (as Linux writes it). */
    private static final int INNER_PROTOCOL_LENGTH = 2;

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
    private final byte[] rx;
    private final ByteBuffer rxView;
    private final byte[] tx;
    private final ByteBuffer txView;

    protected PppOutput out;
    protected long now;
    protected LinkPhase phase = LinkPhase.DEAD;
    protected boolean ended;
    private boolean lowerGone;
    private String closeReason;
    protected boolean authenticated;
    protected String user;
    protected AuthProtocol authMethod;
    private MppeKeyMaterial keys;
    private MppeEncryptor encryptor;
    private MppeDecryptor decryptor;
    private boolean ipcpStarted;
    private boolean networkOpen;
    private long lastTraffic;
    private final long idleNanos;
    private long maxConnectDeadline = Long.MAX_VALUE;

    PppLinkBase(Role role, PppOptions options, List<AuthProtocol> authMethods, Random random, int serverAddress,
                Consumer<String> debug) {
        this.options = options;
        this.random = random;
        this.debug = options.debug() ? debug : null;
        int bufferSize = Math.max(options.mru(), PppOptions.DEFAULT_MRU) + BUFFER_SLACK;
        this.rx = new byte[bufferSize];
        this.rxView = ByteBuffer.wrap(rx);
        this.tx = new byte[bufferSize + PppFrame.MAX_HEADER_LENGTH + MppeHeader.LENGTH + INNER_PROTOCOL_LENGTH];
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
        this.idleNanos = TimeUnit.SECONDS.toNanos(Math.max(0, options.idleSeconds()));
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

    /** Whether the network phase waits after the login (the server's address allocator said Pending). */
    boolean networkHeld() {
        return false;
    }

    /** The last CCP and IPCP packets the peer sent while the network phase was held; null when none. */
    private byte[] heldCcp;
    private byte[] heldIpcp;

    private static byte[] copyOf(ByteBuffer f) {
        byte[] b = new byte[f.remaining()];
        f.get(f.position(), b);
        return b;
    }

    /** The held network phase opened: what the peer asked meanwhile is answered now (CCP, then IPCP once it runs). */
    void replayHeld() {
        byte[] c = heldCcp;
        byte[] i = heldIpcp;
        heldCcp = null;
        heldIpcp = null;
        if (c != null && phase == LinkPhase.NETWORK && !ended) {
            ccp.receive(ByteBuffer.wrap(c), now);
        }
        if (i != null && phase == LinkPhase.NETWORK && ipcpStarted && !ended) {
            ipcp.receive(ByteBuffer.wrap(i), now);
        }
    }

    // ---- PppLink

    @Override
    public void start(long nowNanos, PppOutput output) {
        enter(nowNanos, output);
        if (phase != LinkPhase.DEAD || ended) {
            return;
        }
        phase = LinkPhase.ESTABLISH;
        lcp.start(nowNanos);
    }

    @Override
    public void receiveFrame(ByteBuffer frame, long nowNanos, PppOutput output) {
        enter(nowNanos, output);
        counters.frameReceived();
        if (ended || phase == LinkPhase.DEAD) {
            drop(PppCounters.Drop.OUT_OF_PHASE, "frame while the link is " + (ended ? "finished" : "not started"));
            return;
        }
        if (frame.remaining() > rx.length) {
            drop(PppCounters.Drop.FRAME_TOO_LONG, "frame of " + frame.remaining() + " bytes exceeds " + rx.length);
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
                if (phase == LinkPhase.NETWORK) {
                    ccp.receive(f, nowNanos);
                } else if (networkHeld()) {
                    heldCcp = copyOf(f); // answered once the phase opens: no wait for the client's restart timer
                } else {
                    drop(PppCounters.Drop.OUT_OF_PHASE, "CCP before the network phase");
                }
            }
            case PppProtocol.IPCP -> {
                debugPacket("rcvd", protocol, f);
                if (phase == LinkPhase.NETWORK && ipcpStarted) {
                    ipcp.receive(f, nowNanos);
                } else if (networkHeld()) {
                    heldIpcp = copyOf(f);
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
        if (!networkOpen) {
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
        if (decryptor == null) {
            drop(PppCounters.Drop.OUT_OF_PHASE, "MPPE packet while MPPE is not running");
            return;
        }
        int length = frame.limit() - infoStart;
        frame.get(infoStart, rx, 0, length);
        MppeDecryptor.Result result = decryptor.open(rx, 0, length);
        switch (result) {
            case OK -> { }
            case TOO_SHORT -> {
                drop(PppCounters.Drop.MPPE_TOO_SHORT, "MPPE packet of " + length + " bytes");
                return;
            }
            case BAD_HEADER -> {
                drop(PppCounters.Drop.MPPE_BAD_HEADER, String.format("MPPE header %02x%02x not acceptable", rx[0], rx[1]));
                if (decryptor.tooManyErrors()) {
                    fail("Too many MPPE errors");
                }
                return;
            }
            case LATE -> {
                drop(PppCounters.Drop.MPPE_LATE, "MPPE coherency count " + MppeHeader.coherencyCount(rx[0], rx[1]) + " is late");
                return;
            }
            case LOST -> {
                drop(PppCounters.Drop.MPPE_LOST, "MPPE packet loss detected at count " + MppeHeader.coherencyCount(rx[0], rx[1]));
                ccp.requestReset(now);
                return;
            }
            case DISCARDING -> {
                drop(PppCounters.Drop.MPPE_DISCARDING, "MPPE packet discarded until the peer flushes");
                ccp.requestReset(now);
                return;
            }
        }
        ByteBuffer inner = rxView.clear().limit(length).position(MppeHeader.LENGTH);
        int p = inner.position();
        int protocol;
        if ((rx[p] & 1) == 1) {
            protocol = rx[p] & 0xff;
            p += 1;
        } else if (length - p >= INNER_PROTOCOL_LENGTH) {
            protocol = ((rx[p] & 0xff) << 8) | (rx[p + 1] & 0xff);
            p += INNER_PROTOCOL_LENGTH;
        } else {
            drop(PppCounters.Drop.NOT_IP_INSIDE_MPPE, "MPPE packet without a protocol field");
            return;
        }
        if (protocol != PppProtocol.IP) {
            drop(PppCounters.Drop.NOT_IP_INSIDE_MPPE, "protocol " + PppProtocol.name(protocol) + " inside MPPE");
            return;
        }
        if (!networkOpen) {
            drop(PppCounters.Drop.OUT_OF_PHASE, "MPPE IP packet before the network phase is open");
            return;
        }
        deliver(inner.position(p));
    }

    private void deliver(ByteBuffer ip) {
        counters.ipFromPeer(ip.remaining());
        lastTraffic = now;
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
        boolean acfc = lcp.sendAcfc();
        boolean pfc = lcp.sendPfc();
        int frameLength;
        if (encryptor != null) {
            int header = PppFrame.writeHeader(tx, 0, PppProtocol.COMPRESSED_DATAGRAM, acfc, pfc);
            if (header + MppeHeader.LENGTH + INNER_PROTOCOL_LENGTH + length > tx.length) {
                drop(PppCounters.Drop.IP_TOO_LONG, "IP packet of " + length + " bytes is too long");
                return;
            }
            int inner = header + MppeHeader.LENGTH;
            tx[inner] = (byte) (PppProtocol.IP >> 8);
            tx[inner + 1] = (byte) PppProtocol.IP;
            ipPacket.get(ipPacket.position(), tx, inner + INNER_PROTOCOL_LENGTH, length);
            frameLength = header + encryptor.seal(tx, header, INNER_PROTOCOL_LENGTH + length);
        } else {
            int header = PppFrame.writeHeader(tx, 0, PppProtocol.IP, acfc, pfc);
            if (header + length > tx.length) {
                drop(PppCounters.Drop.IP_TOO_LONG, "IP packet of " + length + " bytes is too long");
                return;
            }
            ipPacket.get(ipPacket.position(), tx, header, length);
            frameLength = header + length;
        }
        counters.ipToPeer(length);
        lastTraffic = nowNanos;
        counters.frameSent();
        out.sendFrame(txView.clear().limit(frameLength));
    }

    @Override
    public void poll(long nowNanos, PppOutput output) {
        enter(nowNanos, output);
        if (ended) {
            return;
        }
        lcp.poll(nowNanos);
        if (!ended) {
            pollAuthentication(nowNanos);
        }
        if (!ended) {
            ccp.poll(nowNanos);
        }
        if (!ended) {
            ipcp.poll(nowNanos);
        }
        if (!ended && networkOpen) {
            if (nowNanos - maxConnectDeadline >= 0 && maxConnectDeadline != Long.MAX_VALUE) {
                note("Connect time expired");
                close("Connect time expired", nowNanos, output);
            } else if (idleNanos > 0 && nowNanos - (lastTraffic + idleNanos) >= 0) {
                note("Terminating connection due to lack of activity.");
                close("Link inactive", nowNanos, output);
            }
        }
    }

    @Override
    public long nextDeadlineNanos() {
        if (ended) {
            return Long.MAX_VALUE;
        }
        long d = Math.min(lcp.deadline(), Math.min(ccp.deadline(), ipcp.deadline()));
        d = Math.min(d, authenticationDeadline());
        if (networkOpen) {
            d = Math.min(d, maxConnectDeadline);
            if (idleNanos > 0) {
                d = Math.min(d, lastTraffic + idleNanos);
            }
        }
        return d;
    }

    @Override
    public void close(String reason, long nowNanos, PppOutput output) {
        enter(nowNanos, output);
        if (ended) {
            return;
        }
        if (closeReason == null) {
            closeReason = reason;
        }
        if (phase == LinkPhase.DEAD) {
            finish(closeReason);
            return;
        }
        stopNetwork();
        phase = LinkPhase.TERMINATE;
        lcp.close(reason, nowNanos);
        if (!ended && !lcp.state().restartTimerRuns()) {
            finish(closeReason);
        }
    }

    @Override
    public void lowerDown(long nowNanos, PppOutput output) {
        enter(nowNanos, output);
        lowerGone = true;
        if (ended) {
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
        return networkOpen && !ended;
    }

    @Override
    public PppCounters counters() {
        return counters;
    }

    @Override
    public void probe(long nowNanos, PppOutput output) {
        enter(nowNanos, output);
        if (!ended) {
            lcp.probe(nowNanos);
        }
    }

    /** The current phase (for tests and the admin view). */
    LinkPhase phase() {
        return phase;
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
        if (lowerGone || ended) {
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
        if (authenticated) {
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
        if (phase != LinkPhase.TERMINATE && !ended) {
            phase = LinkPhase.ESTABLISH;
        }
    }

    @Override
    public void lcpFinished() {
        String reason = closeReason;
        if (reason == null) {
            String peer = lcp.peerTerminateReason();
            reason = peer != null ? "LCP terminated by peer (" + peer + ")"
                    : lcp.state() == FsmState.STOPPED && !authenticated
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
        this.keys = material;
        phase = LinkPhase.NETWORK;
        if (mppeRequired) {
            if (material == null) {
                fail("MPPE required, but MS-CHAP[v2] authentication was not performed");
                return;
            }
            ccp.mppe().restrictLengths(MppeBits.bits(material.supported()));
        }
        ccp.start(now);
        if (!mppeRequired && !ended) {
            startIpcp();
        }
    }

    private void startIpcp() {
        if (!ipcpStarted && !ended) {
            ipcpStarted = true;
            ipcp.start(now);
        }
    }

    // ---- CCP ----

    @Override
    public void ccpUp() {
        if (!mppeRequired) {
            note("CCP up without compression");
            return;
        }
        int receiveBits = ccp.mppe().receiveBits();
        int sendBits = ccp.mppe().sendBits();
        int receiveLength = MppeBits.strongest(receiveBits);
        int sendLength = MppeBits.strongest(sendBits);
        if (keys == null || receiveLength == 0 || sendLength == 0) {
            fail("MPPE required but peer negotiation failed");
            return;
        }
        MppeKeyLength rl = MppeBits.keyLength(receiveLength);
        MppeKeyLength sl = MppeBits.keyLength(sendLength);
        byte[] receiveKey = keys.startKey(false, rl);
        byte[] sendKey = keys.startKey(true, sl);
        try {
            decryptor = new MppeDecryptor(receiveKey, rl, (receiveBits & MppeBits.H) == 0);
            encryptor = new MppeEncryptor(sendKey, sl, (sendBits & MppeBits.H) == 0);
        } finally {
            Arrays.fill(receiveKey, (byte) 0);
            Arrays.fill(sendKey, (byte) 0);
            keys.destroy(); // as pppd: the start keys are gone once MPPE holds them
        }
        note("MPPE " + mppeDescription() + " compression enabled");
        startIpcp();
        maybeOpen();
    }

    private String mppeDescription() {
        if (encryptor == null || decryptor == null) {
            return "none";
        }
        String in = decryptor.strength().bits() + "-bit " + (decryptor.stateful() ? "stateful" : "stateless");
        String outDir = encryptor.strength().bits() + "-bit " + (encryptor.stateful() ? "stateful" : "stateless");
        return in.equals(outDir) ? in : in + " (from peer) / " + outDir + " (to peer)";
    }

    @Override
    public void ccpDown() {
        if (mppeRequired && (encryptor != null || decryptor != null)) {
            destroyMppe();
            networkOpen = false;
            fail("MPPE disabled");
        }
    }

    @Override
    public void ccpFinished() {
        if (mppeRequired && !ended && phase == LinkPhase.NETWORK) {
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
        if (encryptor != null) {
            encryptor.resetRequested();
        }
    }

    // ---- IPCP ----

    @Override
    public void ipcpUp() {
        note("local  IP address " + Ipv4.format(localAddress()));
        note("remote IP address " + Ipv4.format(ipcp.peerAddress()));
        maybeOpen();
    }

    private void maybeOpen() {
        if (networkOpen || ended || !ipcp.isOpened()) {
            return;
        }
        if (mppeRequired && (encryptor == null || decryptor == null)) {
            return;
        }
        networkOpen = true;
        lastTraffic = now;
        if (options.maxConnectSeconds() > 0) {
            maxConnectDeadline = now + TimeUnit.SECONDS.toNanos(options.maxConnectSeconds());
        }
        event(new PppLinkEvent.Opened(user, authMethod, mppeRequired ? mppeDescription() : "none",
                localAddress(), ipcp.peerAddress(), lcp.peerMru()));
    }

    @Override
    public void ipcpDown() {
        networkOpen = false;
    }

    @Override
    public void ipcpFinished() {
        if (phase == LinkPhase.NETWORK && !ended) {
            fail("No network protocols running");
        }
    }

    // ---- the end ----

    private void stopNetwork() {
        networkOpen = false;
        maxConnectDeadline = Long.MAX_VALUE;
    }

    private void destroyMppe() {
        if (encryptor != null) {
            encryptor.destroy();
            encryptor = null;
        }
        if (decryptor != null) {
            decryptor.destroy();
            decryptor = null;
        }
    }

    private void finish(String reason) {
        if (ended) {
            return;
        }
        ended = true;
        phase = LinkPhase.DEAD;
        networkOpen = false;
        stopAuthentication();
        destroyMppe();
        if (keys != null) {
            keys.destroy();
        }
        released();
        note("Connection terminated: " + reason);
        event(new PppLinkEvent.Closed(reason));
    }
}
