package io.pptp2wg.dhcp;

/**
 * The DHCP numbers this gateway uses, in one place: the message format of RFC 2131 §2 (BOOTP's fixed fields,
 * RFC 951), the option codes of RFC 2132 and RFC 3442, and Microsoft's classless-routes option 249 (the same
 * encoding as 121, sent by Windows servers before RFC 3442 existed and still requested by Windows clients).
 */
public final class Dhcp {
    private Dhcp() {}

    /** RFC 2131 §4.1: servers listen on 67, clients on 68. */
    public static final int SERVER_PORT = 67;
    public static final int CLIENT_PORT = 68;

    // RFC 2131 §2, Figure 1: the fixed fields, by offset.
    public static final int OP = 0;
    public static final int HTYPE = 1;
    public static final int HLEN = 2;
    public static final int HOPS = 3;
    public static final int XID = 4;
    public static final int SECS = 8;
    public static final int FLAGS = 10;
    public static final int CIADDR = 12;
    public static final int YIADDR = 16;
    public static final int SIADDR = 20;
    public static final int GIADDR = 24;
    public static final int CHADDR = 28;
    public static final int CHADDR_LENGTH = 16;
    /** sname (64) and file (128) follow chaddr; the magic cookie follows them. */
    public static final int MAGIC_COOKIE_OFFSET = 236;
    /** RFC 2131 §3: 99.130.83.99, the first four octets of the options field. */
    public static final int MAGIC_COOKIE = 0x63825363;
    public static final int OPTIONS_OFFSET = MAGIC_COOKIE_OFFSET + 4;
    /** RFC 1542 §3.3 / RFC 2131 §2: BOOTP messages are padded to at least 300 octets; some clients need it. */
    public static final int MIN_BOOTP_LENGTH = 300;
    /** RFC 2131 §2: every client accepts a 576-octet IP datagram; larger only when option 57 says so. */
    public static final int MIN_IP_DATAGRAM = 576;

    /** RFC 951 op. */
    public static final int BOOTREQUEST = 1;
    public static final int BOOTREPLY = 2;

    // RFC 2132 §9.6: DHCP message types (option 53).
    public static final int DHCPDISCOVER = 1;
    public static final int DHCPREQUEST = 3;
    public static final int DHCPACK = 5;
    public static final int DHCPINFORM = 8;

    // RFC 2132 option codes.
    public static final int OPTION_PAD = 0;
    public static final int OPTION_DNS_SERVERS = 6;
    public static final int OPTION_DOMAIN_NAME = 15;
    public static final int OPTION_NETBIOS_NAME_SERVERS = 44;
    public static final int OPTION_MESSAGE_TYPE = 53;
    public static final int OPTION_SERVER_IDENTIFIER = 54;
    public static final int OPTION_PARAMETER_REQUEST_LIST = 55;
    public static final int OPTION_MAX_MESSAGE_SIZE = 57;
    /** RFC 3442. */
    public static final int OPTION_CLASSLESS_STATIC_ROUTES = 121;
    /** Microsoft's classless static routes, the encoding of RFC 3442 (Windows XP and Server 2003 know only this one). */
    public static final int OPTION_MS_CLASSLESS_STATIC_ROUTES = 249;
    public static final int OPTION_END = 255;
    /** One option's data is at most 255 octets; longer data is split into several (RFC 3396). */
    public static final int MAX_OPTION_DATA = 255;
}
