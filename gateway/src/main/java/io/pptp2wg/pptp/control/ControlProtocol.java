package io.pptp2wg.pptp.control;

/**
 * RFC 2637 §2 constants: the control message header, field sizes, and the codes the messages carry.
 * Every value cites the section that defines it; message lengths are derived from their fields in
 * {@link MessageType}.
 */
public final class ControlProtocol {
    private ControlProtocol() {}

    /** §1.4: the TCP port of the control connection. */
    public static final int TCP_PORT = 1723;

    /** §2 header: Length(2) + PPTP Message Type(2) + Magic Cookie(4) + Control Message Type(2) + Reserved0(2). */
    public static final int HEADER_LENGTH = 2 + 2 + 4 + 2 + 2;
    /** §2: PPTP Message Type 1 = Control Message (2 = Management Message, never used). */
    public static final int PPTP_MESSAGE_TYPE_CONTROL = 1;
    /** §2: the Magic Cookie every control message carries. */
    public static final int MAGIC_COOKIE = 0x1A2B3C4D;
    /** §2.1: Protocol Version 1.0 (high octet version, low octet revision). */
    public static final int PROTOCOL_VERSION = 0x0100;

    /** §2.1: Host Name and Vendor Name, 64 octets each, zero padded. */
    public static final int HOST_NAME_LENGTH = 64;
    public static final int VENDOR_NAME_LENGTH = 64;
    /** §2.7: Phone Number and Subaddress, 64 octets each. */
    public static final int PHONE_NUMBER_LENGTH = 64;
    public static final int SUBADDRESS_LENGTH = 64;
    /** §2.13: Call Statistics, 128 octets. */
    public static final int CALL_STATISTICS_LENGTH = 128;

    /** §2.1 Framing Capabilities: 1 = asynchronous, 2 = synchronous. */
    public static final int FRAMING_ASYNC = 1;
    public static final int FRAMING_SYNC = 2;
    /** §2.1 Bearer Capabilities: 1 = analog, 2 = digital. */
    public static final int BEARER_ANALOG = 1;
    public static final int BEARER_DIGITAL = 2;

    /** §2.2 Start-Control-Connection-Reply Result Code. */
    public static final int SCCRP_SUCCESS = 1;
    public static final int SCCRP_GENERAL_ERROR = 2;
    public static final int SCCRP_CHANNEL_EXISTS = 3;
    public static final int SCCRP_NOT_AUTHORIZED = 4;
    public static final int SCCRP_BAD_VERSION = 5;

    /** §2.3 Stop-Control-Connection-Request Reason. */
    public static final int STOP_REASON_NONE = 1;
    public static final int STOP_REASON_STOP_PROTOCOL = 2;
    public static final int STOP_REASON_LOCAL_SHUTDOWN = 3;

    /** §2.4 Stop-Control-Connection-Reply and §2.6 Echo-Reply Result Code. */
    public static final int RESULT_OK = 1;
    public static final int RESULT_GENERAL_ERROR = 2;

    /** §2.8 Outgoing-Call-Reply Result Code. */
    public static final int OCRP_CONNECTED = 1;
    public static final int OCRP_GENERAL_ERROR = 2;
    public static final int OCRP_NO_CARRIER = 3;
    public static final int OCRP_BUSY = 4;
    public static final int OCRP_NO_DIAL_TONE = 5;
    public static final int OCRP_TIME_OUT = 6;
    public static final int OCRP_DO_NOT_ACCEPT = 7;

    /** §2.10 Incoming-Call-Reply Result Code. */
    public static final int ICRP_CONNECT = 1;
    public static final int ICRP_GENERAL_ERROR = 2;
    public static final int ICRP_DO_NOT_ACCEPT = 3;

    /** §2.13 Call-Disconnect-Notify Result Code. */
    public static final int CDN_LOST_CARRIER = 1;
    public static final int CDN_GENERAL_ERROR = 2;
    public static final int CDN_ADMIN_SHUTDOWN = 3;
    public static final int CDN_REQUEST = 4;

    /** §2.16 General Error Codes. */
    public static final int ERROR_NONE = 0;
    public static final int ERROR_NOT_CONNECTED = 1;
    public static final int ERROR_BAD_FORMAT = 2;
    public static final int ERROR_BAD_VALUE = 3;
    public static final int ERROR_NO_RESOURCE = 4;
    public static final int ERROR_BAD_CALL_ID = 5;
    public static final int ERROR_PAC_ERROR = 6;
}
