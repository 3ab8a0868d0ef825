package io.pptp2wg.wireguard.messages;

import io.pptp2wg.wireguard.crypto.ChaChaPoly;

/**
 * Transport data (whitepaper §5.4.6): type 4 | reserved | receiver index | counter (64-bit LE) | encrypted
 * packet. The packet is zero-padded to a multiple of 16 bytes before encryption; an empty packet is a keepalive.
 */
public final class TransportData {
    private TransportData() {
    }

    public static final int RECEIVER = MessageType.FIELD_LEN;
    public static final int COUNTER = RECEIVER + 4;
    public static final int PACKET = COUNTER + 8;
    /** 16: header before the encrypted packet. */
    public static final int HEADER_SIZE = PACKET;
    /** 32: a keepalive (header + the tag of an empty packet). */
    public static final int MIN_SIZE = HEADER_SIZE + ChaChaPoly.TAG_LEN;
    public static final int KEEPALIVE_SIZE = MIN_SIZE;
    public static final int PADDING_MULTIPLE = 16;

    /** The plaintext length after padding to 16 bytes. */
    public static int paddedLength(int packetLength) {
        return (packetLength + PADDING_MULTIPLE - 1) & -PADDING_MULTIPLE;
    }

    /** The whole message's length for an IP packet of {@code packetLength} bytes. */
    public static int messageLength(int packetLength) {
        return HEADER_SIZE + ChaChaPoly.sealedLength(paddedLength(packetLength));
    }
}
