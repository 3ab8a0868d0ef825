package io.pptp2wg.pptp.control;

import io.pptp2wg.pptp.control.ControlMessage.CallClearRequest;
import io.pptp2wg.pptp.control.ControlMessage.CallDisconnectNotify;
import io.pptp2wg.pptp.control.ControlMessage.EchoReply;
import io.pptp2wg.pptp.control.ControlMessage.EchoRequest;
import io.pptp2wg.pptp.control.ControlMessage.IncomingCallConnected;
import io.pptp2wg.pptp.control.ControlMessage.IncomingCallReply;
import io.pptp2wg.pptp.control.ControlMessage.IncomingCallRequest;
import io.pptp2wg.pptp.control.ControlMessage.OutgoingCallReply;
import io.pptp2wg.pptp.control.ControlMessage.OutgoingCallRequest;
import io.pptp2wg.pptp.control.ControlMessage.SetLinkInfo;
import io.pptp2wg.pptp.control.ControlMessage.StartControlConnectionReply;
import io.pptp2wg.pptp.control.ControlMessage.StartControlConnectionRequest;
import io.pptp2wg.pptp.control.ControlMessage.StopControlConnectionReply;
import io.pptp2wg.pptp.control.ControlMessage.StopControlConnectionRequest;
import io.pptp2wg.pptp.control.ControlMessage.WanErrorNotify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static io.pptp2wg.pptp.control.ControlProtocol.CALL_STATISTICS_LENGTH;
import static io.pptp2wg.pptp.control.ControlProtocol.HEADER_LENGTH;
import static io.pptp2wg.pptp.control.ControlProtocol.HOST_NAME_LENGTH;
import static io.pptp2wg.pptp.control.ControlProtocol.MAGIC_COOKIE;
import static io.pptp2wg.pptp.control.ControlProtocol.PHONE_NUMBER_LENGTH;
import static io.pptp2wg.pptp.control.ControlProtocol.PPTP_MESSAGE_TYPE_CONTROL;
import static io.pptp2wg.pptp.control.ControlProtocol.SUBADDRESS_LENGTH;
import static io.pptp2wg.pptp.control.ControlProtocol.VENDOR_NAME_LENGTH;

/** Bytes ⇄ {@link ControlMessage}, RFC 2637 §2. Checks every length before reading; never throws on input. */
public final class ControlCodec {
    private ControlCodec() {}

    /** The outcome of decoding one frame: a message, or why it was refused. */
    public sealed interface Decoded {
        record Ok(ControlMessage message) implements Decoded {}

        record Refused(Malformed reason, String detail) implements Decoded {}
    }

    /** The message length a frame announces (its first two octets), or -1 if fewer than two are there. */
    public static int announcedLength(ByteBuffer buf) {
        return buf.remaining() < 2 ? -1 : Short.toUnsignedInt(buf.getShort(buf.position()));
    }

    /**
     * Decodes exactly one message occupying {@code frame}'s remaining bytes; the buffer's position is
     * not changed. Octets beyond the type's fixed fields (up to the announced length) are ignored.
     */
    public static Decoded decode(ByteBuffer frame) {
        int base = frame.position();
        int available = frame.remaining();
        if (available < HEADER_LENGTH) {
            return refused(Malformed.TRUNCATED_HEADER, available + " octets");
        }
        int length = Short.toUnsignedInt(frame.getShort(base));
        if (length != available || length < HEADER_LENGTH || length > MessageType.MAX_LENGTH) {
            return refused(Malformed.BAD_LENGTH, "length " + length + ", frame " + available);
        }
        int pptpType = Short.toUnsignedInt(frame.getShort(base + 2));
        if (pptpType != PPTP_MESSAGE_TYPE_CONTROL) {
            return refused(Malformed.NOT_CONTROL_MESSAGE, "PPTP message type " + pptpType);
        }
        int magic = frame.getInt(base + 4);
        if (magic != MAGIC_COOKIE) {
            return refused(Malformed.BAD_MAGIC_COOKIE, String.format("magic 0x%08x", magic));
        }
        int code = Short.toUnsignedInt(frame.getShort(base + 8));
        Optional<MessageType> type = MessageType.of(code);
        if (type.isEmpty()) {
            return refused(Malformed.UNKNOWN_TYPE, "control message type " + code);
        }
        if (length < type.get().length()) {
            return refused(Malformed.SHORT_FOR_TYPE, type.get() + " needs " + type.get().length() + ", got " + length);
        }
        return new Decoded.Ok(body(type.get(), new Reader(frame, base + HEADER_LENGTH)));
    }

    private static Decoded refused(Malformed reason, String detail) {
        return new Decoded.Refused(reason, detail);
    }

