package io.pptp2wg.pptp.control;

import io.pptp2wg.stats.EnumCounters;
import java.util.Map;

/** Counters shared by every control connection of a gateway; thread-safe. */
public final class ControlStats {
    private final EnumCounters<ControlCounter> counters = new EnumCounters<>(ControlCounter.class);
    private final EnumCounters<Malformed> malformed = new EnumCounters<>(Malformed.class);

    public void increment(ControlCounter c) {
        counters.increment(c);
    }

    public void malformed(Malformed reason) {
        counters.increment(ControlCounter.MALFORMED);
        malformed.increment(reason);
    }

    public long get(ControlCounter c) {
        return counters.get(c);
    }

    public long get(Malformed reason) {
        return malformed.get(reason);
    }

    public Map<ControlCounter, Long> snapshot() {
        return counters.snapshot();
    }

    public Map<Malformed, Long> malformedSnapshot() {
        return malformed.snapshot();
    }
}
