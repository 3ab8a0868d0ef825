package io.pptp2wg.wireguard.tunnel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Single-writer counters (written on the socket's thread) that other threads may read: opaque accesses, no
 * locks or fences on the packet path; a reader sees each value eventually, never torn.
 */
public final class Counters {
    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(long[].class);
    private final long[] values;

    public Counters(int size) {
        values = new long[size];
    }

    public void add(int index, long delta) {
        ELEMENT.setOpaque(values, index, (long) ELEMENT.getOpaque(values, index) + delta);
    }

    public long get(int index) {
        return (long) ELEMENT.getOpaque(values, index);
    }

    public void set(int index, long value) {
        ELEMENT.setOpaque(values, index, value);
    }

    public int size() {
        return values.length;
    }
}
