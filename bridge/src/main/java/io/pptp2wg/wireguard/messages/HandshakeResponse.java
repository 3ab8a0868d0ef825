package io.pptp2wg.wireguard.messages;

import io.pptp2wg.wireguard.crypto.Blake2s;
import io.pptp2wg.wireguard.crypto.ChaChaPoly;
import io.pptp2wg.wireguard.noise.IKpsk2;

/**
 * Handshake response (whitepaper §5.4.3): type 2 | reserved | sender index | receiver index | unencrypted
 * ephemeral | encrypted nothing | mac1 | mac2.
 */
public final class HandshakeResponse {
    private HandshakeResponse() {
    }

    public static final int SENDER = MessageType.FIELD_LEN;
    public static final int RECEIVER = SENDER + 4;
    public static final int EPHEMERAL = RECEIVER + 4;
    public static final int ENCRYPTED_NOTHING = EPHEMERAL + IKpsk2.DH_LEN;
    public static final int MAC1 = ENCRYPTED_NOTHING + ChaChaPoly.sealedLength(0);
    public static final int MAC2 = MAC1 + Blake2s.MAC_LEN;
    /** 92. */
    public static final int SIZE = MAC2 + Blake2s.MAC_LEN;
    public static final int NOISE_LENGTH = MAC1 - EPHEMERAL;
}
