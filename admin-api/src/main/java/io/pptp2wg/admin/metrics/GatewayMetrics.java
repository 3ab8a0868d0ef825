package io.pptp2wg.admin.metrics;

import com.codahale.metrics.MetricRegistry;
import io.pptp2wg.admin.api.MigrationState;
import io.pptp2wg.admin.api.UserView;
import io.pptp2wg.admin.core.EventJournal;
import io.pptp2wg.admin.core.NativeHandshakes;
import io.pptp2wg.admin.core.UserReports;
import io.pptp2wg.session.SessionCounters;
import io.pptp2wg.session.SessionEvent;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionInfo;
import io.pptp2wg.session.SessionListener;
import io.pptp2wg.session.SessionRegistry;
import io.pptp2wg.session.WireGuardHandshakes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static io.pptp2wg.admin.metrics.PrometheusText.Family;
import static io.pptp2wg.admin.metrics.PrometheusText.Sample;
import static io.pptp2wg.admin.metrics.PrometheusText.labels;

/**
 * pptp2wg's own metrics: counted from session events (a counter increment on the gateway thread,
 * nothing more) and computed at scrape time from the live sessions, the users and the journal.
 */
public final class GatewayMetrics implements SessionListener {
    private final MetricRegistry registry;
    private final AtomicLong endedBytesFromClient = new AtomicLong();
    private final AtomicLong endedBytesToClient = new AtomicLong();

    public GatewayMetrics(MetricRegistry registry) {
        this.registry = registry;
        registry.counter("pptp2wg_logins_refused_total");
    }

    @Override
    public void onEvent(SessionEvent event) {
        switch (event) {
            case SessionEvent.Up up -> registry.counter("pptp2wg_sessions_started_total" + authMppe(up.session())).inc();
            case SessionEvent.Down down -> {
                endedBytesFromClient.addAndGet(down.counters().bytesFromClient());
                endedBytesToClient.addAndGet(down.counters().bytesToClient());
            }
            case SessionEvent.AuthFailure f -> registry.counter("pptp2wg_auth_failures_total"
                    + labels("auth", f.auth() == null ? "unknown" : f.auth().displayName())).inc();
            case SessionEvent.Refused r -> registry.counter("pptp2wg_logins_refused_total").inc();
            case SessionEvent.LockedOut l -> { } // counted by the limiter itself (PptpMetrics: pptp2wg_guessing_*)
        }
    }

    private static String authMppe(SessionInfo s) {
        return labels("auth", s.auth() == null ? "unknown" : s.auth().displayName(), "mppe", s.mppe() == null ? "none" : s.mppe());
    }

    /** Sessions up by authentication and MPPE mode; bytes relayed (ended sessions plus the live ones). */
    public Supplier<List<Family>> sessions(SessionRegistry sessions) {
        return () -> {
            Map<String, Integer> up = new TreeMap<>();
            long fromClient = endedBytesFromClient.get();
            long toClient = endedBytesToClient.get();
            for (SessionHandle h : sessions.sessions()) {
                up.merge(authMppe(h.info()), 1, Integer::sum);
                SessionCounters c = h.counters();
                fromClient += c.bytesFromClient();
                toClient += c.bytesToClient();
            }
            List<Sample> samples = new ArrayList<>();
            up.forEach((l, n) -> samples.add(new Sample(l, n)));
            return List.of(
                    new Family("pptp2wg_sessions", "gauge", "PPTP sessions up, by authentication and MPPE mode", samples),
                    new Family("pptp2wg_bytes_total", "counter", "IP payload bytes through PPTP sessions", List.of(
                            new Sample(labels("direction", "from_client"), fromClient),
                            new Sample(labels("direction", "to_client"), toClient))));
        };
    }

    public static Supplier<List<Family>> users(UserReports reports) {
        return () -> {
            Map<MigrationState, Integer> totals = UserReports.totals(reports.all());
            List<Sample> samples = new ArrayList<>();
            totals.forEach((s, n) -> samples.add(new Sample(labels("state", s.label()), n)));
            List<Sample> devices = new ArrayList<>();
            reports.deviceTotals().forEach((s, n) -> devices.add(new Sample(labels("state", s.label()), n)));
            return List.of(new Family("pptp2wg_users", "gauge", "users per migration state", samples),
                    new Family("pptp2wg_devices", "gauge", "devices per migration state", devices));
        };
    }

    public static Supplier<List<Family>> handshakes(WireGuardHandshakes wireguard, NativeHandshakes backend) {
        return () -> List.of(
                new Family("pptp2wg_wireguard_handshakes_total", "counter",
                        "WireGuard handshakes completed with the backend", List.of(Sample.of(wireguard.completed()))),
                new Family("pptp2wg_backend_dumps_total", "counter",
                        "backend 'wg show dump' reports received", List.of(Sample.of(backend.reports()))),
                new Family("pptp2wg_users_migrated_by_handshake_total", "counter",
                        "users marked migrated from a native handshake", List.of(Sample.of(backend.marked()))));
    }

    public static Supplier<List<Family>> journal(EventJournal journal) {
        return () -> List.of(
                new Family("pptp2wg_events_queued", "gauge", "session events waiting for the database",
                        List.of(Sample.of(journal.queued()))),
                new Family("pptp2wg_events_written_total", "counter", "session events committed",
                        List.of(Sample.of(journal.written()))),
                new Family("pptp2wg_events_dropped_total", "counter", "session events dropped: the queue was full",
                        List.of(Sample.of(journal.dropped()))),
                new Family("pptp2wg_events_write_failures_total", "counter", "failed database writes (retried)",
                        List.of(Sample.of(journal.writeFailures()))));
    }
}
