package io.pptp2wg.pptp.gre;

/** RFC 2637 §4.1: the enhanced GRE header (a variant of RFC 1701's) and the values PPTP requires in it. */
public final class GreProtocol {
    private GreProtocol() {}

    /** The IP protocol number of GRE (RFC 1700). */
    public static final int IP_PROTOCOL_GRE = 47;
    /** §4.1 Protocol Type: PPP. */
    public static final int PROTOCOL_PPP = 0x880B;
    /** §4.1 Ver: 1 = enhanced GRE. */
    public static final int VERSION_ENHANCED = 1;

    /** First 16 bits, §4.1: C R K S s Recur(3) A Flags(4) Ver(3). */
    public static final int FLAG_CHECKSUM = 0x8000;
    public static final int FLAG_ROUTING = 0x4000;
    public static final int FLAG_KEY = 0x2000;
    public static final int FLAG_SEQUENCE = 0x1000;
    public static final int FLAG_STRICT_ROUTE = 0x0800;
    public static final int RECUR_MASK = 0x0700;
    public static final int FLAG_ACK = 0x0080;
    public static final int FLAGS_MASK = 0x0078;
    public static final int VERSION_MASK = 0x0007;
    /** C, R, s, Recur and Flags: §4.1 says each MUST be 0 for PPTP. */
    public static final int MUST_BE_ZERO = FLAG_CHECKSUM | FLAG_ROUTING | FLAG_STRICT_ROUTE | RECUR_MASK | FLAGS_MASK;

    /** Flags and version(2) + Protocol Type(2) + Key: Payload Length(2) and Call ID(2). */
    public static final int BASE_HEADER_LENGTH = 2 + 2 + 2 + 2;
    /** Sequence Number, present when S is set. */
    public static final int SEQUENCE_LENGTH = 4;
    /** Acknowledgment Number, present when A is set. */
    public static final int ACK_LENGTH = 4;
    public static final int MAX_HEADER_LENGTH = BASE_HEADER_LENGTH + SEQUENCE_LENGTH + ACK_LENGTH;
    /** Payload Length is 16 bits. */
    public static final int MAX_PAYLOAD_LENGTH = 0xFFFF;

    /** RFC 791: the IPv4 header is at least 5 words; IHL counts 32-bit words. */
    public static final int IPV4_MIN_HEADER_LENGTH = 20;
}
