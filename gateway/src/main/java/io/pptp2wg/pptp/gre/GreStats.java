package io.pptp2wg.pptp.gre;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters shared by every GRE call of a gateway; thread-safe, cheap under contention. */
public final class GreStats {
    private final LongAdder[] counters = new LongAdder[GreCounter.values().length];
    private final LongAdder[] malformed = new LongAdder[GreMalformed.values().length];

    public GreStats() {
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
        for (int i = 0; i < malformed.length; i++) {
            malformed[i] = new LongAdder();
        }
    }

    public void increment(GreCounter c) {
        counters[c.ordinal()].increment();
    }

    public void add(GreCounter c, long n) {
        counters[c.ordinal()].add(n);
    }

    public void malformed(GreMalformed reason) {
        counters[GreCounter.MALFORMED.ordinal()].increment();
        malformed[reason.ordinal()].increment();
    }

    public long get(GreCounter c) {
        return counters[c.ordinal()].sum();
    }

    public long get(GreMalformed reason) {
        return malformed[reason.ordinal()].sum();
    }

    public Map<GreCounter, Long> snapshot() {
        Map<GreCounter, Long> m = new EnumMap<>(GreCounter.class);
        for (GreCounter c : GreCounter.values()) {
            m.put(c, get(c));
        }
        return m;
    }

    public Map<GreMalformed, Long> malformedSnapshot() {
        Map<GreMalformed, Long> m = new EnumMap<>(GreMalformed.class);
        for (GreMalformed r : GreMalformed.values()) {
            m.put(r, get(r));
        }
        return m;
    }
}
