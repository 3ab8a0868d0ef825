package io.pptp2wg.gateway;

import java.nio.ByteBuffer;

/**
 * The gateway's own answers to one session's client: a DHCPACK to its DHCPINFORM, an echo reply to a ping of the
 * gateway's tunnel address. Built in the loop's scratch buffer while the PPP link delivers the request, and handed
 * back by {@link #drain} once the link has returned, so the reply never re-enters it. One at a time, on the loop.
 */
final class LocalReplies {
    private final PptpGateway gateway;
    private final byte[] scratch;
    /** The kept reply's length in {@link #scratch}; 0 = none. */
    private int pendingLength;
    private SessionCounter pendingCounter;

    LocalReplies(PptpGateway gateway, byte[] scratch) {
        this.gateway = gateway;
        this.scratch = scratch;
    }

    /**
     * Whether {@code ip} was for the gateway itself and so is answered (or dropped, counted) here, never relayed.
     * DHCP to the gateway (broadcast, as Windows sends its DHCPINFORM, or to its address) goes back to this session
     * only; the gateway's tunnel address answers pings with or without a bridge, as the old host's kernel did.
     */
    boolean answer(ByteBuffer ip, int tunnelAddress, Object who) {
        if (gateway.dhcp().isForServer(ip)) {
            int n = gateway.dhcp().answer(ip, tunnelAddress, scratch, who);
            if (n > 0) {
                keep(n, SessionCounter.DHCP_ACKS);
            }
            return true;
        }
        if (EchoResponder.isForLocal(ip, gateway.localAddress())) {
            io.pptp2wg.session.Uplink uplink = gateway.uplink();
            if (uplink != null && uplink.takesLocal(ip)) {
                return false; // the host's own service on this address (the self-service page), behind the uplink
            }
            keep(EchoResponder.reply(ip, gateway.localAddress(), scratch), SessionCounter.ECHO_REPLIES);
            return true;
        }
        return false;
    }

    /** Keeps a reply of {@code n} octets (-1: none) for {@link #drain}; a second one before it is dropped. */
    private void keep(int n, SessionCounter counter) {
        if (n <= 0 || pendingLength != 0) {
            gateway.stats().increment(SessionCounter.LOCAL_DROPS);
            return;
        }
        pendingLength = n;
        pendingCounter = counter;
    }

    /** The kept reply, counted, if {@code send} (the session is up); else it is forgotten. Null when none is kept. */
    ByteBuffer drain(boolean send) {
        int n = pendingLength;
        pendingLength = 0;
        if (n == 0 || !send) {
            return null;
        }
        gateway.stats().increment(pendingCounter);
        return ByteBuffer.wrap(scratch, 0, n);
    }
}
