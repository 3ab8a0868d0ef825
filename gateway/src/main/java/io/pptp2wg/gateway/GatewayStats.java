package io.pptp2wg.gateway;

import io.pptp2wg.pptp.control.ControlStats;
import io.pptp2wg.ppp.PppDropTotals;
import io.pptp2wg.pptp.gre.GreStats;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** Every counter of a gateway, for the admin API's metrics: control, GRE, sessions, and two gauges. */
public final class GatewayStats {
    private final ControlStats control = new ControlStats();
    private final GreStats gre = new GreStats();
    private final PppDropTotals pppDrops = new PppDropTotals();
    private final LongAdder[] sessions = new LongAdder[SessionCounter.values().length];
    private final IntSupplier liveCalls;
    private final IntSupplier liveSessions;

    public GatewayStats(IntSupplier liveCalls, IntSupplier liveSessions) {
        this.liveCalls = liveCalls;
        this.liveSessions = liveSessions;
        for (int i = 0; i < sessions.length; i++) {
            sessions[i] = new LongAdder();
        }
    }

    public ControlStats control() {
        return control;
    }

    public GreStats gre() {
        return gre;
    }

    /** Every session's PPP drops by reason, ended sessions' included. */
    public PppDropTotals pppDrops() {
        return pppDrops;
    }

    void increment(SessionCounter c) {
        sessions[c.ordinal()].increment();
    }

    public long get(SessionCounter c) {
        return sessions[c.ordinal()].sum();
    }

    public Map<SessionCounter, Long> sessionSnapshot() {
        Map<SessionCounter, Long> m = new EnumMap<>(SessionCounter.class);
        for (SessionCounter c : SessionCounter.values()) {
            m.put(c, get(c));
        }
        return m;
    }

    /** Calls open now (negotiating or up): what {@code connections} limits. */
    public int liveCalls() {
        return liveCalls.getAsInt();
    }

    /** Sessions up now. */
    public int liveSessions() {
        return liveSessions.getAsInt();
    }

    @Override
    public String toString() {
        return "GatewayStats[calls=" + liveCalls() + " sessions=" + liveSessions() + " " + sessionSnapshot()
                + " control=" + control.snapshot() + " gre=" + gre.snapshot() + " greMalformed=" + gre.malformedSnapshot()
                + " pppDrops=" + pppDrops.snapshot() + "]";
    }
}
