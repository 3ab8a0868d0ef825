package io.pptp2wg.radius;

/** The RADIUS numbers the gateway uses, each from the RFC that assigns it. */
public final class RadiusWire {
    private RadiusWire() {}

    // RFC 2865 §3: packet codes and sizes
    public static final int ACCESS_REQUEST = 1;
    public static final int ACCESS_ACCEPT = 2;
    public static final int ACCESS_REJECT = 3;
    public static final int ACCESS_CHALLENGE = 11;
    /** RFC 2866 §4. */
    public static final int ACCOUNTING_REQUEST = 4;
    public static final int ACCOUNTING_RESPONSE = 5;
    /** RFC 5176 §2.1, §2.2. */
    public static final int DISCONNECT_REQUEST = 40;
    public static final int DISCONNECT_ACK = 41;
    public static final int DISCONNECT_NAK = 42;
    public static final int COA_REQUEST = 43;
    public static final int COA_ACK = 44;
    public static final int COA_NAK = 45;
    /** RFC 5176 §3: the Dynamic Authorization Server's UDP port. */
    public static final int DAE_PORT = 3799;
    /** RFC 2865 §3: Code, Identifier, Length, Authenticator. */
    public static final int HEADER_LENGTH = 20;
    /** RFC 2865 §3: the longest packet. */
    public static final int MAX_PACKET_LENGTH = 4096;
    public static final int AUTHENTICATOR_LENGTH = 16;

    // RFC 2865 §5 attribute types
    public static final int USER_NAME = 1;
    public static final int USER_PASSWORD = 2;
    public static final int CHAP_PASSWORD = 3;
    public static final int NAS_IP_ADDRESS = 4;
    public static final int NAS_PORT = 5;
    public static final int SERVICE_TYPE = 6;
    public static final int FRAMED_PROTOCOL = 7;
    public static final int FRAMED_IP_ADDRESS = 8;
    public static final int FRAMED_MTU = 12;
    public static final int REPLY_MESSAGE = 18;
    public static final int CLASS = 25;
    public static final int VENDOR_SPECIFIC = 26;
    public static final int SESSION_TIMEOUT = 27;
    public static final int IDLE_TIMEOUT = 28;
    public static final int CALLING_STATION_ID = 31;
    public static final int NAS_IDENTIFIER = 32;
    /** RFC 2865 §5.24. */
    public static final int STATE = 24;
    // RFC 2866 §5 accounting attributes
    public static final int ACCT_STATUS_TYPE = 40;
    public static final int ACCT_DELAY_TIME = 41;
    public static final int ACCT_INPUT_OCTETS = 42;
    public static final int ACCT_OUTPUT_OCTETS = 43;
    public static final int ACCT_SESSION_ID = 44;
    public static final int ACCT_AUTHENTIC = 45;
    public static final int ACCT_SESSION_TIME = 46;
    public static final int ACCT_INPUT_PACKETS = 47;
    public static final int ACCT_OUTPUT_PACKETS = 48;
    public static final int ACCT_TERMINATE_CAUSE = 49;
    /** RFC 2869 §5.1, §5.2: how many times the 32-bit octet counter wrapped. */
    public static final int ACCT_INPUT_GIGAWORDS = 52;
    public static final int ACCT_OUTPUT_GIGAWORDS = 53;
    /** RFC 2869 §5.3. */
    public static final int EVENT_TIMESTAMP = 55;
    /** RFC 3162 §2.1. */
    public static final int NAS_IPV6_ADDRESS = 95;
    /** RFC 5176 §3.5. */
    public static final int ERROR_CAUSE = 101;
    public static final int CHAP_CHALLENGE = 60;
    public static final int NAS_PORT_TYPE = 61;
    /** RFC 2869 §5.16. */
    public static final int ACCT_INTERIM_INTERVAL = 85;
    /** RFC 3579 §3.2. */
    public static final int MESSAGE_AUTHENTICATOR = 80;
    public static final int MESSAGE_AUTHENTICATOR_LENGTH = 16;

    // RFC 2865 §5.6, §5.7, RFC 2865 §5.41 values
    public static final int SERVICE_TYPE_FRAMED = 2;
    public static final int FRAMED_PROTOCOL_PPP = 1;
    public static final int NAS_PORT_TYPE_VIRTUAL = 5;
    /** RFC 2866 §5.6: authenticated by RADIUS. */
    public static final int ACCT_AUTHENTIC_RADIUS = 1;
    /** RFC 2865 §5.6: Authorize-Only (RFC 5176 §3.2), which a CoA may carry. */
    public static final int SERVICE_TYPE_AUTHORIZE_ONLY = 17;

    // RFC 5176 §3.5 Error-Cause values
    public static final int ERROR_UNSUPPORTED_ATTRIBUTE = 401;
    public static final int ERROR_MISSING_ATTRIBUTE = 402;
    public static final int ERROR_NAS_IDENTIFICATION_MISMATCH = 403;
    public static final int ERROR_INVALID_REQUEST = 404;
    public static final int ERROR_SESSION_CONTEXT_NOT_FOUND = 503;
    /** RFC 5176 §3.4: an Event-Timestamp further than this from our clock is a replay (the RFC's default window). */
    public static final long EVENT_TIMESTAMP_WINDOW_SECONDS = 300;
    /** RFC 2865 §5.8: let the client choose its address. */
    public static final int FRAMED_IP_CLIENT_CHOOSES = 0xFFFFFFFF;
    /** RFC 2865 §5.8: the NAS picks from its pool. */
    public static final int FRAMED_IP_FROM_POOL = 0xFFFFFFFE;

    // RFC 2548: Microsoft's vendor id and vendor types
    public static final int VENDOR_MICROSOFT = 311;
    public static final int MS_CHAP_RESPONSE = 1;
    public static final int MS_CHAP_ERROR = 2;
    public static final int MS_CHAP_MPPE_KEYS = 12;
    public static final int MS_CHAP_CHALLENGE = 11;
    public static final int MS_MPPE_SEND_KEY = 16;
    public static final int MS_MPPE_RECV_KEY = 17;
    public static final int MS_CHAP2_RESPONSE = 25;
    public static final int MS_CHAP2_SUCCESS = 26;
    public static final int MS_PRIMARY_DNS_SERVER = 28;
    public static final int MS_SECONDARY_DNS_SERVER = 29;
    public static final int MS_PRIMARY_NBNS_SERVER = 30;
    public static final int MS_SECONDARY_NBNS_SERVER = 31;
    /** RFC 2548 §2.3.2: Ident, Flags, Peer-Challenge (16), Reserved (8), Response (24). */
    public static final int MS_CHAP2_RESPONSE_LENGTH = 50;
    /** RFC 2548 §2.3.1: Ident, Flags, LM-Response (24), NT-Response (24). */
    public static final int MS_CHAP_RESPONSE_LENGTH = 50;
    /** RFC 2548 §2.3.3: Ident, then "S=" and 40 hex digits. */
    public static final int MS_CHAP2_SUCCESS_LENGTH = 43;
    /** RFC 2548 §2.4.1: LM key (8), NT key (16), padding (8). */
    public static final int MS_CHAP_MPPE_KEYS_LENGTH = 32;
}
