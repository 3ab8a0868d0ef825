package io.pptp2wg.admin.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.DropwizardTestSupport;
import io.pptp2wg.admin.Pptp2wgConfiguration;
import io.pptp2wg.admin.testing.Fixture;
import io.pptp2wg.admin.testing.TestApp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes of a fleet started at the same moment on an empty PostgreSQL schema (the whole application, as
 * {@code systemctl start} on two hosts would): the schema is migrated once, every user is created once and given one
 * identity and one sticky address, whichever node got there first, and both nodes then agree on them.
 */
class FleetStartTest {
    static final int ROUNDS = 2;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @Test
    @Timeout(300)
    void twoNodesStartingAtOnceOnAnEmptyDatabaseAgreeOnEveryUsersIdentityAndAddress() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Fixture.Postgres pg = Fixture.Postgres.fromEnvironment();
            if (!pg.create()) {
                if ("root".equals(System.getProperty("user.name"))) {
                    throw new IllegalStateException("PostgreSQL is not reachable at " + pg.url());
                }
                Assumptions.abort("PostgreSQL unavailable");
            }
            try {
                startTogether(Fixture.postgres(pg));
            } finally {
                pg.drop();
            }
        }
    }

    void startTogether(Fixture fixture) throws Exception {
        // the one sealing key that every node is given (README: "Several gateways")
        Path key = fixture.dir.resolve("data/identity.key");
        Files.createDirectories(key.getParent());
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        Files.writeString(key, Base64.getEncoder().encodeToString(raw));
        List<DropwizardTestSupport<Pptp2wgConfiguration>> nodes = new ArrayList<>();
        String config = Files.readString(fixture.config);
        for (String name : List.of("a", "b")) { // files of their own: ConfigOverrides are JVM-wide system properties
            Path file = fixture.dir.resolve("config-" + name + ".yml");
            Files.writeString(file, config + "fleet:\n  enabled: true\n  nodeName: " + name + "\n");
            nodes.add(new DropwizardTestSupport<>(TestApp.class, file.toString()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<DropwizardTestSupport<Pptp2wgConfiguration>> started = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> starting = new ArrayList<>();
            for (var n : nodes) {
                starting.add(pool.submit(() -> {
                    go.await();
                    n.before();
                    synchronized (started) {
                        started.add(n);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : starting) {
                f.get(120, TimeUnit.SECONDS);
            }
            Map<String, String> a = identitiesAndAddresses(nodes.get(0));
            Map<String, String> b = identitiesAndAddresses(nodes.get(1));
            assertThat(a).as("users on node a").hasSize(Fixture.POOL_USERS.size() + 1);
            assertThat(b).as("node b sees what node a sees").isEqualTo(a);
            assertThat(a.values()).as("no identity or address twice").doesNotHaveDuplicates();
        } finally {
            synchronized (started) {
                for (var n : started) {
                    n.after();
                }
            }
            pool.shutdownNow();
        }
    }

    /** user -> "public key address", from GET /api/users. */
    Map<String, String> identitiesAndAddresses(DropwizardTestSupport<?> node) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.getLocalPort() + "/api/users"))
                .header("Authorization", "Bearer " + Fixture.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, String> out = new TreeMap<>();
        for (JsonNode u : users(json.readTree(r.body()))) {
            out.put(u.get("name").asText(), u.path("wireguardPublicKey").asText() + " " + u.path("tunnelAddress").asText());
        }
        return out;
    }

    static JsonNode users(JsonNode answer) {
        return answer.isArray() ? answer : answer.get("users");
    }
}
