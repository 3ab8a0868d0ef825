package io.pptp2wg.dhcp;

/** Why a UDP datagram from a client to the DHCP server port was refused; each is counted and logged (rate-limited). */
public enum DhcpMalformed {
    /** The IP header or the UDP header is cut short, or the UDP length disagrees with the IP total length. */
    BAD_UDP,
    /** The UDP checksum is present and wrong. */
    BAD_UDP_CHECKSUM,
    /** An IP fragment: a client's DHCP message fits one datagram (RFC 2131 §2). */
    FRAGMENT,
    /** The source is not the session's own tunnel address, or not from the client port 68. */
    FOREIGN_SOURCE,
    /** Shorter than the fixed fields and the magic cookie (240 octets). */
    TRUNCATED,
    /** op is not BOOTREQUEST, or hlen exceeds chaddr's 16 octets. */
    NOT_A_REQUEST,
    /** The options field does not start with 99.130.83.99. */
    BAD_MAGIC_COOKIE,
    /** An option's length runs past the end of the message, or there is no End option. */
    BAD_OPTION_LENGTH,
    /** No message type (option 53), or one whose length is not 1. */
    BAD_MESSAGE_TYPE,
    /** DHCPINFORM whose ciaddr is neither 0 nor the session's address (RFC 2131 §4.3.5: checked for consistency). */
    CIADDR_MISMATCH
}
