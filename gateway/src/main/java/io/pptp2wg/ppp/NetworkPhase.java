package io.pptp2wg.ppp;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.mppe.MppeKeyMaterial;
import io.pptp2wg.ppp.ccp.Ccp;
import io.pptp2wg.ppp.ccp.MppeBits;
import io.pptp2wg.ppp.fsm.FsmIo;
import io.pptp2wg.ppp.fsm.FsmState;
import io.pptp2wg.ppp.ipcp.Ipcp;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * The network phase of one link (RFC 1661 §3.2): CCP first, IPCP at once or, when MPPE is required,
 * once MPPE runs (as pppd: no IP before encryption); open when IPCP (and MPPE) are up, then IP both
 * ways through the {@link MppeDataPath} under the {@link LinkTimers}. While the phase is held (the
 * address allocator said Pending) the peer's CCP and IPCP requests are kept and answered on resume.
 * The phase itself is the link's {@link LinkState.Network}; this class moves it along its stages.
 */
final class NetworkPhase implements Ccp.Listener, Ipcp.Listener {
    private final PppLinkBase link;
    private final boolean mppeRequired;
    final Ipcp ipcp;
    final Ccp ccp;
    private final MppeDataPath data;
    final LinkTimers timers;
    private final ByteBuffer txView;

    NetworkPhase(PppLinkBase link, PppLinkBase.Role role, PppOptions options, int serverAddress, Random random,
                 FsmIo io, int bufferSize, byte[] tx) {
        this.link = link;
        this.mppeRequired = options.mppe().required();
        this.ipcp = role == PppLinkBase.Role.SERVER
                ? new Ipcp(options, serverAddress, random, this, io, bufferSize)
                : Ipcp.client(options, random, this, io, bufferSize);
        this.ccp = new Ccp(options, random, this, io, bufferSize);
        this.data = new MppeDataPath(ccp, bufferSize, tx, link::drop, link::fail);
        this.timers = new LinkTimers(options);
        this.txView = ByteBuffer.wrap(tx);
    }

    // ---- entering and leaving

    /**
     * Authenticated (or no authentication): CCP starts, and IPCP at once or once MPPE runs.
     *
     * @param loggedIn whether a login happened
     * @param material the login's MPPE start keys, null when none (MS-CHAP[v2] only)
     */
    void start(boolean loggedIn, MppeKeyMaterial material) {
        data.keys(material);
        link.moveTo(new LinkState.Network(loggedIn, LinkState.Stage.AWAITING_MPPE));
        if (mppeRequired) {
            if (material == null) {
                link.fail("MPPE required, but MS-CHAP[v2] authentication was not performed");
                return;
            }
            ccp.mppe().restrictLengths(MppeBits.bits(material.supported()));
        }
        ccp.start(link.now);
        if (!mppeRequired) {
            startIpcp();
        }
    }

    /** IPCP starts (once per link: an LCP renegotiation without login does not restart it). */
    private void startIpcp() {
        if (link.state() instanceof LinkState.Network n && n.stage() == LinkState.Stage.AWAITING_MPPE) {
            link.moveTo(n.at(LinkState.Stage.NEGOTIATING));
            if (ipcp.state() == FsmState.INITIAL) {
                ipcp.start(link.now);
            }
        }
    }

    /** The held phase opened: what the peer asked meanwhile is answered now (CCP, then IPCP once it runs). */
    void replay(LinkState.Held h) {
        if (h.ccp() != null && link.state() instanceof LinkState.Network) {
            ccp.receive(ByteBuffer.wrap(h.ccp()), link.now);
        }
        if (h.ipcp() != null && ipcpRuns()) {
            ipcp.receive(ByteBuffer.wrap(h.ipcp()), link.now);
        }
    }

    /** IP flows. */
    boolean isOpen() {
        return link.state() instanceof LinkState.Network n && n.stage() == LinkState.Stage.OPEN;
    }

    private boolean ipcpRuns() {
        return link.state() instanceof LinkState.Network n && n.stage() != LinkState.Stage.AWAITING_MPPE;
    }

    /** No more IP (IPCP or MPPE went down); the phase itself goes on. */
    private void closeNetwork() {
        if (link.state() instanceof LinkState.Network n && n.stage() == LinkState.Stage.OPEN) {
            link.moveTo(n.at(LinkState.Stage.NEGOTIATING));
        }
    }

    /** The phase stops (the link closes or LCP went down): no IP, no connect-time limit. */
    void stop() {
        closeNetwork();
        timers.stopped();
    }

    /** The link ended: the keys are zeroed. */
    void destroy() {
        data.destroy();
    }

    // ---- CCP and IPCP packets from the peer

