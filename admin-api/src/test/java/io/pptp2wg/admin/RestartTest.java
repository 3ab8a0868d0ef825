package io.pptp2wg.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.DropwizardTestSupport;
import io.pptp2wg.admin.testing.FakeGateway;
import io.pptp2wg.admin.testing.Fixture;
import io.pptp2wg.admin.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the database keeps across a restart of the process (identities, sticky addresses, cut-overs,
 * the journal, sessions that were up marked LOST), and chap-secrets changes picked up while running.
 */
class RestartTest {
    final Fixture fixture = Fixture.h2();
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    DropwizardTestSupport<Pptp2wgConfiguration> start() throws Exception {
        var support = new DropwizardTestSupport<Pptp2wgConfiguration>(TestApp.class, fixture.config.toString());
        support.before();
        return support;
    }

    JsonNode get(DropwizardTestSupport<?> app, String path) throws Exception {
        return json.readTree(text(app, path));
    }

    String text(DropwizardTestSupport<?> app, String path) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getLocalPort() + path))
                .header("Authorization", "Bearer " + Fixture.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    static String privateKeyLine(String config) {
        return config.lines().filter(l -> l.startsWith("PrivateKey")).findFirst().orElseThrow();
    }

    String post(DropwizardTestSupport<?> app, String path) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getLocalPort() + path))
                .header("Authorization", "Bearer " + Fixture.TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    @Test
    @Timeout(180)
    void identitiesAddressesCutoversAndHistorySurviveARestart() throws Exception {
        var first = start();
        String aliceKey;
        String aliceAddress;
        String carolConfig;
        try {
            TestApp app = first.getApplication();
            JsonNode alice = get(first, "/api/users/alice").get("user");
            aliceKey = alice.get("wireguardPublicKey").asText();
            aliceAddress = alice.get("tunnelAddress").asText();
            carolConfig = post(first, "/api/users/carol/cutover");
            app.gateway.login("dave", FakeGateway.client("DAVE", "Microsoft", 1, "198.51.100.8"));
            app.flush();
        } finally {
            first.after(); // dave's session never logged out
        }

        Files.writeString(fixture.path("chap-secrets"), "zed pptpd \"zed-pw\" *\n", StandardOpenOption.APPEND);
        var second = start();
        try {
            JsonNode alice = get(second, "/api/users/alice").get("user");
            assertThat(alice.get("wireguardPublicKey").asText()).isEqualTo(aliceKey);
            assertThat(alice.get("tunnelAddress").asText()).isEqualTo(aliceAddress);
            assertThat(get(second, "/api/users/carol").get("user").get("state").asText()).isEqualTo("cutover-issued");
            assertThat(privateKeyLine(text(second, "/api/users/carol/wireguard.conf")))
                    .isEqualTo(privateKeyLine(carolConfig));
            JsonNode dave = get(second, "/api/users/dave");
            assertThat(dave.get("history").get(0).get("kind").asText()).isEqualTo("LOST");
            assertThat(dave.get("user").get("logins").asInt()).isEqualTo(1);
            JsonNode zed = get(second, "/api/users/zed").get("user");
            assertThat(zed.get("wireguardPublicKey").asText()).hasSize(44);
            assertThat(zed.get("tunnelAddress").isNull()).isFalse();

            // a user added while running: after the reload, a key and an address
            Files.writeString(fixture.path("chap-secrets"), "yan pptpd \"yan-pw\" *\n", StandardOpenOption.APPEND);
            var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + second.getAdminPort()
                    + "/tasks/reload-secrets")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).contains("reloaded");
            JsonNode yan = get(second, "/api/users/yan").get("user");
            assertThat(yan.get("wireguardPublicKey").asText()).hasSize(44);
            assertThat(yan.get("tunnelAddress").isNull()).isFalse();
        } finally {
            second.after();
        }
    }
}
