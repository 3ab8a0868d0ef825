package io.pptp2wg.ppp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every link's drops summed by reason, for the whole gateway (the /prometheus counters): links on any event loop add
 * to it as they drop, so it only grows, and ended sessions' drops stay in it. A link counts here only when told
 * ({@link PppCounters#alsoCountIn}).
 */
public final class PppDropTotals {
    private final LongAdder[] drops = new LongAdder[PppCounters.Drop.values().length];

    public PppDropTotals() {
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
    }

    void add(PppCounters.Drop reason) {
        drops[reason.ordinal()].increment();
    }

    public long get(PppCounters.Drop reason) {
        return drops[reason.ordinal()].sum();
    }

    public Map<PppCounters.Drop, Long> snapshot() {
        Map<PppCounters.Drop, Long> m = new EnumMap<>(PppCounters.Drop.class);
        for (PppCounters.Drop d : PppCounters.Drop.values()) {
            m.put(d, get(d));
        }
        return m;
    }
}
