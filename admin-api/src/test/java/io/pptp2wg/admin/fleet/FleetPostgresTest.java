package io.pptp2wg.admin.fleet;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.pptp2wg.admin.db.FleetDao;
import io.pptp2wg.admin.db.LeaseDao;
import io.pptp2wg.admin.db.Schema;
import io.pptp2wg.admin.testing.FakeGateway;
import io.pptp2wg.admin.testing.Fixture;
import io.pptp2wg.admin.testing.MutableClock;
import io.pptp2wg.admin.testing.OldHost;
import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionListener;
import io.pptp2wg.session.SessionRegistry;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two (or three) gateway nodes on one real PostgreSQL database (a schema of its own; skipped without a server unless
 * root, as PostgresApiTest): concurrent logins, reaping decided by the database, a disconnect across nodes. The
 * database outage is {@link FleetDatabaseOutageTest}'s, on a server of its own.
 */
class FleetPostgresTest {
    static final int USERS = 200;
    @TempDir
    Path dir;
    final Fixture.Postgres pg = Fixture.Postgres.fromEnvironment();
    final List<ManagedDataSource> pools = new ArrayList<>();
    GatewaySettings settings;

    @BeforeEach
    void database() throws Exception {
        boolean up = pg.create();
        if (!up && "root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("PostgreSQL is not reachable at " + pg.url());
        }
        Assumptions.assumeTrue(up, "PostgreSQL unavailable");
        Schema.migrate(factory(pg.urlWithSchema()));
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < USERS; i++) {
            users.put("user" + i, "*");
        }
        settings = OldHost.settings(dir, "198.51.100.1-250", users);
    }

    @AfterEach
    void drop() throws Exception {
        for (ManagedDataSource p : pools) {
            p.stop();
        }
        pg.drop();
    }

    DataSourceFactory factory(String url) {
        DataSourceFactory f = new DataSourceFactory();
        f.setDriverClass("org.postgresql.Driver");
        f.setUrl(url);
        f.setUser(pg.user());
        f.setPassword(pg.password());
        return f;
    }

    /** A node's pool, as the application builds it in fleet mode. */
    Jdbi jdbi(String url) throws Exception {
        ManagedDataSource ds = FleetDatabase.harden(factory(url)).build(new MetricRegistry(), "fleet-test-" + pools.size());
        pools.add(ds);
        ds.start();
        return Jdbi.create(ds);
    }

    TestNode node(Jdbi jdbi, String name, Clock clock) {
        return new TestNode(jdbi, name, () -> settings, clock, TestNode.settings(name));
    }

    static FakeGateway.Login login(TestNode n, String user) {
        return n.gateway.login(user, FakeGateway.client("PC-" + user, "Microsoft", 1, "198.51.100.7"));
    }

    static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not within " + limit);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    @Test
    void twoHundredUsersAtOnceOnTwoNodesNoAddressTwiceAndEachGetsItsStickyAddressOnTheOtherNode() throws Exception {
        Jdbi jdbi = jdbi(pg.urlWithSchema());
        Clock clock = Clock.systemUTC();
        TestNode a = node(jdbi, "a", clock);
        TestNode b = node(jdbi, "b", clock);
        a.node.start(); // beating, as in the application (a login is refused while the last beat is old)
        b.node.start();
        try {
            loginTwiceAcrossNodes(jdbi, a, b);
        } finally {
            a.node.stop();
            b.node.stop();
        }
    }

    void loginTwiceAcrossNodes(Jdbi jdbi, TestNode a, TestNode b) throws Exception {
        long t0 = System.nanoTime();
        Map<String, Integer> first = loginAll(a, b, 0);
        System.out.println("fleet: " + USERS + " concurrent first logins on two nodes in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertThat(new HashSet<>(first.values())).as("no address twice").hasSize(USERS);
        assertThat(new LeaseDao(jdbi).count()).isEqualTo(USERS);
        for (TestNode n : List.of(a, b)) {
            for (SessionHandle s : List.copyOf(n.gateway.sessions())) {
                s.disconnect("bye");
            }
        }
        assertThat(new LeaseDao(jdbi).count()).isZero();
        t0 = System.nanoTime();
        Map<String, Integer> second = loginAll(a, b, 1); // each user on the other node now
        System.out.println("fleet: " + USERS + " concurrent logins back on the other node in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertThat(second).as("the sticky address back, on the other node").isEqualTo(first);
        assertThat(new HashSet<>(second.values())).hasSize(USERS);
    }

    /** Every user logs in at once, even users on node a and odd on b (or the other way round when {@code shift} is 1). */
    Map<String, Integer> loginAll(TestNode a, TestNode b, int shift) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            CountDownLatch go = new CountDownLatch(1);
            Map<String, Future<FakeGateway.Login>> out = new HashMap<>();
            for (int i = 0; i < USERS; i++) {
                String user = "user" + i;
                TestNode on = (i + shift) % 2 == 0 ? a : b;
                out.put(user, pool.submit(() -> {
                    go.await();
                    return login(on, user);
                }));
            }
            go.countDown();
            Map<String, Integer> addresses = new ConcurrentHashMap<>();
            for (var e : out.entrySet()) {
                FakeGateway.Login l = e.getValue().get(60, TimeUnit.SECONDS);
                assertThat(l).as(e.getKey()).isInstanceOf(FakeGateway.Login.Up.class);
                addresses.put(e.getKey(), ((FakeGateway.Login.Up) l).session().info().tunnelAddress());
            }
            return addresses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoNodesReapingASilentNodeAtTheSameMomentRecordItsSessionsLostOnce() throws Exception {
        Jdbi jdbi = jdbi(pg.urlWithSchema());
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        TestNode a = node(jdbi, "a", clock);
        TestNode b = node(jdbi, "b", clock);
        TestNode c = node(jdbi, "c", clock);
        for (int i = 0; i < 5; i++) {
            assertThat(login(a, "user" + i)).isInstanceOf(FakeGateway.Login.Up.class);
        }
        a.flush();
        for (int s = 0; s < 40; s++) { // a is silent from the start; b and c beat together, on two threads
            clock.advance(Duration.ofSeconds(1));
            CountDownLatch go = new CountDownLatch(1);
            Thread tb = Thread.ofPlatform().start(() -> awaitThen(go, b.node::tick));
            Thread tc = Thread.ofPlatform().start(() -> awaitThen(go, c.node::tick));
            go.countDown();
            tb.join(30_000);
            tc.join(30_000);
        }
        long lost = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM session_events WHERE kind = 'LOST' "
                + "AND boot_id = :b").bind("b", a.boot).mapTo(Long.class).one());
        assertThat(lost).isEqualTo(5);
        assertThat(new FleetDao(jdbi).node("a").orElseThrow().reapedBy()).isIn("b", "c");
        assertThat(new LeaseDao(jdbi).count()).isZero();
    }

    static void awaitThen(CountDownLatch go, Runnable r) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        r.run();
    }

    @Test
    void aDisconnectOnOneNodeEndsTheSessionOnTheOtherWithinAHeartbeat() throws Exception {
        Jdbi jdbi = jdbi(pg.urlWithSchema());
        Clock clock = Clock.systemUTC();
        TestNode a = node(jdbi, "a", clock);
        TestNode b = node(jdbi, "b", clock);
        Map<Long, Long> endedAt = new ConcurrentHashMap<>();
        b.node.deliverTo(recording(b.gateway, endedAt));
        a.node.start();
        b.node.start();
        try {
            List<Long> delays = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                var s = ((FakeGateway.Login.Up) login(b, "user" + i)).session();
                b.flush();
                var sessions = new FleetSessions(a.node, a.events);
                assertThat(sessions.remote()).anySatisfy(r -> assertThat(r.login().sessionId()).isEqualTo(s.info().id()));
                long t0 = System.nanoTime();
                assertThat(sessions.disconnect("b", s.info().id(), "ended from a")).isTrue();
                await("disconnect carried out by b", Duration.ofSeconds(5), () -> endedAt.containsKey(s.info().id()));
                delays.add((endedAt.get(s.info().id()) - t0) / 1_000_000);
                assertThat(s.disconnectReason()).isEqualTo("ended from a");
            }
            System.out.println("fleet disconnect delay (ms, heartbeatInterval 1 s): " + delays);
            assertThat(delays).allMatch(d -> d <= 1_500);
        } finally {
            a.node.stop();
            b.node.stop();
        }
    }

    /** The registry, noting when a session's disconnect is called. */
    static SessionRegistry recording(SessionRegistry r, Map<Long, Long> endedAt) {
        return new SessionRegistry() {
            @Override
            public Collection<SessionHandle> sessions() {
                return r.sessions();
            }

            @Override
            public Optional<SessionHandle> session(long id) {
                return r.session(id).map(h -> new SessionHandle() {
                    @Override
                    public io.pptp2wg.session.SessionInfo info() {
                        return h.info();
                    }

                    @Override
                    public io.pptp2wg.session.SessionCounters counters() {
                        return h.counters();
                    }

                    @Override
                    public void sendToClient(java.nio.ByteBuffer ipPacket) {
                        h.sendToClient(ipPacket);
                    }

                    @Override
                    public void disconnect(String reason) {
                        endedAt.put(id, System.nanoTime());
                        h.disconnect(reason);
                    }
                });
            }

            @Override
            public Optional<SessionHandle> byTunnelAddress(int address) {
                return r.byTunnelAddress(address);
            }

            @Override
            public void addListener(SessionListener listener) {
                r.addListener(listener);
            }
        };
    }
}
