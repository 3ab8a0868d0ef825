package io.pptp2wg.pptp.gre;

import java.nio.ByteBuffer;

import static io.pptp2wg.pptp.gre.GreProtocol.ACK_LENGTH;
import static io.pptp2wg.pptp.gre.GreProtocol.BASE_HEADER_LENGTH;
import static io.pptp2wg.pptp.gre.GreProtocol.FLAG_ACK;
import static io.pptp2wg.pptp.gre.GreProtocol.FLAG_KEY;
import static io.pptp2wg.pptp.gre.GreProtocol.FLAG_SEQUENCE;
import static io.pptp2wg.pptp.gre.GreProtocol.MUST_BE_ZERO;
import static io.pptp2wg.pptp.gre.GreProtocol.PROTOCOL_PPP;
import static io.pptp2wg.pptp.gre.GreProtocol.SEQUENCE_LENGTH;
import static io.pptp2wg.pptp.gre.GreProtocol.VERSION_ENHANCED;
import static io.pptp2wg.pptp.gre.GreProtocol.VERSION_MASK;

/**
 * One parsed enhanced GRE header (RFC 2637 §4.1). Mutable and reused, so the hot path allocates
 * nothing: {@link #parse} fills it from a packet. Not thread-safe: one per thread.
 */
public final class GreHeader {
    private int flags;
    private int payloadLength;
    private int callId;
    private int sequence;
    private int ack;
    private int payloadOffset;

    /**
     * Parses the GRE packet in {@code packet} from its position to its limit (buffer unchanged).
     * Returns null when the header is valid, else why not. On success the payload is at
     * {@link #payloadOffset()} (absolute) for {@link #payloadLength()} octets.
     */
    public GreMalformed parse(ByteBuffer packet) {
        int base = packet.position();
        int available = packet.remaining();
        if (available < BASE_HEADER_LENGTH) {
            return GreMalformed.TRUNCATED;
        }
        flags = Short.toUnsignedInt(packet.getShort(base));
        if ((flags & VERSION_MASK) != VERSION_ENHANCED) {
            return GreMalformed.NOT_ENHANCED;
        }
        if (Short.toUnsignedInt(packet.getShort(base + 2)) != PROTOCOL_PPP) {
            return GreMalformed.NOT_PPP;
        }
        if ((flags & MUST_BE_ZERO) != 0 || (flags & FLAG_KEY) == 0) {
            return GreMalformed.BAD_FLAGS;
        }
        payloadLength = Short.toUnsignedInt(packet.getShort(base + 4));
        callId = Short.toUnsignedInt(packet.getShort(base + 6));
        int at = base + BASE_HEADER_LENGTH;
        int headerLength = BASE_HEADER_LENGTH + (hasSequence() ? SEQUENCE_LENGTH : 0) + (hasAck() ? ACK_LENGTH : 0);
        if (available < headerLength) {
            return GreMalformed.TRUNCATED;
        }
        if (hasSequence()) {
            sequence = packet.getInt(at);
            at += SEQUENCE_LENGTH;
        }
        if (hasAck()) {
            ack = packet.getInt(at);
            at += ACK_LENGTH;
        }
        if (!hasSequence() && !hasAck()) {
            return GreMalformed.EMPTY;
        }
        if (payloadLength > available - headerLength) {
            return GreMalformed.PAYLOAD_TRUNCATED;
        }
        if (payloadLength > 0 && !hasSequence()) {
            return GreMalformed.PAYLOAD_WITHOUT_SEQUENCE;
        }
        payloadOffset = at;
        return null;
    }

    public boolean hasSequence() {
        return (flags & FLAG_SEQUENCE) != 0;
    }

    public boolean hasAck() {
        return (flags & FLAG_ACK) != 0;
    }

    /** The Call ID in the key: the receiver's (our) Call ID, which demultiplexes calls. */
    public int callId() {
        return callId;
    }

    public int payloadLength() {
        return payloadLength;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public int sequence() {
        return sequence;
    }

    public int ack() {
        return ack;
    }

    /**
     * Writes a header at {@code out}'s position: K always, S when {@code payloadLength > 0}, A when
     * {@code withAck}. Returns the header length.
     */
    public static int write(ByteBuffer out, int peerCallId, int payloadLength, int sequence, boolean withAck, int ack) {
        boolean withSequence = payloadLength > 0;
        int flags = FLAG_KEY | VERSION_ENHANCED | (withSequence ? FLAG_SEQUENCE : 0) | (withAck ? FLAG_ACK : 0);
        int start = out.position();
        out.putShort((short) flags).putShort((short) PROTOCOL_PPP).putShort((short) payloadLength)
                .putShort((short) peerCallId);
        if (withSequence) {
            out.putInt(sequence);
        }
        if (withAck) {
            out.putInt(ack);
        }
        return out.position() - start;
    }
}
