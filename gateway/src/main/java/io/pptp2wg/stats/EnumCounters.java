package io.pptp2wg.stats;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One counter per constant of an enum (events, drop reasons), shared by threads: a {@link LongAdder} each, so
 * the event loops never contend on one cache line. Counters only grow.
 */
public final class EnumCounters<E extends Enum<E>> {
    private final Class<E> type;
    private final LongAdder[] counters;

    public EnumCounters(Class<E> type) {
        this.type = type;
        this.counters = new LongAdder[type.getEnumConstants().length];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
    }

    public void increment(E e) {
        counters[e.ordinal()].increment();
    }

    public void add(E e, long n) {
        counters[e.ordinal()].add(n);
    }

    public long get(E e) {
        return counters[e.ordinal()].sum();
    }

    /** Every constant with its count (zeros included), in declaration order. */
    public Map<E, Long> snapshot() {
        Map<E, Long> m = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            m.put(e, get(e));
        }
        return m;
    }

    /** The constants counted at least once, with their counts, in declaration order. */
    public Map<E, Long> seen() {
        Map<E, Long> m = snapshot();
        m.values().removeIf(n -> n == 0);
        return m;
    }
}
