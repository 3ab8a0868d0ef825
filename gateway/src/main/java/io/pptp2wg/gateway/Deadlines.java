package io.pptp2wg.gateway;

/** Deadlines on the {@code System.nanoTime} scale, where Long.MAX_VALUE means none and the values may wrap. */
final class Deadlines {
    private Deadlines() {}

    /** The earlier of two deadlines, compared by difference (nanoTime may wrap); none if neither is set. */
    static long earliest(long a, long b) {
        if (a == Long.MAX_VALUE) {
            return b;
        }
        if (b == Long.MAX_VALUE) {
            return a;
        }
        return b - a < 0 ? b : a;
    }
}
