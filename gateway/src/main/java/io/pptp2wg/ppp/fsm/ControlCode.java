package io.pptp2wg.ppp.fsm;

/**
 * Packet codes of the PPP control protocols: RFC 1661 §5 (1..11, LCP uses all, NCPs 1..7),
 * RFC 1570 §2 (12, 13) and RFC 1962 §2.2 (CCP 14, 15).
 */
public final class ControlCode {
    private ControlCode() {}

    public static final int CONFIGURE_REQUEST = 1;
    public static final int CONFIGURE_ACK = 2;
    public static final int CONFIGURE_NAK = 3;
    public static final int CONFIGURE_REJECT = 4;
    public static final int TERMINATE_REQUEST = 5;
    public static final int TERMINATE_ACK = 6;
    public static final int CODE_REJECT = 7;
    public static final int PROTOCOL_REJECT = 8;
    public static final int ECHO_REQUEST = 9;
    public static final int ECHO_REPLY = 10;
    public static final int DISCARD_REQUEST = 11;
    /** RFC 1570 §2.1: Identification (Windows sends it); accepted and ignored, as pppd does. */
    public static final int IDENTIFICATION = 12;
    /** RFC 1570 §2.2: Time-Remaining; accepted and ignored. */
    public static final int TIME_REMAINING = 13;
    /** RFC 1962 §2.2: CCP Reset-Request. */
    public static final int RESET_REQUEST = 14;
    /** RFC 1962 §2.2: CCP Reset-Ack. */
    public static final int RESET_ACK = 15;

    /** RFC 1661 §5: Code, Identifier and Length. */
    public static final int HEADER_LENGTH = 1 + 1 + 2;

    /** pppd's names, for debug lines. */
    public static String name(int code) {
        return switch (code) {
            case CONFIGURE_REQUEST -> "ConfReq";
            case CONFIGURE_ACK -> "ConfAck";
            case CONFIGURE_NAK -> "ConfNak";
            case CONFIGURE_REJECT -> "ConfRej";
            case TERMINATE_REQUEST -> "TermReq";
            case TERMINATE_ACK -> "TermAck";
            case CODE_REJECT -> "CodeRej";
            case PROTOCOL_REJECT -> "ProtRej";
            case ECHO_REQUEST -> "EchoReq";
            case ECHO_REPLY -> "EchoRep";
            case DISCARD_REQUEST -> "DiscReq";
            case IDENTIFICATION -> "Ident";
            case TIME_REMAINING -> "TimeRem";
            case RESET_REQUEST -> "ResetReq";
            case RESET_ACK -> "ResetAck";
            default -> "code=0x" + Integer.toHexString(code);
        };
    }
}
