package io.pptp2wg.tests.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.wireguard.crypto.KeyPair;
import io.pptp2wg.admin.auth.ApiToken;
import io.pptp2wg.tests.lab.ClientRun;
import io.pptp2wg.tests.lab.ClientScenario;
import io.pptp2wg.tests.lab.Commands;
import io.pptp2wg.tests.lab.GatewayProcess;
import io.pptp2wg.tests.lab.Lab;
import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.PostgresServer;
import io.pptp2wg.tests.lab.PptpClientVm;
import io.pptp2wg.tests.lab.RealPeerTest;
import io.pptp2wg.tests.lab.SessionResult;
import io.pptp2wg.tests.lab.Wait;
import io.pptp2wg.tests.lab.WireGuardBackend;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 end to end: two gateway processes (nodes a and b) in two network namespaces share one PostgreSQL server of
 * the test's own (Debian's binaries, in a third namespace), the real wireguard-go backend holds the per-user peers, and
 * Debian's pppd + pptp-linux in one VM boot move between the nodes:
 * <pre>
 *   lab netns (node a), br0 192.0.2.0/24 ─┬─ 192.0.2.1  gateway a (admin API 127.0.0.1:8080/8081 inside)
 *                                         ├─ 192.0.2.2  netns of gateway b (veth into the bridge)
 *                                         ├─ 192.0.2.3  backend netns: wireguard-go :51820, lo 203.0.113.10
 *                                         ├─ 192.0.2.4  database netns: PostgreSQL :5432 (clients 192.0.2.0/24)
 *                                         └─ 192.0.2.20 client VM
 * </pre>
 * Scenarios: user01 through a (ping behind the backend), then through b: same address, the backend's same peer with
 * its endpoint moved from a to b; a lists the session on b with b's name and its DELETE ends it on b (the client's pppd
 * logs the peer's Terminate-Request). user02 up through a, a SIGKILLed: b records the session LOST within lostAfter
 * plus a heartbeat, and user02 gets the same address through b. Then the database is stopped while user03 is up
 * through b: user03's pings go on, user04 is refused with the message (in pppd's log), and logs in once the database
 * is back; the journal catches up. Nothing on the backend is changed after the start.
 */
@RealPeerTest(gateway = true)
class FleetIT {
    static final String A = "192.0.2.1";
    static final String B = "192.0.2.2";
    static final String DB = "192.0.2.4";
    static final String BEHIND = "203.0.113.10";
    static final String SCHEMA = "fleet";
    static final String TOKEN = "fleet-" + Long.toHexString(new SecureRandom().nextLong());
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    static final Duration LOST_AFTER = Duration.ofSeconds(15);
    static final Duration WAIT = Duration.ofMinutes(3);
    /** How long user03's session is held through the database outage (FleetDatabaseOutageTest does 30 s). */
    static final Duration HELD_THROUGH_OUTAGE = Duration.ofSeconds(10);

    static void measure(String format, Object... args) {
        System.out.println("[measure] fleet: " + String.format(Locale.ROOT, format, args));
    }

