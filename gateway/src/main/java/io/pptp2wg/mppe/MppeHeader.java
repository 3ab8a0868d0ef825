package io.pptp2wg.mppe;

/** The two-octet MPPE header (RFC 3078 §3): bits A B C D and a 12-bit coherency count. */
public final class MppeHeader {
    private MppeHeader() {}

    public static final int LENGTH = 2;
    /** A: the RC4 tables were reinitialised (flushed) before this packet. */
    public static final int FLUSHED = 0x80;
    /** B: MPPC "packet at front of history" (never ours). */
    public static final int AT_FRONT = 0x40;
    /** C: MPPC compressed (refused). */
    public static final int COMPRESSED = 0x20;
    /** D: encrypted. */
    public static final int ENCRYPTED = 0x10;
    /** The coherency count is 12 bits: 0..4095, then it wraps. */
    public static final int COHERENCY_COUNT_SPACE = 1 << 12;
    public static final int COHERENCY_COUNT_MASK = COHERENCY_COUNT_SPACE - 1;
    /** Stateful mode changes keys when the low octet of the count is 0xFF (RFC 3078 §7.1, "flag" packets). */
    public static final int FLAG_PACKET_MASK = 0xFF;

    public static int bits(byte first) {
        return first & 0xF0;
    }

    public static int coherencyCount(byte first, byte second) {
        return ((first & 0x0F) << 8) | (second & 0xFF);
    }
}
