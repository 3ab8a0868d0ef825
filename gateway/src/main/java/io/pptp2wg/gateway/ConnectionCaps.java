package io.pptp2wg.gateway;

import io.pptp2wg.pptp.control.ControlCounter;
import io.pptp2wg.pptp.control.ControlStats;
import io.pptp2wg.session.guard.GuessingLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The per-address and half-open caps of {@link FloodLimits}, kept as each TCP connection is accepted (before any
 * handler or timer exists for it): a refused connection is closed at once and counted.
 */
final class ConnectionCaps {
    private static final Logger LOG = LoggerFactory.getLogger(PptpGateway.class);

    /** Said once at start: the limits in force against guessing (a deliberate difference from pppd) and floods. */
    static void logLimits(GuessingLimits g, FloodLimits floods) {
        if (g.enabled()) {
            LOG.info("guessing limits: {} failed logins from one address or {} for one user within {} lock out for {}"
                    + " (doubling to {}); floods: {} connections per address, {} half-open, {} calls per connection",
                    g.sourceFailures(), g.userFailures(), g.window(), g.initialBackoff(), g.maxBackoff(),
                    floods.connectionsPerSource(), floods.halfOpen(), floods.callsPerConnection());
        } else {
            LOG.warn("guessing limits off (guessing.enabled: false): passwords may be tried as fast as calls open");
        }
    }

    private final FloodLimits limits;
    private final ControlStats stats;
    private final ConcurrentHashMap<Integer, AtomicInteger> perSource = new ConcurrentHashMap<>();
    private final AtomicInteger halfOpen = new AtomicInteger();

    ConnectionCaps(FloodLimits limits, ControlStats stats) {
        this.limits = limits;
        this.stats = stats;
    }

    /** One accepted connection's place under the caps; {@link #started} and {@link #closed} count once each. */
    final class Ticket {
        private final int source;
        private boolean counted = true;
        private boolean waitingForStart = true;

        private Ticket(int source) {
            this.source = source;
        }

        /** Start-Control-Connection-Request arrived: no longer half-open. */
        synchronized void started() {
            if (waitingForStart) {
                waitingForStart = false;
                halfOpen.decrementAndGet();
            }
        }

        synchronized void closed() {
            started();
            if (counted) {
                counted = false;
                perSource.computeIfPresent(source, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
            }
        }
    }

    /** A ticket for a connection from {@code source}, or null when a cap refuses it (counted). */
    Ticket admit(int source) {
        AtomicInteger n = perSource.compute(source, (k, v) -> {
            AtomicInteger c = v == null ? new AtomicInteger() : v;
            c.incrementAndGet();
            return c;
        });
        if (FloodLimits.over(n.get(), limits.connectionsPerSource())) {
            perSource.computeIfPresent(source, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
            stats.increment(ControlCounter.CONNECTIONS_REFUSED_PER_SOURCE);
            return null;
        }
        if (FloodLimits.over(halfOpen.incrementAndGet(), limits.halfOpen())) {
            halfOpen.decrementAndGet();
            perSource.computeIfPresent(source, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
            stats.increment(ControlCounter.CONNECTIONS_REFUSED_HALF_OPEN);
            return null;
        }
        return new Ticket(source);
    }

    int halfOpen() {
        return halfOpen.get();
    }

    int fromSource(int source) {
        AtomicInteger n = perSource.get(source);
        return n == null ? 0 : n.get();
    }
}
