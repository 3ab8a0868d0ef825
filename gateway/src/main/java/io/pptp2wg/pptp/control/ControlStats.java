package io.pptp2wg.pptp.control;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters shared by every control connection of a gateway; thread-safe. */
public final class ControlStats {
    private final LongAdder[] counters = new LongAdder[ControlCounter.values().length];
    private final LongAdder[] malformed = new LongAdder[Malformed.values().length];

    public ControlStats() {
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
        for (int i = 0; i < malformed.length; i++) {
            malformed[i] = new LongAdder();
        }
    }

    public void increment(ControlCounter c) {
        counters[c.ordinal()].increment();
    }

    public void malformed(Malformed reason) {
        counters[ControlCounter.MALFORMED.ordinal()].increment();
        malformed[reason.ordinal()].increment();
    }

    public long get(ControlCounter c) {
        return counters[c.ordinal()].sum();
    }

    public long get(Malformed reason) {
        return malformed[reason.ordinal()].sum();
    }

    public Map<ControlCounter, Long> snapshot() {
        Map<ControlCounter, Long> m = new EnumMap<>(ControlCounter.class);
        for (ControlCounter c : ControlCounter.values()) {
            m.put(c, get(c));
        }
        return m;
    }

    public Map<Malformed, Long> malformedSnapshot() {
        Map<Malformed, Long> m = new EnumMap<>(Malformed.class);
        for (Malformed r : Malformed.values()) {
            m.put(r, get(r));
        }
        return m;
    }
}
