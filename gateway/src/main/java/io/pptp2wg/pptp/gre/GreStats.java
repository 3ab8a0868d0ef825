package io.pptp2wg.pptp.gre;

import io.pptp2wg.stats.EnumCounters;
import java.util.Map;

/** Counters shared by every GRE call of a gateway; thread-safe, cheap under contention. */
public final class GreStats {
    private final EnumCounters<GreCounter> counters = new EnumCounters<>(GreCounter.class);
    private final EnumCounters<GreMalformed> malformed = new EnumCounters<>(GreMalformed.class);

    public void increment(GreCounter c) {
        counters.increment(c);
    }

    public void add(GreCounter c, long n) {
        counters.add(c, n);
    }

    public void malformed(GreMalformed reason) {
        counters.increment(GreCounter.MALFORMED);
        malformed.increment(reason);
    }

    public long get(GreCounter c) {
        return counters.get(c);
    }

    public long get(GreMalformed reason) {
        return malformed.get(reason);
    }

    public Map<GreCounter, Long> snapshot() {
        return counters.snapshot();
    }

    public Map<GreMalformed, Long> malformedSnapshot() {
        return malformed.snapshot();
    }
}
