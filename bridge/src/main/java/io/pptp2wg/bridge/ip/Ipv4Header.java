package io.pptp2wg.bridge.ip;

import java.nio.ByteBuffer;

/**
 * Reading an IPv4 header (RFC 791 §3.1) in place, from a buffer whose position is the first byte of
 * the packet. Every accessor assumes {@link #isValid} was checked: lengths are checked there once.
 */
public final class Ipv4Header {
    /** RFC 791: the header without options. */
    public static final int MIN_HEADER_LENGTH = 20;
    public static final int VERSION = 4;
    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;
    /** RFC 791: the Don't Fragment flag in the flags/fragment-offset field. */
    public static final int FLAG_DF = 0x4000;
    private static final int FRAGMENT_OFFSET_MASK = 0x1fff;
    private static final int FLAG_MF = 0x2000;

    private Ipv4Header() {}

    /** A whole IPv4 packet: version 4, a header length that fits, a total length equal to what is there. */
    public static boolean isValid(ByteBuffer p) {
        int len = p.remaining();
        if (len < MIN_HEADER_LENGTH) {
            return false;
        }
        int b0 = p.get(p.position()) & 0xff;
        int ihl = (b0 & 0x0f) * 4;
        return (b0 >>> 4) == VERSION && ihl >= MIN_HEADER_LENGTH && ihl <= len && totalLength(p) == len;
    }

    public static int headerLength(ByteBuffer p) {
        return (p.get(p.position()) & 0x0f) * 4;
    }

    public static int totalLength(ByteBuffer p) {
        return p.getShort(p.position() + 2) & 0xffff;
    }

    public static int protocol(ByteBuffer p) {
        return p.get(p.position() + 9) & 0xff;
    }

    public static int source(ByteBuffer p) {
        return p.getInt(p.position() + 12);
    }

    public static int destination(ByteBuffer p) {
        return p.getInt(p.position() + 16);
    }

    public static boolean dontFragment(ByteBuffer p) {
        return (p.getShort(p.position() + 6) & FLAG_DF) != 0;
    }

    /** The first fragment (or an unfragmented packet) carries the transport header. */
    public static boolean isFirstFragment(ByteBuffer p) {
        return (p.getShort(p.position() + 6) & FRAGMENT_OFFSET_MASK) == 0;
    }

    public static boolean isFragment(ByteBuffer p) {
        int f = p.getShort(p.position() + 6);
        return (f & FRAGMENT_OFFSET_MASK) != 0 || (f & FLAG_MF) != 0;
    }
}
