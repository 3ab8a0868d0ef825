package io.pptp2wg.wireguard.tunnel;

/**
 * TEST AID: receives the secrets of each handshake so that a Wireshark "wg.keylog_file" can be written and a
 * capture decrypted. Never set in production (the gateway has no option for it): it hands out private keys.
 */
@FunctionalInterface
public interface KeyLog {
    void handshake(byte[] localStaticPrivate, byte[] remoteStaticPublic, byte[] localEphemeralPrivate, byte[] presharedKey);
}
