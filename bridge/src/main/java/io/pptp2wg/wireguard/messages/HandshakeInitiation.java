package io.pptp2wg.wireguard.messages;

import io.pptp2wg.wireguard.crypto.Blake2s;
import io.pptp2wg.wireguard.crypto.ChaChaPoly;
import io.pptp2wg.wireguard.noise.IKpsk2;

/**
 * Handshake initiation (whitepaper §5.4.2): type 1 | reserved | sender index | unencrypted ephemeral |
 * encrypted static | encrypted timestamp | mac1 | mac2. Offsets into the message, sizes derived from parts.
 */
public final class HandshakeInitiation {
    private HandshakeInitiation() {
    }

    public static final int SENDER = MessageType.FIELD_LEN;
    public static final int EPHEMERAL = SENDER + 4;
    public static final int ENCRYPTED_STATIC = EPHEMERAL + IKpsk2.DH_LEN;
    public static final int ENCRYPTED_TIMESTAMP = ENCRYPTED_STATIC + ChaChaPoly.sealedLength(IKpsk2.DH_LEN);
    public static final int MAC1 = ENCRYPTED_TIMESTAMP + ChaChaPoly.sealedLength(Tai64n.LENGTH);
    public static final int MAC2 = MAC1 + Blake2s.MAC_LEN;
    /** 148. */
    public static final int SIZE = MAC2 + Blake2s.MAC_LEN;
    /** The Noise message A (ephemeral .. encrypted timestamp). */
    public static final int NOISE_LENGTH = MAC1 - EPHEMERAL;
}
