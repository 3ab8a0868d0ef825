package io.pptp2wg.pptp.control;

import static io.pptp2wg.pptp.control.ControlProtocol.CALL_STATISTICS_LENGTH;
import static io.pptp2wg.pptp.control.ControlProtocol.HEADER_LENGTH;
import static io.pptp2wg.pptp.control.ControlProtocol.HOST_NAME_LENGTH;
import static io.pptp2wg.pptp.control.ControlProtocol.PHONE_NUMBER_LENGTH;
import static io.pptp2wg.pptp.control.ControlProtocol.SUBADDRESS_LENGTH;
import static io.pptp2wg.pptp.control.ControlProtocol.VENDOR_NAME_LENGTH;

import java.util.Optional;

/** RFC 2637 §2: the fifteen Control Message Types, each with its length derived from its fields. */
public enum MessageType {
    /** §2.1: version, reserved, framing, bearer, max channels, firmware, host name, vendor. */
    START_CONTROL_CONNECTION_REQUEST(1, 2 + 2 + 4 + 4 + 2 + 2 + HOST_NAME_LENGTH + VENDOR_NAME_LENGTH),
    /** §2.2: version, result, error, framing, bearer, max channels, firmware, host name, vendor. */
    START_CONTROL_CONNECTION_REPLY(2, 2 + 1 + 1 + 4 + 4 + 2 + 2 + HOST_NAME_LENGTH + VENDOR_NAME_LENGTH),
    /** §2.3: reason, reserved1, reserved2. */
    STOP_CONTROL_CONNECTION_REQUEST(3, 1 + 1 + 2),
    /** §2.4: result, error, reserved2. */
    STOP_CONTROL_CONNECTION_REPLY(4, 1 + 1 + 2),
    /** §2.5: identifier. */
    ECHO_REQUEST(5, 4),
    /** §2.6: identifier, result, error, reserved1. */
    ECHO_REPLY(6, 4 + 1 + 1 + 2),
    /** §2.7: call ID, serial, min/max BPS, bearer, framing, window, delay, phone length, reserved, phone, subaddress. */
    OUTGOING_CALL_REQUEST(7, 2 + 2 + 4 + 4 + 4 + 4 + 2 + 2 + 2 + 2 + PHONE_NUMBER_LENGTH + SUBADDRESS_LENGTH),
    /** §2.8: call ID, peer's call ID, result, error, cause, connect speed, window, delay, physical channel. */
    OUTGOING_CALL_REPLY(8, 2 + 2 + 1 + 1 + 2 + 4 + 2 + 2 + 4),
    /** §2.9: call ID, serial, bearer, physical channel, dialed/dialing lengths, dialed, dialing, subaddress. */
    INCOMING_CALL_REQUEST(9, 2 + 2 + 4 + 4 + 2 + 2 + PHONE_NUMBER_LENGTH + PHONE_NUMBER_LENGTH + SUBADDRESS_LENGTH),
    /** §2.10: call ID, peer's call ID, result, error, window, transmit delay, reserved. */
    INCOMING_CALL_REPLY(10, 2 + 2 + 1 + 1 + 2 + 2 + 2),
    /** §2.11: peer's call ID, reserved, connect speed, window, transmit delay, framing. */
    INCOMING_CALL_CONNECTED(11, 2 + 2 + 4 + 2 + 2 + 4),
    /** §2.12: call ID, reserved. */
    CALL_CLEAR_REQUEST(12, 2 + 2),
    /** §2.13: call ID, result, error, cause, reserved, call statistics. */
    CALL_DISCONNECT_NOTIFY(13, 2 + 1 + 1 + 2 + 2 + CALL_STATISTICS_LENGTH),
    /** §2.14: peer's call ID, reserved, six error counters. */
    WAN_ERROR_NOTIFY(14, 2 + 2 + 6 * 4),
    /** §2.15: peer's call ID, reserved, send ACCM, receive ACCM. */
    SET_LINK_INFO(15, 2 + 2 + 4 + 4);

    private static final MessageType[] BY_CODE = new MessageType[16];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final int length;

    MessageType(int code, int bodyLength) {
        this.code = code;
        this.length = HEADER_LENGTH + bodyLength;
    }

    /** The Control Message Type value on the wire. */
    public int code() {
        return code;
    }

    /** The whole message's length, header included (what the Length field says). */
    public int length() {
        return length;
    }

    public static Optional<MessageType> of(int code) {
        return code > 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }

    /** The longest message (Incoming-Call-Request): a frame decoder's cap. */
    public static final int MAX_LENGTH = java.util.Arrays.stream(values()).mapToInt(MessageType::length).max().orElseThrow();
}
