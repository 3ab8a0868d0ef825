package io.pptp2wg.ppp;

import java.nio.ByteBuffer;

/**
 * The PPP frame header as carried in a GRE payload (RFC 2637 §4.1: no HDLC flags, no FCS): the
 * Address and Control fields (RFC 1662 §3.1), absent under ACFC (RFC 1661 §6.6), then the Protocol
 * field (RFC 1661 §2), one octet under PFC (§6.5). Both forms are accepted on receive.
 */
public final class PppFrame {
    private PppFrame() {}

    /** RFC 1662 §3.1: the All-Stations address. */
    public static final int ADDRESS_ALL_STATIONS = 0xFF;
    /** RFC 1662 §3.1: Unnumbered Information with the P/F bit zero. */
    public static final int CONTROL_UI = 0x03;
    public static final int ADDRESS_CONTROL_LENGTH = 2;
    public static final int PROTOCOL_LENGTH = 2;
    public static final int COMPRESSED_PROTOCOL_LENGTH = 1;
    /** The longest header we write. */
    public static final int MAX_HEADER_LENGTH = ADDRESS_CONTROL_LENGTH + PROTOCOL_LENGTH;

    /** {@link #readHeader} result for a frame whose header is malformed. */
    public static final int MALFORMED = -1;

    /**
     * Reads the header and leaves the buffer positioned at the Information field. Returns the
     * protocol, or {@link #MALFORMED} (address without the UI control, missing or invalid protocol).
     */
    public static int readHeader(ByteBuffer frame) {
        int p = frame.position();
        int end = frame.limit();
        if (end - p >= ADDRESS_CONTROL_LENGTH && (frame.get(p) & 0xff) == ADDRESS_ALL_STATIONS) {
            if ((frame.get(p + 1) & 0xff) != CONTROL_UI) {
                return MALFORMED;
            }
            p += ADDRESS_CONTROL_LENGTH;
        }
        if (end - p < COMPRESSED_PROTOCOL_LENGTH) {
            return MALFORMED;
        }
        int first = frame.get(p) & 0xff;
        int protocol;
        if ((first & 1) == 1) {
            // RFC 1661 §2: an odd first octet is the whole (compressed) field
            protocol = first;
            p += COMPRESSED_PROTOCOL_LENGTH;
        } else {
            if (end - p < PROTOCOL_LENGTH) {
                return MALFORMED;
            }
            int second = frame.get(p + 1) & 0xff;
            if ((second & 1) == 0) {
                return MALFORMED; // the least significant octet of a Protocol field is always odd
            }
            protocol = (first << 8) | second;
            p += PROTOCOL_LENGTH;
        }
        frame.position(p);
        return protocol;
    }

    /**
     * Writes a header at {@code offset} and returns its length. LCP always gets the full header
     * (RFC 1661 §6.5, §6.6); others are compressed where the peer agreed and the protocol allows.
     */
    public static int writeHeader(byte[] out, int offset, int protocol, boolean acfc, boolean pfc) {
        int p = offset;
        boolean lcp = protocol == PppProtocol.LCP;
        if (!acfc || lcp) {
            out[p++] = (byte) ADDRESS_ALL_STATIONS;
            out[p++] = (byte) CONTROL_UI;
        }
        if (pfc && !lcp && protocol < 0x100) {
            out[p++] = (byte) protocol;
        } else {
            out[p++] = (byte) (protocol >> 8);
            out[p++] = (byte) protocol;
        }
        return p - offset;
    }

    /** The header length {@link #writeHeader} would produce. */
    public static int headerLength(int protocol, boolean acfc, boolean pfc) {
        boolean lcp = protocol == PppProtocol.LCP;
        return ((!acfc || lcp) ? ADDRESS_CONTROL_LENGTH : 0)
                + ((pfc && !lcp && protocol < 0x100) ? COMPRESSED_PROTOCOL_LENGTH : PROTOCOL_LENGTH);
    }
}
