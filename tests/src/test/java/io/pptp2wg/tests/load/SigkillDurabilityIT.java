package io.pptp2wg.tests.load;

import io.pptp2wg.tests.lab.GatewayProcess;
import io.pptp2wg.tests.lab.Lab;
import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.RealPeerTest;
import io.pptp2wg.tests.lab.Wait;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17's SIGKILL test, against the gateway as operators run it (its jar, {@code server}, the embedded H2 file):
 * the load generator churns sessions that carry traffic (rounds of {@value #ROUND_SESSIONS} sessions, each round with
 * users no other round has), and the gateway is killed with SIGKILL at {@value #KILLS} random moments (seeded; the
 * seed and every moment are printed; {@code -Dsigkill.seed=N} repeats a run), each time restarted on the same data
 * directory. Afterwards, from the journal (the H2 file, read once the gateway stopped cleanly):
 * <ul>
 * <li>every login the load generator saw accepted (its IPCP opened) has its LOGIN row, with the address it got
 *     ({@code storage.loginStoredBeforeIpcp}, on by default: the LOGIN is committed before the gateway's IPCP opens);
 * <li>every such session has its end, LOGOUT or LOST, and the bytes each way in it are within one checkpoint interval
 *     of traffic ({@value #CHECKPOINT_MS} ms, plus {@value #SLACK_MS} ms for a loaded machine) of what the load
 *     generator counted (its {@code --session-log}).
 * </ul>
 * <pre>
 *   netns lg: 203.0.113.2 --veth-- 203.0.113.1, br0 192.0.2.1: netns gw (gateway, pool 198.51.100.1-254)
 * </pre>
 */
@RealPeerTest(gateway = true)
class SigkillDurabilityIT {
    static final int KILLS = 10;
    static final long CHECKPOINT_MS = 1000;
    static final long SLACK_MS = 1000;
    static final int ROUND_SESSIONS = 12;
    static final int USERS = 3000;
    static final int RATE = 20;
    static final int SIZE = 500;
    /** A kill comes this long (uniform, ms) after the gateway answered its health check. */
    static final int KILL_AFTER_MIN_MS = 700;
    static final int KILL_AFTER_SPREAD_MS = 3300;
    static final int MAX_ROUNDS = 200;

    @Test
    void everyAcceptedLoginAndEveryEndedSessionsBytesSurviveTenKills() throws Exception {
        long seed = Long.getLong("sigkill.seed", System.nanoTime());
        System.out.println("[sigkill] seed " + seed + " (-Dsigkill.seed=" + seed + " repeats the kill moments)");
        Random random = new Random(seed);
        LoadGenerator.quietLogging(false);
        long t0 = System.nanoTime();
        try (Netns gw = Netns.create("192.0.2.1/24"); Netns lg = Netns.create("203.0.113.254/32")) {
            Netns.Veth veth = lg.linkTo(gw, "203.0.113.2/24", "203.0.113.1/24");
            lg.addRoute("192.0.2.0/24", veth.bAddress());
            GatewayProcess.Builder b = GatewayProcess.builder(gw).listen("192.0.2.1").ports(8080, 8081).connections(400)
                    .remoteIp("198.51.100.2-254")
                    .configYaml("storage:", "  checkpointInterval: " + CHECKPOINT_MS + "ms");
            StringBuilder secrets = new StringBuilder();
            for (int i = 1; i <= USERS; i++) {
                secrets.append(String.format("u%04d * p%04d *%n", i, i));
            }
            b.chapSecrets(secrets.toString());
            Path sessionLog = Lab.newDir("sigkill").resolve("sessions.tsv");
            try (GatewayProcess gateway = b.start()) {
                System.out.printf("[sigkill] gateway up in %.1f s; session log %s%n", gateway.startSeconds(), sessionLog);
                List<String> moments = new ArrayList<>();
                AtomicReference<Throwable> killerFailed = new AtomicReference<>();
                AtomicBoolean healthy = new AtomicBoolean(true);
                Thread killer = Thread.ofPlatform().name("sigkill").start(() -> {
                    try {
                        for (int k = 1; k <= KILLS; k++) {
                            long afterMs = KILL_AFTER_MIN_MS + random.nextInt(KILL_AFTER_SPREAD_MS);
                            // the kill moment is this test's input (seeded), not a wait for something to happen
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(afterMs));
                            String at = String.format("kill %d at +%.1f s, %d ms after the gateway was up (pid %d)", k,
                                    (System.nanoTime() - t0) / 1e9, afterMs, gateway.pid());
                            healthy.set(false);
                            gateway.kill();
                            gateway.restart(); // returns once /healthcheck answers
                            healthy.set(true);
                            moments.add(at + String.format(", restarted in %.1f s", gateway.startSeconds()));
                            System.out.println("[sigkill] " + moments.getLast());
                        }
                    } catch (Throwable e) {
                        killerFailed.set(e);
                    }
                });
                int rounds = lg.call(Duration.ofMinutes(6), () -> {
                    int round = 0;
                    while (round < MAX_ROUNDS) {
                        boolean last = !killer.isAlive();
                        // between a kill and the restart's health check nothing answers: wait for it, bounded
                        Wait.until(healthy::get, Duration.ofSeconds(60), Duration.ofMillis(50));
                        LoadGenerator.run(LoadOptions.parse("--server", "192.0.2.1", "--source", "203.0.113.2",
                                "--sessions", Integer.toString(ROUND_SESSIONS), "--calls-per-connection", "4",
                                "--user", "u%04d", "--password", "p%04d", "--user-first",
                                Integer.toString(1 + round * ROUND_SESSIONS), "--user-count", Integer.toString(ROUND_SESSIONS),
                                "--traffic", "icmp", "--size", Integer.toString(SIZE), "--rate", Integer.toString(RATE),
                                "--duration", "2", "--setup-timeout", "15", "--session-log", sessionLog.toString(), "--quiet"));
                        round++;
                        if (last) {
                            break; // one round after the last restart: sessions that end with their LOGOUT
                        }
                    }
                    return round;
                });
                killer.join(TimeUnit.MINUTES.toMillis(2));
                assertThat(killerFailed.get()).as("the kill/restart thread").isNull();
                assertThat(moments).hasSize(KILLS);
                assertThat(rounds).as("rounds").isLessThanOrEqualTo(MAX_ROUNDS);
                assertThat(rounds * ROUND_SESSIONS).isLessThanOrEqualTo(USERS);
                gateway.stop(); // SIGTERM: the journal is flushed, the H2 file closed
                check(seed, moments, SessionLog.read(sessionLog), journal(gateway.dataDir()), t0);
            }
        }
    }

    /** A session in the journal: its LOGIN and its end (LOGOUT or LOST), if any. */
    record Stored(String boot, long sessionId, String tunnel, String endKind, Long fromClient, Long toClient) {}

    /** The LOGIN of every user (each round has its own users: one session per user), with its end. */
    private static Map<String, List<Stored>> journal(Path dataDir) throws Exception {
        Map<String, List<Stored>> byUser = new HashMap<>();
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("pptp2wg") + ";REUSE_SPACE=FALSE";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT l.user_name, l.boot_id, l.session_id, l.tunnel_address, e.kind, "
                     + "e.bytes_from_client, e.bytes_to_client FROM session_events l LEFT JOIN session_events e "
                     + "ON e.boot_id = l.boot_id AND e.session_id = l.session_id AND e.kind IN ('LOGOUT', 'LOST') "
                     + "WHERE l.kind = 'LOGIN'")) {
            while (r.next()) { // tunnel_address is a BIGINT: the address as a number
                byUser.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(new Stored(r.getString(2), r.getLong(3),
                        io.pptp2wg.config.Ipv4.format((int) r.getLong(4)), r.getString(5), (Long) r.getObject(6, Long.class), (Long) r.getObject(7, Long.class)));
            }
        }
        return byUser;
    }

    private static void check(long seed, List<String> moments, List<SessionLog.Line> seen, Map<String, List<Stored>> journal,
                              long t0) {
        long bound = (long) RATE * SIZE * (CHECKPOINT_MS + SLACK_MS) / 1000; // bytes one interval carries, each way
        List<String> wrong = new ArrayList<>();
        int accepted = 0;
        int logouts = 0;
        int lost = 0;
        int exact = 0;
        long maxGap = 0;
        for (SessionLog.Line l : seen) {
            if (!l.accepted()) {
                continue;
            }
            accepted++;
            List<Stored> rows = journal.getOrDefault(l.user(), List.of());
            if (rows.size() != 1) {
                wrong.add(l.user() + " accepted at " + l.upAtMillis() + ": " + rows.size() + " LOGIN rows " + rows);
                continue;
            }
            Stored st = rows.getFirst();
            String address = io.pptp2wg.config.Ipv4.format(l.address());
            if (!address.equals(st.tunnel())) {
                wrong.add(l.user() + ": address " + address + ", journal " + st.tunnel());
            }
            if (st.endKind() == null) {
                wrong.add(l.user() + " (session " + st.sessionId() + "): no LOGOUT or LOST");
                continue;
            }
            if (st.endKind().equals("LOGOUT")) {
                logouts++;
            } else {
                lost++;
            }
            long from = st.fromClient() == null ? 0 : st.fromClient();
            long to = st.toClient() == null ? 0 : st.toClient();
            long gap = Math.max(Math.abs(l.bytesSent() - from), Math.abs(l.bytesReceived() - to));
            maxGap = Math.max(maxGap, gap);
            if (gap == 0) {
                exact++;
            }
            if (gap > bound) {
                wrong.add(String.format("%s (session %d, %s): sent %d / received %d, journal from client %d / to client %d",
                        l.user(), st.sessionId(), st.endKind(), l.bytesSent(), l.bytesReceived(), from, to));
            }
        }
        System.out.printf("[sigkill] %d kills in %.1f s; %d sessions tried, %d accepted: %d ended with LOGOUT, %d LOST;"
                        + " bytes: %d exact, largest difference %d bytes (bound: %d = %d B/s for %d + %d ms)%n", KILLS,
                (System.nanoTime() - t0) / 1e9, seen.size(), accepted, logouts, lost, exact, maxGap, bound, RATE * SIZE,
                CHECKPOINT_MS, SLACK_MS);
        assertThat(wrong).as("seed %d, %s", seed, moments).isEmpty();
        assertThat(accepted).as("sessions accepted").isGreaterThan(KILLS * ROUND_SESSIONS / 2);
        assertThat(lost).as("sessions the kills left open").isPositive();
        assertThat(logouts).as("sessions ended with their LOGOUT").isPositive();
    }
}
