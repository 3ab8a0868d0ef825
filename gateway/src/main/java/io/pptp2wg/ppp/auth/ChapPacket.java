package io.pptp2wg.ppp.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * CHAP packets (RFC 1994 §4; MS-CHAP uses the same layout, RFC 2433 §3, RFC 2759 §4): Code,
 * Identifier, Length, then Value-Size, Value, Name (Challenge, Response) or a Message (Success, Failure).
 */
public final class ChapPacket {
    private ChapPacket() {}

    public static final int CHALLENGE = 1;
    public static final int RESPONSE = 2;
    public static final int SUCCESS = 3;
    public static final int FAILURE = 4;
    public static final int HEADER_LENGTH = 4;
    public static final int VALUE_SIZE_LENGTH = 1;
    /** Longest name we accept from a peer (RFC 1994 leaves it to the packet length; pppd caps at 256). */
    public static final int MAX_NAME_LENGTH = 255;

    /** A parsed Response. */
    public record Response(int id, byte[] value, String name) {}

    /**
     * Parses a Response; null when it is not one or is malformed (lengths checked before reading).
     * {@code expectedValueSize} must match exactly.
     */
    public static Response parseResponse(ByteBuffer packet, int expectedValueSize) {
        int p = packet.position();
        int available = packet.remaining();
        if (available < HEADER_LENGTH + VALUE_SIZE_LENGTH) {
            return null;
        }
        int code = packet.get(p) & 0xff;
        int id = packet.get(p + 1) & 0xff;
        int length = packet.getShort(p + 2) & 0xffff;
        if (code != RESPONSE || length < HEADER_LENGTH + VALUE_SIZE_LENGTH || length > available) {
            return null;
        }
        int valueSize = packet.get(p + HEADER_LENGTH) & 0xff;
        int nameOffset = HEADER_LENGTH + VALUE_SIZE_LENGTH + valueSize;
        if (valueSize != expectedValueSize || nameOffset > length || length - nameOffset > MAX_NAME_LENGTH) {
            return null;
        }
        byte[] value = new byte[valueSize];
        packet.get(p + HEADER_LENGTH + VALUE_SIZE_LENGTH, value);
        byte[] name = new byte[length - nameOffset];
        packet.get(p + nameOffset, name);
        return new Response(id, value, new String(name, StandardCharsets.UTF_8));
    }

    /** Writes a Challenge (or Response) packet. */
    public static ByteBuffer challenge(int code, int id, byte[] value, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int length = HEADER_LENGTH + VALUE_SIZE_LENGTH + value.length + n.length;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put((byte) code).put((byte) id).putShort((short) length).put((byte) value.length).put(value).put(n);
        return b.flip();
    }

    /** Writes a Success or Failure packet with a text message. */
    public static ByteBuffer message(int code, int id, String message) {
        byte[] m = message.getBytes(StandardCharsets.US_ASCII);
        int length = HEADER_LENGTH + m.length;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put((byte) code).put((byte) id).putShort((short) length).put(m);
        return b.flip();
    }

    public static String codeName(int code) {
        return switch (code) {
            case CHALLENGE -> "Challenge";
            case RESPONSE -> "Response";
            case SUCCESS -> "Success";
            case FAILURE -> "Failure";
            default -> "code=0x" + Integer.toHexString(code);
        };
    }
}
