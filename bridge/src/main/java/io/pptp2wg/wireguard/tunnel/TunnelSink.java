package io.pptp2wg.wireguard.tunnel;

import java.net.InetSocketAddress;

/**
 * Where a tunnel's output goes. The bytes are only valid during the call (they live in a scratch buffer):
 * copy them. Implementations may call back into the tunnel's owner (the relay may send a reply from
 * {@link #toTunnel}).
 */
public interface TunnelSink {
    /** A WireGuard message to send over UDP to {@code endpoint}. */
    void toNetwork(InetSocketAddress endpoint, byte[] message, int offset, int length);

    /** A decrypted, authenticated IP packet from the peer (cryptokey routing is the receiver's job). */
    void toTunnel(byte[] ipPacket, int offset, int length);
}
