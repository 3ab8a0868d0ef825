package io.pptp2wg.admin.fleet;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.pptp2wg.admin.db.FleetDao;
import io.pptp2wg.admin.db.Schema;
import io.pptp2wg.admin.testing.FakeGateway;
import io.pptp2wg.admin.testing.Fixture;
import io.pptp2wg.admin.testing.OldHost;
import io.pptp2wg.admin.testing.PrivatePostgres;
import io.pptp2wg.config.GatewaySettings;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.pptp2wg.admin.fleet.FleetPostgresTest.await;
import static io.pptp2wg.admin.fleet.FleetPostgresTest.login;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14's database outage: two nodes on a PostgreSQL server of the test's own ({@link PrivatePostgres}, so the
 * machine's shared server is never stopped), which the test stops (a fast shutdown: every connection closed, new
 * ones refused) for 30 s and starts again on the same port. Sessions up stay up, new logins are refused with the
 * message, logins work again within 5 s after the server is back, and no journal event is lost.
 */
class FleetDatabaseOutageTest {
    static final Duration OUTAGE = Duration.ofSeconds(30);
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(5);
    @TempDir
    Path dir;

    @Test
    void theDatabaseStoppedFor30sSessionsStayNewLoginsRefusedThenBackWithin5sAndNoEventLost() throws Exception {
        if (!PrivatePostgres.available()) {
            if ("root".equals(System.getProperty("user.name"))) {
                throw new IllegalStateException("no /usr/lib/postgresql/*/bin/initdb: run tools/setup.sh");
            }
            Assumptions.abort("PostgreSQL's server binaries are not installed");
        }
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            users.put("user" + i, "*");
        }
        GatewaySettings settings = OldHost.settings(dir, "198.51.100.1-250", users);
        try (PrivatePostgres server = PrivatePostgres.create()) {
            Fixture.Postgres pg = server.postgres();
            assertThat(pg.create()).as(server.toString()).isTrue();
            DataSourceFactory f = new DataSourceFactory();
            f.setDriverClass("org.postgresql.Driver");
            f.setUrl(pg.urlWithSchema());
            f.setUser(pg.user());
            f.setPassword(pg.password());
            Schema.migrate(f);
            ManagedDataSource ds = FleetDatabase.harden(f).build(new MetricRegistry(), "fleet-outage-test");
            ds.start();
            Jdbi jdbi = Jdbi.create(ds);
            Clock clock = Clock.systemUTC();
            TestNode a = new TestNode(jdbi, "a", () -> settings, clock, TestNode.settings("a"));
            TestNode b = new TestNode(jdbi, "b", () -> settings, clock, TestNode.settings("b"));
            a.node.start();
            b.node.start();
            try {
                outage(server, jdbi, a, b);
            } finally {
                a.node.stop();
                b.node.stop();
                ds.stop();
            }
        }
    }

    static void outage(PrivatePostgres server, Jdbi jdbi, TestNode a, TestNode b) throws Exception {
        var kept = ((FakeGateway.Login.Up) login(a, "user0")).session();
        var ending = ((FakeGateway.Login.Up) login(b, "user1")).session();
        a.flush();
        b.flush();

        long stopAt = System.nanoTime();
        server.stop();
        await("node a notices", Duration.ofSeconds(5), () -> !a.node.reachable());
        await("node b notices", Duration.ofSeconds(5), () -> !b.node.reachable());
        System.out.println("[measure] fleet: database stop noticed by both nodes after "
                + (System.nanoTime() - stopAt) / 1_000_000 + " ms (heartbeat 1 s)");
        assertThat(login(a, "user2")).isEqualTo(new FakeGateway.Login.Refused(FleetNode.UNREACHABLE_MESSAGE));
        assertThat(login(b, "user3")).isEqualTo(new FakeGateway.Login.Refused(FleetNode.UNREACHABLE_MESSAGE));
        kept.traffic(1000, 2000);
        ending.disconnect("the client hung up during the outage"); // its LOGOUT waits in b's journal
        long outageEnds = stopAt + OUTAGE.toNanos();
        await("the outage", OUTAGE.plusSeconds(10), () -> System.nanoTime() >= outageEnds);
        assertThat(a.gateway.sessions()).as("the session up stays up").hasSize(1);
        assertThat(kept.disconnectReason()).isNull();
        assertThat(b.leases.pendingReleases()).isEqualTo(1);

        server.start();
        long back = System.nanoTime();
        long[] loginAt = new long[1];
        await("a login works again", RECOVERY_BOUND, () -> {
            if (login(a, "user4") instanceof FakeGateway.Login.Up) {
                loginAt[0] = System.nanoTime();
                return true;
            }
            return false;
        });
        System.out.println("[measure] fleet: first login accepted " + (loginAt[0] - back) / 1_000_000
                + " ms after the database returned (" + OUTAGE.toSeconds() + " s outage, bound "
                + RECOVERY_BOUND.toSeconds() + " s)");
        a.flush();
        b.flush();
        System.out.println("[measure] fleet: journals caught up " + (System.nanoTime() - back) / 1_000_000
                + " ms after the database returned");
        await("b's held release", RECOVERY_BOUND, () -> b.leases.pendingReleases() == 0);
        assertThat(a.journal.dropped() + b.journal.dropped()).isZero();
        Map<String, Long> kinds = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT kind, COUNT(*) FROM session_events GROUP BY kind")
                .map((rs, ctx) -> kinds.put(rs.getString(1), rs.getLong(2))).list());
        assertThat(kinds).containsEntry("LOGIN", 3L).containsEntry("LOGOUT", 1L).doesNotContainKey("LOST");
        assertThat(kinds.get("REFUSED")).as("the refusals during the outage, and a's retries").isGreaterThanOrEqualTo(2);
        Set<String> leased = new HashSet<>(jdbi.withHandle(h -> h.createQuery("SELECT user_name FROM address_leases")
                .mapTo(String.class).list()));
        assertThat(leased).containsExactlyInAnyOrder("user0", "user4");
        assertThat(new FleetDao(jdbi).nodes()).allMatch(FleetDao.NodeRow::up);
        assertThat(TimeUnit.NANOSECONDS.toMillis(loginAt[0] - back)).isLessThanOrEqualTo(RECOVERY_BOUND.toMillis());
    }
}
