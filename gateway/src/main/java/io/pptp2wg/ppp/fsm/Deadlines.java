package io.pptp2wg.ppp.fsm;

/**
 * Deadlines on the {@code System.nanoTime} scale (the automaton's Restart timer and every timer above it), where
 * Long.MAX_VALUE means none and the values may wrap, so that they are compared by difference, never by Math.min.
 */
public final class Deadlines {
    private Deadlines() {}

    /** The earlier of two deadlines, compared by difference (nanoTime may wrap); none if neither is set. */
    public static long earliest(long a, long b) {
        if (a == Long.MAX_VALUE) {
            return b;
        }
        if (b == Long.MAX_VALUE) {
            return a;
        }
        return b - a < 0 ? b : a;
    }
}
