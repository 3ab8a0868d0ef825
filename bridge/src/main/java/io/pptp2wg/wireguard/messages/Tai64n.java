package io.pptp2wg.wireguard.messages;

import java.time.Instant;

/**
 * TAI64N timestamps (whitepaper §5.1, §5.4.2; cr.yp.to/libtai/tai64.html): 8 bytes big-endian seconds
 * since 1970 TAI plus 2^62, then 4 bytes big-endian nanoseconds. Like the kernel and wireguard-go we do not
 * add leap seconds (the peer only compares our timestamps with each other) and we round the nanoseconds
 * down to a multiple of 2^24 so the timestamp does not leak a fine-grained clock.
 */
public final class Tai64n {
    public static final int LENGTH = 12;
    private static final long BASE = 0x400000000000000AL; // 2^62 + 10, the TAI-UTC offset of 1970
    private static final int WHITENER_MASK = ~0xffffff;

    private Tai64n() {
    }

    public static void write(Instant now, byte[] out, int off) {
        long seconds = BASE + now.getEpochSecond();
        int nanos = now.getNano() & WHITENER_MASK;
        for (int i = 0; i < 8; i++) {
            out[off + i] = (byte) (seconds >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            out[off + 8 + i] = (byte) (nanos >>> (24 - 8 * i));
        }
    }

    /** True if timestamp a (12 bytes at aOff) is strictly later than b: big-endian unsigned compare. */
    public static boolean isAfter(byte[] a, int aOff, byte[] b, int bOff) {
        for (int i = 0; i < LENGTH; i++) {
            int x = a[aOff + i] & 0xff, y = b[bOff + i] & 0xff;
            if (x != y) {
                return x > y;
            }
        }
        return false;
    }
}
