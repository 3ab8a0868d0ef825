package io.pptp2wg.ppp;

import io.pptp2wg.ppp.lcp.Lcp;

import java.nio.ByteBuffer;

/**
 * A started link's frames from the peer, each to the protocol it is for (RFC 1661 §2; the header as LCP's ACFC and
 * PFC allow, §6.5, §6.6): MPPE and IP to the network phase, read in place (the hot path: the caller's buffer, its
 * position restored); LCP, PAP/CHAP, CCP and IPCP as a view of their information field; any other protocol
 * Protocol-Rejected once LCP is open (§5.7), dropped before. Length and header are checked first; every drop is
 * counted.
 */
final class FrameDemux {
    /** Where PAP and CHAP packets go: the link's role (it authenticates, or is authenticated). */
    interface Authentication {
        void receive(int protocol, ByteBuffer packet);
    }

    private final Lcp lcp;
    private final NetworkPhase network;
    private final Authentication authentication;
    private final LinkLog log;
    /** The largest frame taken from the peer. */
    private final int maxFrame;

    FrameDemux(Lcp lcp, NetworkPhase network, Authentication authentication, LinkLog log, int maxFrame) {
        this.lcp = lcp;
        this.network = network;
        this.authentication = authentication;
        this.log = log;
        this.maxFrame = maxFrame;
    }

    void receive(ByteBuffer frame, long nowNanos) {
        if (frame.remaining() > maxFrame) {
            log.drop(PppCounters.Drop.FRAME_TOO_LONG, "frame of " + frame.remaining() + " bytes exceeds " + maxFrame);
            return;
        }
        int frameStart = frame.position();
        int protocol = PppFrame.readHeader(frame);
        int infoStart = frame.position();
        frame.position(frameStart);
        if (protocol == PppFrame.MALFORMED) {
            log.drop(PppCounters.Drop.MALFORMED_FRAME, "malformed PPP header in a " + frame.remaining() + "-byte frame");
            return;
        }
        if (protocol == PppProtocol.COMPRESSED_DATAGRAM) {
            network.receiveEncrypted(frame, infoStart);
            return;
        }
        if (protocol == PppProtocol.IP) {
            network.receivePlainIp(frame, infoStart);
            return;
        }
        ByteBuffer f = frame.duplicate().position(infoStart);
        log.packet("rcvd", protocol, f);
        switch (protocol) {
            case PppProtocol.LCP -> lcp.receive(f, nowNanos);
            case PppProtocol.PAP, PppProtocol.CHAP -> authentication.receive(protocol, f);
            case PppProtocol.CCP -> network.receiveCcp(f, nowNanos);
            case PppProtocol.IPCP -> network.receiveIpcp(f, nowNanos);
            default -> {
                if (lcp.isOpened()) {
                    log.drop(PppCounters.Drop.PROTOCOL_REJECTED, "protocol " + PppProtocol.name(protocol) + " rejected");
                    lcp.sendProtocolReject(protocol, f);
                } else {
                    log.drop(PppCounters.Drop.OUT_OF_PHASE, "protocol " + PppProtocol.name(protocol) + " before LCP is open");
                }
            }
        }
    }
}
