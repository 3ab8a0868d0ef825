package io.pptp2wg.tests.lab;

import java.util.List;
import java.util.Optional;

/**
 * One scenario's results. {@code ok} is the guest's own verdict: every session up, pings within the
 * allowed loss, iperf3 ran, sessions alive after the hold; tests assert on the details.
 */
public record ScenarioResult(String name, boolean finished, boolean ok, List<String> failures, int upCount,
                             double upSeconds, List<SessionResult> sessions, Optional<HoldResult> hold,
                             double seconds, List<String> syslog) {
    public SessionResult session(int index) {
        if (index < 0 || index >= sessions.size()) {
            throw new IllegalArgumentException("scenario " + name + " has " + sessions.size() + " sessions, no s" + index);
        }
        return sessions.get(index);
    }

    public boolean allUp() {
        return !sessions.isEmpty() && sessions.stream().allMatch(SessionResult::up);
    }

    /** Every session pinged with every echo answered. */
    public boolean allPingsAnswered() {
        return !sessions.isEmpty() && sessions.stream().allMatch(s -> s.ping().map(PingResult::allAnswered).orElse(false));
    }
}
