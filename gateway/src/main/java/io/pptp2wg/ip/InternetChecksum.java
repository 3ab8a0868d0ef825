package io.pptp2wg.ip;

import java.nio.ByteBuffer;

/** The Internet checksum (RFC 1071), and its incremental update (RFC 1624 eqn. 3). */
public final class InternetChecksum {
    private InternetChecksum() {}

    /** The one's-complement sum of {@code length} bytes at {@code offset}, not yet complemented. */
    public static int sum(ByteBuffer b, int offset, int length, int initial) {
        long sum = initial;
        int i = 0;
        for (; i + 1 < length; i += 2) {
            sum += b.getShort(offset + i) & 0xffff;
        }
        if (i < length) {
            sum += (b.get(offset + i) & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }

    public static int checksum(ByteBuffer b, int offset, int length) {
        return ~sum(b, offset, length, 0) & 0xffff;
    }

    /** RFC 1624: the new checksum after one 16-bit word changed from {@code oldWord} to {@code newWord}. */
    public static int update(int checksum, int oldWord, int newWord) {
        int sum = (~checksum & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff);
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        return ~sum & 0xffff;
    }
}
