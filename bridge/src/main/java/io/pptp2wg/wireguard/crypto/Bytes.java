package io.pptp2wg.wireguard.crypto;

import java.util.Arrays;

/** Little-endian field access (WireGuard's wire order) and constant-time helpers. */
public final class Bytes {
    private Bytes() {
    }

    public static int getIntLE(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    public static void putIntLE(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    public static long getLongLE(byte[] b, int off) {
        return (getIntLE(b, off) & 0xffffffffL) | (long) getIntLE(b, off + 4) << 32;
    }

    public static void putLongLE(byte[] b, int off, long v) {
        putIntLE(b, off, (int) v);
        putIntLE(b, off + 4, (int) (v >>> 32));
    }

    /** Compares two ranges in time that depends only on the length (secrets, MACs). */
    public static boolean constantTimeEquals(byte[] a, int aOff, byte[] b, int bOff, int len) {
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }

    /** True if every byte of the range is zero, in constant time. */
    public static boolean isZero(byte[] a, int off, int len) {
        int acc = 0;
        for (int i = 0; i < len; i++) {
            acc |= a[off + i];
        }
        return acc == 0;
    }

    public static void zero(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }
}