    private static ControlMessage body(MessageType type, Reader r) {
        return switch (type) {
            case START_CONTROL_CONNECTION_REQUEST -> {
                int version = r.u16();
                r.skip(2);
                yield new StartControlConnectionRequest(version, r.i32(), r.i32(), r.u16(), r.u16(),
                        r.text(HOST_NAME_LENGTH), r.text(VENDOR_NAME_LENGTH));
            }
            case START_CONTROL_CONNECTION_REPLY -> new StartControlConnectionReply(r.u16(), r.u8(), r.u8(), r.i32(),
                    r.i32(), r.u16(), r.u16(), r.text(HOST_NAME_LENGTH), r.text(VENDOR_NAME_LENGTH));
            case STOP_CONTROL_CONNECTION_REQUEST -> new StopControlConnectionRequest(r.u8());
            case STOP_CONTROL_CONNECTION_REPLY -> new StopControlConnectionReply(r.u8(), r.u8());
            case ECHO_REQUEST -> new EchoRequest(r.i32());
            case ECHO_REPLY -> new EchoReply(r.i32(), r.u8(), r.u8());
            case OUTGOING_CALL_REQUEST -> {
                int callId = r.u16();
                int serial = r.u16();
                long min = r.u32();
                long max = r.u32();
                int bearer = r.i32();
                int framing = r.i32();
                int window = r.u16();
                int delay = r.u16();
                int phoneLength = Math.min(r.u16(), PHONE_NUMBER_LENGTH);
                r.skip(2);
                String phone = r.text(PHONE_NUMBER_LENGTH);
                yield new OutgoingCallRequest(callId, serial, min, max, bearer, framing, window, delay,
                        phone.length() > phoneLength ? phone.substring(0, phoneLength) : phone, r.text(SUBADDRESS_LENGTH));
            }
            case OUTGOING_CALL_REPLY -> new OutgoingCallReply(r.u16(), r.u16(), r.u8(), r.u8(), r.u16(), r.u32(),
                    r.u16(), r.u16(), r.i32());
            case INCOMING_CALL_REQUEST -> {
                int callId = r.u16();
                int serial = r.u16();
                int bearer = r.i32();
                int channel = r.i32();
                r.skip(4); // the dialed and dialing number lengths; the zero padding is what counts
                yield new IncomingCallRequest(callId, serial, bearer, channel, r.text(PHONE_NUMBER_LENGTH),
                        r.text(PHONE_NUMBER_LENGTH), r.text(SUBADDRESS_LENGTH));
            }
            case INCOMING_CALL_REPLY -> new IncomingCallReply(r.u16(), r.u16(), r.u8(), r.u8(), r.u16(), r.u16());
            case INCOMING_CALL_CONNECTED -> {
                int peer = r.u16();
                r.skip(2);
                yield new IncomingCallConnected(peer, r.u32(), r.u16(), r.u16(), r.i32());
            }
            case CALL_CLEAR_REQUEST -> new CallClearRequest(r.u16());
            case CALL_DISCONNECT_NOTIFY -> {
                int callId = r.u16();
                int result = r.u8();
                int error = r.u8();
                int cause = r.u16();
                r.skip(2);
                yield new CallDisconnectNotify(callId, result, error, cause, r.text(CALL_STATISTICS_LENGTH));
            }
            case WAN_ERROR_NOTIFY -> {
                int peer = r.u16();
                r.skip(2);
                yield new WanErrorNotify(peer, r.u32(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32());
            }
            case SET_LINK_INFO -> {
                int peer = r.u16();
                r.skip(2);
                yield new SetLinkInfo(peer, r.i32(), r.i32());
            }
        };
    }

    /** Encodes a message into a new buffer of exactly its length, positioned at 0. */
    public static ByteBuffer encode(ControlMessage message) {
        MessageType type = message.type();
        ByteBuffer b = ByteBuffer.allocate(type.length());
        b.putShort((short) type.length()).putShort((short) PPTP_MESSAGE_TYPE_CONTROL).putInt(MAGIC_COOKIE)
                .putShort((short) type.code()).putShort((short) 0);
        switch (message) {
            case StartControlConnectionRequest m -> {
                b.putShort((short) m.protocolVersion()).putShort((short) 0).putInt(m.framingCapabilities())
                        .putInt(m.bearerCapabilities()).putShort((short) m.maximumChannels())
                        .putShort((short) m.firmwareRevision());
                text(b, m.hostName(), HOST_NAME_LENGTH);
                text(b, m.vendorName(), VENDOR_NAME_LENGTH);
            }
            case StartControlConnectionReply m -> {
                b.putShort((short) m.protocolVersion()).put((byte) m.resultCode()).put((byte) m.errorCode())
                        .putInt(m.framingCapabilities()).putInt(m.bearerCapabilities())
                        .putShort((short) m.maximumChannels()).putShort((short) m.firmwareRevision());
                text(b, m.hostName(), HOST_NAME_LENGTH);
                text(b, m.vendorName(), VENDOR_NAME_LENGTH);
            }
            case StopControlConnectionRequest m -> b.put((byte) m.reason()).put((byte) 0).putShort((short) 0);
            case StopControlConnectionReply m -> b.put((byte) m.resultCode()).put((byte) m.errorCode()).putShort((short) 0);
            case EchoRequest m -> b.putInt(m.identifier());
            case EchoReply m -> b.putInt(m.identifier()).put((byte) m.resultCode()).put((byte) m.errorCode())
                    .putShort((short) 0);
            case OutgoingCallRequest m -> {
                b.putShort((short) m.callId()).putShort((short) m.callSerialNumber()).putInt((int) m.minimumBps())
                        .putInt((int) m.maximumBps()).putInt(m.bearerType()).putInt(m.framingType())
                        .putShort((short) m.packetRecvWindowSize()).putShort((short) m.packetProcessingDelay())
                        .putShort((short) Math.min(ascii(m.phoneNumber()).length, PHONE_NUMBER_LENGTH))
                        .putShort((short) 0);
                text(b, m.phoneNumber(), PHONE_NUMBER_LENGTH);
                text(b, m.subaddress(), SUBADDRESS_LENGTH);
            }
            case OutgoingCallReply m -> b.putShort((short) m.callId()).putShort((short) m.peerCallId())
                    .put((byte) m.resultCode()).put((byte) m.errorCode()).putShort((short) m.causeCode())
                    .putInt((int) m.connectSpeed()).putShort((short) m.packetRecvWindowSize())
                    .putShort((short) m.packetProcessingDelay()).putInt(m.physicalChannelId());
            case IncomingCallRequest m -> {
                b.putShort((short) m.callId()).putShort((short) m.callSerialNumber()).putInt(m.callBearerType())
                        .putInt(m.physicalChannelId())
                        .putShort((short) Math.min(ascii(m.dialedNumber()).length, PHONE_NUMBER_LENGTH))
                        .putShort((short) Math.min(ascii(m.dialingNumber()).length, PHONE_NUMBER_LENGTH));
                text(b, m.dialedNumber(), PHONE_NUMBER_LENGTH);
                text(b, m.dialingNumber(), PHONE_NUMBER_LENGTH);
                text(b, m.subaddress(), SUBADDRESS_LENGTH);
            }
            case IncomingCallReply m -> b.putShort((short) m.callId()).putShort((short) m.peerCallId())
                    .put((byte) m.resultCode()).put((byte) m.errorCode()).putShort((short) m.packetRecvWindowSize())
                    .putShort((short) m.packetTransmitDelay()).putShort((short) 0);
            case IncomingCallConnected m -> b.putShort((short) m.peerCallId()).putShort((short) 0)
                    .putInt((int) m.connectSpeed()).putShort((short) m.packetRecvWindowSize())
                    .putShort((short) m.packetTransmitDelay()).putInt(m.framingType());
            case CallClearRequest m -> b.putShort((short) m.callId()).putShort((short) 0);
            case CallDisconnectNotify m -> {
                b.putShort((short) m.callId()).put((byte) m.resultCode()).put((byte) m.errorCode())
                        .putShort((short) m.causeCode()).putShort((short) 0);
                text(b, m.callStatistics(), CALL_STATISTICS_LENGTH);
            }
            case WanErrorNotify m -> b.putShort((short) m.peerCallId()).putShort((short) 0).putInt((int) m.crcErrors())
                    .putInt((int) m.framingErrors()).putInt((int) m.hardwareOverruns()).putInt((int) m.bufferOverruns())
                    .putInt((int) m.timeoutErrors()).putInt((int) m.alignmentErrors());
            case SetLinkInfo m -> b.putShort((short) m.peerCallId()).putShort((short) 0).putInt(m.sendAccm())
                    .putInt(m.receiveAccm());
        }
        return b.flip();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A zero-padded ASCII field; longer text is cut so that one zero octet always ends it. */
    private static void text(ByteBuffer b, String s, int width) {
        byte[] bytes = ascii(s);
        int n = Math.min(bytes.length, width - 1);
        b.put(bytes, 0, n);
        for (int i = n; i < width; i++) {
            b.put((byte) 0);
        }
    }

    /** Absolute reads from a frame whose length has been checked. */
    private static final class Reader {
        private final ByteBuffer b;
        private int at;

        Reader(ByteBuffer b, int at) {
            this.b = b;
            this.at = at;
        }

        int u8() {
            return Byte.toUnsignedInt(b.get(at++));
        }

        int u16() {
            int v = Short.toUnsignedInt(b.getShort(at));
            at += 2;
            return v;
        }

        int i32() {
            int v = b.getInt(at);
            at += 4;
            return v;
        }

        long u32() {
            return Integer.toUnsignedLong(i32());
        }

        void skip(int n) {
            at += n;
        }

        /** Up to the first zero octet; unprintable octets become '?', so the text is safe to log. */
        String text(int width) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < width; i++) {
                int c = Byte.toUnsignedInt(b.get(at + i));
                if (c == 0) {
                    break;
                }
                sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
            }
            at += width;
            return sb.toString();
        }
    }
}
