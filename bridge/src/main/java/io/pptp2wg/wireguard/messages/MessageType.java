package io.pptp2wg.wireguard.messages;

/**
 * The first four bytes of every message (whitepaper §5.4.2-§5.4.6): a type byte and three reserved zero
 * bytes, read as one little-endian 32-bit value, so a non-zero reserved byte is an unknown type (as in the
 * kernel and wireguard-go).
 */
public enum MessageType {
    HANDSHAKE_INITIATION(1, HandshakeInitiation.SIZE),
    HANDSHAKE_RESPONSE(2, HandshakeResponse.SIZE),
    COOKIE_REPLY(3, CookieReply.SIZE),
    TRANSPORT_DATA(4, TransportData.MIN_SIZE);

    /** Type byte plus three reserved bytes. */
    public static final int FIELD_LEN = 4;

    public final int wireValue;
    /** Exact size (handshake and cookie messages) or minimum size (transport data). */
    public final int size;

    MessageType(int wireValue, int size) {
        this.wireValue = wireValue;
        this.size = size;
    }

    /** The type of a message whose first four bytes (little-endian) are {@code field}, or null. */
    public static MessageType of(int field) {
        return switch (field) {
            case 1 -> HANDSHAKE_INITIATION;
            case 2 -> HANDSHAKE_RESPONSE;
            case 3 -> COOKIE_REPLY;
            case 4 -> TRANSPORT_DATA;
            default -> null;
        };
    }
}
