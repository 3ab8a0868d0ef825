package io.pptp2wg.admin.fleet;

import io.pptp2wg.admin.db.FleetDao;
import io.pptp2wg.admin.db.LeaseDao;
import io.pptp2wg.admin.testing.FakeGateway;
import io.pptp2wg.admin.testing.MutableClock;
import io.pptp2wg.admin.testing.OldHost;
import io.pptp2wg.admin.testing.TestDatabase;
import io.pptp2wg.config.GatewaySettings;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fleet's heartbeat, reaping, disconnect requests and fencing, on a fake clock (H2 in memory stands for the database). */
class FleetNodeTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    @TempDir
    Path dir;
    final Jdbi jdbi = TestDatabase.h2();
    final MutableClock clock = new MutableClock(T);
    GatewaySettings settings;

    TestNode node(String name) {
        if (settings == null) {
            Map<String, String> users = new LinkedHashMap<>();
            for (int i = 0; i < 10; i++) {
                users.put("u" + i, "*");
            }
            settings = OldHost.settings(dir, "192.0.2.100-149", users);
        }
        return new TestNode(jdbi, name, () -> settings, clock, TestNode.settings(name));
    }

    static FakeGateway.FakeSession up(TestNode n, String user) {
        return ((FakeGateway.Login.Up) n.gateway.login(user, FakeGateway.client("PC-" + user, "Microsoft", 1, "198.51.100.7")))
                .session();
    }

    void beat(Duration d, TestNode... nodes) {
        for (long s = 0; s < d.toSeconds(); s++) {
            clock.advance(Duration.ofSeconds(1));
            for (TestNode n : nodes) {
                n.node.tick();
            }
        }
    }

    long count(String kind, String boot) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM session_events WHERE kind = :k AND boot_id = :b")
                .bind("k", kind).bind("b", boot).mapTo(Long.class).one());
    }

    @Test
    void aSilentNodesSessionsAreRecordedLostOnceByOneOtherNodeWithinTheBound() throws Exception {
        TestNode a = node("a");
        TestNode b = node("b");
        TestNode c = node("c");
        up(a, "u1");
        up(a, "u2");
        up(b, "u3");
        a.flush();
        b.flush();
        beat(Duration.ofSeconds(20), a, b, c);
        assertThat(count("LOST", a.boot)).isZero();
        assertThat(new FleetSessions(c.node, c.events).remote()).extracting(FleetSessions.Remote::node)
                .containsExactlyInAnyOrder("a", "a", "b");

        Instant silentFrom = clock.instant(); // a is killed: no more beats
        Instant recorded = null;
        for (int s = 0; s < 30 && recorded == null; s++) {
            beat(Duration.ofSeconds(1), b, c);
            if (count("LOST", a.boot) > 0) {
                recorded = clock.instant();
            }
        }
        assertThat(recorded).as("recorded LOST").isNotNull();
        Duration bound = TestNode.settings("x").lostAfter().plus(TestNode.settings("x").heartbeatInterval());
        assertThat(Duration.between(silentFrom, recorded)).isGreaterThan(TestNode.settings("x").lostAfter())
                .isLessThanOrEqualTo(bound);
        beat(Duration.ofSeconds(5), b, c);
        assertThat(count("LOST", a.boot)).as("once, by one node").isEqualTo(2);
        assertThat(count("LOST", b.boot)).isZero();
        var row = new FleetDao(jdbi).node("a").orElseThrow();
        assertThat(row.state()).isEqualTo("LOST");
        assertThat(row.reapedBy()).isIn("b", "c");
        assertThat(new LeaseDao(jdbi).count()).as("only b's session holds an address").isEqualTo(1);
        assertThat(new FleetSessions(c.node, c.events).remote()).extracting(FleetSessions.Remote::node)
                .containsExactly("b");
    }

    @Test
    void afterAnOutageOfTheWholeDatabaseNobodyIsDeclaredDeadBeforeItCouldBeatAgain() throws Exception {
        TestNode a = node("a");
        TestNode b = node("b");
        up(a, "u1");
        a.flush();
        beat(Duration.ofSeconds(3), a, b);
        clock.advance(Duration.ofSeconds(60)); // no node reached the database for a minute
        b.node.tick(); // b is back first
        assertThat(count("LOST", a.boot)).isZero();
        beat(Duration.ofSeconds(14), b); // a is slow to come back, but within lostAfter of b's return
        a.node.tick();
        beat(Duration.ofSeconds(30), a, b);
        assertThat(count("LOST", a.boot)).isZero();
        assertThat(new FleetDao(jdbi).node("a").orElseThrow().up()).isTrue();
    }

    @Test
    void aDisconnectRequestedOnOneNodeEndsTheSessionOnTheCarryingNodeAtItsNextBeat() throws Exception {
        TestNode a = node("a");
        TestNode b = node("b");
        var s = up(b, "u4");
        b.flush();
        var remote = new FleetSessions(a.node, a.events);
        var listed = remote.remote();
        assertThat(listed).singleElement().satisfies(r -> {
            assertThat(r.node()).isEqualTo("b");
            assertThat(r.login().user()).isEqualTo("u4");
        });
        assertThat(remote.disconnect("b", listed.getFirst().login().sessionId(), "by ops on a")).isTrue();
        assertThat(s.disconnectReason()).isNull();
        a.node.tick();
        assertThat(s.disconnectReason()).as("only b carries it out").isNull();
        b.node.tick(); // b's next beat: at most one heartbeatInterval after the request
        assertThat(s.disconnectReason()).isEqualTo("by ops on a");
        b.flush();
        assertThat(count("LOGOUT", b.boot)).isEqualTo(1);
        assertThat(remote.remote()).isEmpty();
        assertThat(remote.disconnect("nobody", 1, "x")).isFalse();
    }

    @Test
    void aNodeDeclaredDeadWhileCutOffEndsItsSessionsAndJoinsAgain() throws Exception {
        TestNode a = node("a");
        TestNode b = node("b");
        var s = up(a, "u5");
        a.flush();
        beat(Duration.ofSeconds(20), a, b);
        beat(Duration.ofSeconds(20), b); // a cannot reach the database (its beats do not arrive)
        assertThat(count("LOST", a.boot)).isEqualTo(1);
        a.node.tick(); // a is back: its row says LOST
        assertThat(s.disconnectReason()).contains("declared dead");
        assertThat(new FleetDao(jdbi).node("a").orElseThrow().up()).isTrue();
        assertThat(a.gateway.sessions()).isEmpty();
    }

    @Test
    void aNameInUseByARunningNodeIsRefusedAKilledRunOfTheSameNameIsTakenOver() {
        TestNode a = node("a");
        FleetDao dao = new FleetDao(jdbi);
        FleetNode twin = new FleetNode(TestNode.settings("a"), "other-run", dao, a.events, a.leases, clock);
        assertThatThrownBy(() -> twin.register(() -> {
            clock.advance(Duration.ofSeconds(2));
            a.node.tick(); // the running one beats while the new one watches
        })).hasMessageContaining("in use by a running gateway");
        FleetNode restarted = new FleetNode(TestNode.settings("a"), "next-run", dao, a.events, a.leases, clock);
        restarted.register(() -> clock.advance(Duration.ofSeconds(2))); // a was killed: its heartbeat stands still
        assertThat(dao.node("a").orElseThrow().bootId()).isEqualTo("next-run");
    }

    @Test
    void atStartANodeClosesOnlyRunsOfNodesThatAreNotUp() throws Exception {
        TestNode a = node("a");
        up(a, "u6");
        a.flush();
        TestNode b = node("b"); // its journal's start must not close a's session
        b.flush();
        assertThat(count("LOST", a.boot)).isZero();
        assertThat(b.node.closableAtStart().test(a.boot)).isFalse();
        assertThat(b.node.closableAtStart().test("an-old-single-gateway-run")).isTrue();
    }

    @Test
    void loginsAreRefusedWithTheMessageWhileTheLastBeatIsOld() {
        TestNode a = node("a");
        assertThat(a.node.reachable()).isTrue();
        clock.advance(Duration.ofSeconds(4)); // no beat for more than three intervals
        assertThat(a.node.reachable()).isFalse();
        assertThat(a.gateway.login("u7", FakeGateway.client("PC", "Microsoft", 1, "198.51.100.7")))
                .isEqualTo(new FakeGateway.Login.Refused(FleetNode.UNREACHABLE_MESSAGE));
        a.node.tick();
        assertThat(a.node.reachable()).isTrue();
    }

    @Test
    void oneNodeReportsTheFleetsTotalsAndEveryOwnSampleCarriesItsNode() {
        TestNode a = node("a");
        TestNode b = node("b");
        beat(Duration.ofSeconds(2), a, b);
        assertThat(a.node.reportsForFleet()).isTrue();
        assertThat(b.node.reportsForFleet()).isFalse();
        beat(Duration.ofSeconds(20), b); // a is gone: b reports from then on
        assertThat(b.node.reportsForFleet()).isTrue();

        var own = new io.pptp2wg.admin.metrics.PrometheusText.Family("pptp2wg_sessions", "gauge", "", List.of(
                new io.pptp2wg.admin.metrics.PrometheusText.Sample("{auth=\"mschapv2\"}", 2),
                io.pptp2wg.admin.metrics.PrometheusText.Sample.of(1)));
        var users = new io.pptp2wg.admin.metrics.PrometheusText.Family("pptp2wg_users", "gauge", "", List.of(
                new io.pptp2wg.admin.metrics.PrometheusText.Sample("{state=\"pptp\"}", 5)));
        var sessions = new FleetSessions(b.node, b.events);
        String text = io.pptp2wg.admin.metrics.PrometheusText.write(new com.codahale.metrics.MetricRegistry(),
                List.of(() -> List.of(own), io.pptp2wg.admin.metrics.FleetMetrics.once(b.node, () -> List.of(users)),
                        io.pptp2wg.admin.metrics.FleetMetrics.totals(b.node, sessions, b.gateway)),
                "b", io.pptp2wg.admin.metrics.FleetMetrics.FLEET_WIDE::contains);
        assertThat(text).contains("pptp2wg_sessions{node=\"b\",auth=\"mschapv2\"} 2\n", "pptp2wg_sessions{node=\"b\"} 1\n",
                "pptp2wg_users{state=\"pptp\"} 5\n", "pptp2wg_fleet_nodes 1\n", "pptp2wg_fleet_sessions{node=\"b\"} 0\n");
        String fromA = io.pptp2wg.admin.metrics.PrometheusText.write(new com.codahale.metrics.MetricRegistry(),
                List.of(io.pptp2wg.admin.metrics.FleetMetrics.once(a.node, () -> List.of(users))), "a",
                io.pptp2wg.admin.metrics.FleetMetrics.FLEET_WIDE::contains);
        assertThat(fromA).doesNotContain("pptp2wg_users"); // a is not reachable (silent): never twice
    }
}
