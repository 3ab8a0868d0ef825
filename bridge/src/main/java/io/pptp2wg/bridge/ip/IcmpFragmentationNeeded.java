package io.pptp2wg.bridge.ip;

import io.pptp2wg.ip.InternetChecksum;

import java.nio.ByteBuffer;

/**
 * Builds the ICMP "Destination Unreachable: Fragmentation Needed and DF set" message (RFC 792, type 3
 * code 4) with the next-hop MTU (RFC 1191 §4), sent back to the sender of a DF packet that does not fit,
 * so that path MTU discovery works through the gateway.
 */
public final class IcmpFragmentationNeeded {
    public static final int TYPE_DESTINATION_UNREACHABLE = 3;
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    private static final int ICMP_HEADER = 8;
    /** RFC 792: the original IP header plus the first 64 bits of its data. */
    private static final int ORIGINAL_DATA = 8;
    private static final int DEFAULT_TTL = 64;
    /** The longest reply: our header, ICMP header, the original header (with options) and 8 bytes. */
    public static final int MAX_LENGTH = Ipv4Header.MIN_HEADER_LENGTH + ICMP_HEADER + 60 + ORIGINAL_DATA;

    private IcmpFragmentationNeeded() {}

    /**
     * Writes the message about {@code original} into {@code out} (from its position, at least
     * {@link #MAX_LENGTH} bytes free), from {@code from} (our address). Returns its length.
     */
    public static int write(ByteBuffer original, int from, int nextHopMtu, ByteBuffer out) {
        int quote = Math.min(Ipv4Header.headerLength(original) + ORIGINAL_DATA, original.remaining());
        int total = Ipv4Header.MIN_HEADER_LENGTH + ICMP_HEADER + quote;
        int o = out.position();
        out.put(o, (byte) 0x45);
        out.put(o + 1, (byte) 0);
        out.putShort(o + 2, (short) total);
        out.putInt(o + 4, 0); // identification, flags, fragment offset
        out.put(o + 8, (byte) DEFAULT_TTL);
        out.put(o + 9, (byte) Ipv4Header.PROTOCOL_ICMP);
        out.putShort(o + 10, (short) 0);
        out.putInt(o + 12, from);
        out.putInt(o + 16, Ipv4Header.source(original));
        out.putShort(o + 10, (short) InternetChecksum.checksum(out, o, Ipv4Header.MIN_HEADER_LENGTH));
        int icmp = o + Ipv4Header.MIN_HEADER_LENGTH;
        out.put(icmp, (byte) TYPE_DESTINATION_UNREACHABLE);
        out.put(icmp + 1, (byte) CODE_FRAGMENTATION_NEEDED);
        out.putShort(icmp + 2, (short) 0);
        out.putShort(icmp + 4, (short) 0);
        out.putShort(icmp + 6, (short) nextHopMtu);
        for (int i = 0; i < quote; i++) {
            out.put(icmp + ICMP_HEADER + i, original.get(original.position() + i));
        }
        out.putShort(icmp + 2, (short) InternetChecksum.checksum(out, icmp, ICMP_HEADER + quote));
        return total;
    }
}