    @Test
    void aUserMovesBetweenTwoNodesIsListedAndEndedAcrossThemAndSurvivesTheKillOfANode() throws Exception {
        assertThat(Commands.onPath("psql")).as("psql (tools/setup.d/30-postgres.sh installs PostgreSQL)").isTrue();
        try (Netns lab = Netns.create();
             Netns nsB = Netns.createStandalone();
             Netns nsDb = Netns.createStandalone()) {
            lab.plugIntoBridge(nsB, B + "/24");
            lab.plugIntoBridge(nsDb, DB + "/24");
            long t0 = System.nanoTime();
            PostgresServer pg = PostgresServer.start(nsDb, DB, "192.0.2.0/24");
            pg.sql("CREATE SCHEMA " + SCHEMA);
            measure("private PostgreSQL initdb + start %.1f s", (System.nanoTime() - t0) / 1e9);
            WireGuardBackend backend = WireGuardBackend.builder(lab).underlay("192.0.2.3/24").tunnel("203.0.113.1/24")
                    .behind(BEHIND).route("198.51.100.0/24").start();

            // one sealing key for every node: a copy of the same file (README: "Several gateways")
            Path key = Lab.newDir("fleet-key").resolve("identity.key");
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            Files.writeString(key, Base64.getEncoder().encodeToString(raw) + "\n");
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            KeyPair gatewayKeys = new KeyPair(); // the same wg.conf on both nodes
            // both nodes at once on the empty schema, as two hosts booting (FleetStartTest covers the races)
            CompletableFuture<GatewayProcess> startingB = CompletableFuture.supplyAsync(() ->
                    node(nsB, "b", B, backend, gatewayKeys, key, pg).start());
            GatewayProcess gwA = node(lab, "a", A, backend, gatewayKeys, key, pg).start();
            GatewayProcess gwB = startingB.join();
            GatewayApi apiA = new GatewayApi(gwA);
            GatewayApi apiB = new GatewayApi(gwB);
            measure("nodes answered /healthcheck %.1f s (a) / %.1f s (b) after start", gwA.startSeconds(), gwB.startSeconds());

            assertThat(apiA.prometheus().keySet()).as("a's own samples carry node=\"a\"")
                    .anyMatch(k -> k.contains("node=\"a\""));
            String peersA = apiA.call("GET", "/api/backend/peers", null, 200);
            String peersB = apiB.call("GET", "/api/backend/peers", null, 200);
            assertThat(peers(peersB)).as("the backend's peers, as each node prints them").isEqualTo(peers(peersA));
            backend.addPeers(peersA);
            Map<String, List<String>> configured = configured(backend);

            PptpClientVm vm = PptpClientVm.builder(lab)
                    .scenario(ClientScenario.named("on-a").user("user01", "pass01").ping(5).pingTarget(BEHIND)
                            .holdUntilReleased(120))
                    .scenario(ClientScenario.named("on-b").set("server", B).user("user01", "pass01").ping(5)
                            .pingTarget(BEHIND).holdUntilReleased(120).showLog(1))
                    .scenario(ClientScenario.named("kill-a").user("user02", "pass02").ping(3).pingTarget(BEHIND)
                            .holdUntilReleased(120).showLog(1))
                    .scenario(ClientScenario.named("back-on-b").set("server", B).user("user02", "pass02").ping(5)
                            .pingTarget(BEHIND))
                    .scenario(ClientScenario.named("db-down-held").set("server", B).user("user03", "pass03").ping(3)
                            .pingTarget(BEHIND).holdPing(BEHIND, 0.2).holdUntilReleased(120))
                    .scenario(ClientScenario.named("db-down-refused").set("server", B).user("user04", "pass04")
                            .holdUntilReleased(120).showLog(1))
                    .scenario(ClientScenario.named("db-back").set("server", B).user("user04", "pass04").ping(3)
                            .pingTarget(BEHIND))
                    .start();

            // user01 through a, then through b: the same address and the same backend peer, its endpoint moved
            ClientRun run = vm.awaitHolding("on-a", WAIT);
            SessionResult onA = run.scenario("on-a").session(0);
            assertThat(onA.up()).as(run.describe()).isTrue();
            assertThat(onA.ping().orElseThrow().allAnswered()).as(run.describe()).isTrue();
            String user01Key = apiA.sessionsByUser().get("user01").get("wireguardPublicKey").asText();
            WireGuardBackend.Peer viaA = backend.dump().get(user01Key);
            assertThat(viaA.endpointAddress()).as(backend.dumpText()).isEqualTo(A);
            vm.release("on-a");

            run = vm.awaitHolding("on-b", WAIT);
            SessionResult onB = run.scenario("on-b").session(0);
            assertThat(onB.up()).as(run.describe()).isTrue();
            assertThat(onB.ping().orElseThrow().allAnswered()).as(run.describe()).isTrue();
            assertThat(onB.localAddress()).as("user01's address through b").isEqualTo(onA.localAddress());
            WireGuardBackend.Peer viaB = backend.dump().get(user01Key);
            assertThat(viaB.endpointAddress()).as(backend.dumpText()).isEqualTo(B);
            assertThat(viaB.allowedIps()).isEqualTo(viaA.allowedIps()).containsExactly(onA.localAddress() + "/32");
            measure("user01 %s through a then b: backend peer %s endpoint %s -> %s", onA.localAddress(), user01Key,
                    viaA.endpoint(), viaB.endpoint());

            // a lists b's session with b's name; a's DELETE ends it on b
            JsonNode listed = apiA.sessionsByUser().get("user01");
            assertThat(listed).as("user01 in a's /api/sessions").isNotNull();
            assertThat(listed.get("node").asText()).isEqualTo("b");
            assertThat(listed.get("tunnelAddress").asText()).isEqualTo(onA.localAddress());
            long id = listed.get("id").asLong();
            long t1 = System.nanoTime();
            apiA.call("DELETE", "/api/sessions/" + id + "?node=b", null, 202);
            Wait.orThrow(() -> !onNode(apiB, "b").containsKey("user01"), Duration.ofSeconds(10), Duration.ofMillis(50),
                    "user01's session ended on b");
            measure("DELETE on a -> session gone from b's list %d ms (heartbeat %d ms)", (System.nanoTime() - t1) / 1_000_000,
                    HEARTBEAT.toMillis());
            vm.release("on-b");

            // user02 up through a; a SIGKILLed: b records the session LOST, user02 comes back through b
            run = vm.awaitHolding("kill-a", WAIT);
            SessionResult killed = run.scenario("kill-a").session(0);
            assertThat(killed.up()).as(run.describe()).isTrue();
            assertThat(onNode(apiB, "a")).as("b lists a's session").containsKey("user02");
            long t2 = System.nanoTime();
            gwA.kill();
            Wait.orThrow(() -> lost(pg, "user02"), LOST_AFTER.plusSeconds(30), Duration.ofMillis(200),
                    "user02's session on a recorded LOST by b");
            long lostMs = (System.nanoTime() - t2) / 1_000_000;
            measure("node a SIGKILLed -> its session LOST (recorded by b) after %d ms (lostAfter %d ms, heartbeat %d ms)",
                    lostMs, LOST_AFTER.toMillis(), HEARTBEAT.toMillis());
            assertThat(lostMs).as("LOST within lostAfter + 2 heartbeats (+2 s for a loaded machine)")
                    .isLessThanOrEqualTo(LOST_AFTER.plus(HEARTBEAT.multipliedBy(2)).plusSeconds(2).toMillis());
            assertThat(pg.sql("SELECT reaped_by FROM " + SCHEMA + ".fleet_nodes WHERE name = 'a'").strip()).isEqualTo("b");
            vm.release("kill-a");

            // the database stopped while user03 is up through b: the session stays up (pings all through), user04 is
            // refused with the message, and logs in once the database is back; the journal catches up
            run = vm.awaitHolding("db-down-held", WAIT);
            assertThat(run.scenario("db-down-held").session(0).up()).as(run.describe()).isTrue();
            long down = System.nanoTime();
            pg.stop();
            assertThat(gwB.awaitLog(Pattern.compile("fleet: database unreachable"), Duration.ofSeconds(10)))
                    .as("b notices the database stopped").isTrue();
            measure("database stopped -> b refuses logins after %d ms", (System.nanoTime() - down) / 1_000_000);
            long heldUntil = down + HELD_THROUGH_OUTAGE.toNanos(); // user03 pings through b all that time
            Wait.orThrow(() -> System.nanoTime() >= heldUntil, HELD_THROUGH_OUTAGE.plusSeconds(5), Duration.ofMillis(100),
                    "the outage");
            vm.release("db-down-held");
            run = vm.awaitHolding("db-down-refused", WAIT);
            SessionResult refused = run.scenario("db-down-refused").session(0);
            assertThat(refused.up()).as(run.describe()).isFalse();
            assertThat(refused.downReason()).as(run.describe()).contains("M=The gateway cannot reach its database");
            long outageMs = (System.nanoTime() - down) / 1_000_000;
            pg.start();
            long up = System.nanoTime();
            assertThat(gwB.awaitLog(Pattern.compile("fleet: database reachable again"), Duration.ofSeconds(5)))
                    .as("b accepts logins within 5 s of the database's return").isTrue();
            measure("database back after %d ms down -> b accepts logins after %d ms", outageMs,
                    (System.nanoTime() - up) / 1_000_000);
            vm.release("db-down-refused");

            run = vm.awaitEnd(WAIT);
            SessionResult held = run.scenario("db-down-held").session(0);
            SessionResult.HoldPing hp = held.holdPing().orElseThrow();
            assertThat(hp.rx()).as("user03's pings through b while the database was down: " + hp).isPositive();
            assertThat(hp.longestGapSeconds()).as("no gap in user03's pings: " + hp).isLessThan(2);
            assertThat(hp.tx() * hp.intervalSeconds()).as("user03 pinged through the outage: " + hp)
                    .isGreaterThanOrEqualTo(HELD_THROUGH_OUTAGE.toSeconds() - 1);
            measure("user03 through b during the outage: %d of %d pings answered, longest gap %.1f s", hp.rx(), hp.tx(),
                    hp.longestGapSeconds());
            SessionResult again = run.scenario("db-back").session(0);
            assertThat(again.up()).as(run.describe()).isTrue();
            assertThat(again.ping().orElseThrow().allAnswered()).as(run.describe()).isTrue();
            Wait.orThrow(() -> events(pg, "user03", "LOGOUT") == 1 && events(pg, "user04", "REFUSED") >= 1,
                    Duration.ofSeconds(10), Duration.ofMillis(200), "the journal caught up after the outage");
            SessionResult back = run.scenario("back-on-b").session(0);
            assertThat(back.up()).as(run.describe()).isTrue();
            assertThat(back.localAddress()).as("user02's address through b after a's kill").isEqualTo(killed.localAddress());
            assertThat(back.ping().orElseThrow().allAnswered()).as(run.describe()).isTrue();

            // the client's pppd saw b's Terminate-Request for the DELETE made on a
            SessionResult endedOnB = run.scenario("on-b").session(0);
            assertThat(endedOnB.logContains("LCP terminated by peer")).as(run.describe()).isTrue();
            assertThat(endedOnB.logContains("disconnected by the administrator")).as(run.describe()).isTrue();

            assertThat(configured(backend)).as("nothing changed on the backend").isEqualTo(configured);
            Optional<WireGuardBackend.Peer> user02 = backend.dump().values().stream()
                    .filter(p -> p.allowedIps().contains(killed.localAddress() + "/32")).findFirst();
            assertThat(user02).as(backend.dumpText()).hasValueSatisfying(p -> assertThat(p.endpointAddress()).isEqualTo(B));
            gwB.stop();
        }
    }