    void receiveCcp(ByteBuffer f, long now) {
        if (link.state() instanceof LinkState.Network) {
            ccp.receive(f, now);
        } else if (link.state() instanceof LinkState.Held h) {
            link.moveTo(h.withCcp(copyOf(f))); // answered once the phase opens: no wait for the client's restart timer
        } else {
            link.drop(PppCounters.Drop.OUT_OF_PHASE, "CCP before the network phase");
        }
    }

    void receiveIpcp(ByteBuffer f, long now) {
        if (ipcpRuns()) {
            ipcp.receive(f, now);
        } else if (link.state() instanceof LinkState.Held h) {
            link.moveTo(h.withIpcp(copyOf(f)));
        } else {
            link.drop(PppCounters.Drop.OUT_OF_PHASE, "IPCP before the network phase" + (mppeRequired ? " (and MPPE)" : ""));
        }
    }

    private static byte[] copyOf(ByteBuffer f) {
        byte[] b = new byte[f.remaining()];
        f.get(f.position(), b);
        return b;
    }

    // ---- IP both ways (per packet: nothing allocated)

    void receivePlainIp(ByteBuffer frame, int infoStart) {
        if (!isOpen()) {
            link.drop(PppCounters.Drop.OUT_OF_PHASE, "IP packet before the network phase is open");
            return;
        }
        if (mppeRequired) {
            link.drop(PppCounters.Drop.UNENCRYPTED_IP, "unencrypted IP packet while MPPE is required");
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

    void receiveEncrypted(ByteBuffer frame, int infoStart) {
        ByteBuffer ip = data.open(frame, infoStart, link.now);
        if (ip == null) {
            return;
        }
        if (!isOpen()) {
            link.drop(PppCounters.Drop.OUT_OF_PHASE, "MPPE IP packet before the network phase is open");
            return;
        }
        deliver(ip);
    }

    private void deliver(ByteBuffer ip) {
        link.counters.ipFromPeer(ip.remaining());
        timers.traffic(link.now);
        link.out.deliverIp(ip);
    }

    void sendIp(ByteBuffer ipPacket, long now) {
        if (!isOpen()) {
            link.drop(PppCounters.Drop.IP_NOT_OPEN, "IP packet for the peer while the network phase is not open");
            return;
        }
        int length = ipPacket.remaining();
        int frameLength = data.frame(ipPacket, link.lcp.sendAcfc(), link.lcp.sendPfc());
        if (frameLength < 0) {
            return;
        }
        link.counters.ipToPeer(length);
        timers.traffic(now);
        link.counters.frameSent();
        link.out.sendFrame(txView.clear().limit(frameLength));
    }

    // ---- CCP (Ccp.Listener)

    @Override
    public void ccpUp() {
        if (!mppeRequired) {
            link.note("CCP up without compression");
            return;
        }
        if (!data.start(ccp.mppe().receiveBits(), ccp.mppe().sendBits())) {
            link.fail("MPPE required but peer negotiation failed");
            return;
        }
        link.note("MPPE " + data.description() + " compression enabled");
        startIpcp();
        maybeOpen();
    }

    @Override
    public void ccpDown() {
        if (mppeRequired && data.anyRunning()) {
            data.destroy();
            closeNetwork();
            link.fail("MPPE disabled");
        }
    }

    @Override
    public void ccpFinished() {
        if (mppeRequired && link.state() instanceof LinkState.Network) {
            link.fail("MPPE required but peer negotiation failed");
        }
    }

    @Override
    public void ccpFailed(String reason) {
        if (mppeRequired) {
            link.fail(reason);
        }
    }

    @Override
    public void resetRequested() {
        data.resetRequested();
    }

    // ---- IPCP (Ipcp.Listener)

    @Override
    public void ipcpUp() {
        link.note("local  IP address " + Ipv4.format(link.localAddress()));
        link.note("remote IP address " + Ipv4.format(ipcp.peerAddress()));
        maybeOpen();
    }

    private void maybeOpen() {
        if (!(link.state() instanceof LinkState.Network n) || n.stage() == LinkState.Stage.OPEN || !ipcp.isOpened()) {
            return;
        }
        if (mppeRequired && !data.running()) {
            return;
        }
        link.moveTo(n.at(LinkState.Stage.OPEN));
        timers.opened(link.now);
        link.event(new PppLinkEvent.Opened(link.user, link.authMethod, mppeRequired ? data.description() : "none",
                link.localAddress(), ipcp.peerAddress(), link.lcp.peerMru()));
    }

    @Override
    public void ipcpDown() {
        closeNetwork();
    }

    @Override
    public void ipcpFinished() {
        if (link.state() instanceof LinkState.Network) {
            link.fail("No network protocols running");
        }
    }
}
