package io.pptp2wg.wireguard.device;

import java.net.InetSocketAddress;

/** Where a {@link Device}'s output goes; bytes are valid only during the call. */
public interface DeviceSink {
    /** A WireGuard message to send from our one UDP socket to {@code endpoint}. */
    void toNetwork(InetSocketAddress endpoint, byte[] message, int offset, int length);

    /** A decrypted IP packet that arrived on {@code identity} (the relay checks it belongs to that identity). */
    void toTunnel(Identity identity, byte[] ipPacket, int offset, int length);
}
