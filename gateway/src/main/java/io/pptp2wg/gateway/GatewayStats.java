package io.pptp2wg.gateway;

import io.pptp2wg.dhcp.DhcpMalformed;
import io.pptp2wg.ppp.PppCounters;
import io.pptp2wg.pptp.control.ControlStats;
import io.pptp2wg.pptp.gre.GreStats;
import io.pptp2wg.stats.EnumCounters;

import java.util.Map;
import java.util.function.IntSupplier;

/** Every counter of a gateway, for the admin API's metrics: control, GRE, sessions, and two gauges. */
public final class GatewayStats {
    private final ControlStats control = new ControlStats();
    private final GreStats gre = new GreStats();
    private final EnumCounters<PppCounters.Drop> pppDrops = new EnumCounters<>(PppCounters.Drop.class);
    private final EnumCounters<DhcpMalformed> dhcpMalformed = new EnumCounters<>(DhcpMalformed.class);
    private final EnumCounters<SessionCounter> sessions = new EnumCounters<>(SessionCounter.class);
    private final IntSupplier liveCalls;
    private final IntSupplier liveSessions;

    public GatewayStats(IntSupplier liveCalls, IntSupplier liveSessions) {
        this.liveCalls = liveCalls;
        this.liveSessions = liveSessions;
    }

    public ControlStats control() {
        return control;
    }

    public GreStats gre() {
        return gre;
    }

    /** Every session's PPP drops by reason, ended sessions' included. */
    public EnumCounters<PppCounters.Drop> pppDrops() {
        return pppDrops;
    }

    /** DHCP from clients to the gateway dropped as malformed, by reason. */
    public EnumCounters<DhcpMalformed> dhcpMalformed() {
        return dhcpMalformed;
    }

    void increment(SessionCounter c) {
        sessions.increment(c);
    }

    public long get(SessionCounter c) {
        return sessions.get(c);
    }

    public Map<SessionCounter, Long> sessionSnapshot() {
        return sessions.snapshot();
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
                + " pppDrops=" + pppDrops.snapshot() + " dhcpMalformed=" + dhcpMalformed.snapshot() + "]";
    }
}