    static GatewayProcess.Builder node(Netns ns, String name, String listen, WireGuardBackend backend, KeyPair keys,
                                       Path sealingKey, PostgresServer pg) {
        GatewayProcess.Builder b = GatewayProcess.builder(ns).listen(listen)
                .backend(backend.publicKey().toBase64(), backend.endpoint(), "203.0.113.0/24").wireGuardKeys(keys)
                .apiToken(TOKEN)
                .configYaml("api:", "  tokens:", "    - name: fleet", "      sha256: " + ApiToken.sha256Hex(TOKEN))
                .configYaml("fleet:", "  enabled: true", "  nodeName: " + name,
                        "  heartbeatInterval: " + HEARTBEAT.toMillis() + "ms", "  lostAfter: " + LOST_AFTER.toSeconds() + "s")
                .configYaml("storage:", "  identityKeyFile: " + sealingKey)
                .configYaml(pg.databaseYaml(SCHEMA));
        for (int i = 1; i <= 4; i++) {
            b.user(String.format("user%02d", i), String.format("pass%02d", i));
        }
        return b;
    }

    /** A node's own sessions in its /api/sessions (each node lists the fleet), by user. */
    static Map<String, JsonNode> onNode(GatewayApi api, String node) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode s : api.get("/api/sessions")) {
            if (s.get("node").asText().equals(node)) {
                out.put(s.get("user").asText(), s);
            }
        }
        return out;
    }

    static int events(PostgresServer pg, String user, String kind) {
        return Integer.parseInt(pg.sql("SELECT COUNT(*) FROM " + SCHEMA + ".session_events WHERE kind = '" + kind
                + "' AND user_name = '" + user + "'").strip());
    }

    static boolean lost(PostgresServer pg, String user) {
        return !pg.sql("SELECT 1 FROM " + SCHEMA + ".session_events WHERE kind = 'LOST' AND user_name = '" + user + "'")
                .isBlank();
    }

    /** Public key -> AllowedIPs of wg-quick [Peer] sections. */
    static Map<String, String> peers(String wgQuick) {
        Map<String, String> out = new LinkedHashMap<>();
        String key = null;
        for (String line : wgQuick.lines().map(String::strip).toList()) {
            if (line.startsWith("PublicKey")) {
                key = line.substring(line.indexOf('=') + 1).strip();
                out.put(key, "");
            } else if (line.startsWith("AllowedIPs") && key != null) {
                out.put(key, line.substring(line.indexOf('=') + 1).strip());
            }
        }
        return out;
    }

    /** What the backend is configured with: its peers' keys and AllowedIPs (not what it learnt: endpoints). */
    static Map<String, List<String>> configured(WireGuardBackend backend) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        backend.dump().forEach((k, p) -> out.put(k, p.allowedIps()));
        return out;
    }
}
