package io.pptp2wg.admin.console;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.pptp2wg.admin.Pptp2wgConfiguration;
import io.pptp2wg.admin.testing.Fixture;
import io.pptp2wg.admin.testing.TestApp;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's HTTP side without a browser: its files are public and carry no data; every call it makes
 * needs the token; every answer carries the strict Content-Security-Policy and refuses framing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(60)
class ConsoleSecurityTest {
    static final String ADMIN = "lead";
    static final String PASSWORD = "s3cret-passphrase";
    static final Fixture FIXTURE = Fixture.h2().withConsoleAdmin(ADMIN, PASSWORD);
    static final DropwizardAppExtension<Pptp2wgConfiguration> APP =
            new DropwizardAppExtension<>(TestApp.class, FIXTURE.config.toString());

    private Response get(String path, String token) {
        var b = APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + path)
                .property("jersey.config.client.followRedirects", false).request();
        return (token == null ? b : b.header("Authorization", "Bearer " + token)).get();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/console/overview", "/api/console/users", "/api/console/users?state=migrated&sort=bytes",
            "/api/users/alice", "/api/sessions", "/api/audit?limit=8", "/api/reports/migration?format=csv&table=users",
            "/api/users/alice/wireguard.conf", "/api/users/alice/wireguard.png"})
    void everyCallTheConsoleMakesRefusesWithoutTheToken(String path) {
        try (Response r = get(path, null)) {
            assertThat(r.getStatus()).isEqualTo(401);
            assertThat(r.getHeaderString("Content-Security-Policy")).isEqualTo(ConsoleFilter.CSP);
        }
        try (Response r = get(path, "wrong")) {
            assertThat(r.getStatus()).isEqualTo(401);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/", "/console/index.html", "/console/js/main.js", "/console/console.css",
            "/webjars/chart.js/4.5.1/dist/chart.umd.min.js", "/api/console/overview"})
    void everyAnswerCarriesTheStrictPolicyAndRefusesFraming(String path) {
        try (Response r = get(path, Fixture.TOKEN)) {
            assertThat(r.getStatus()).isEqualTo(200);
            String csp = r.getHeaderString("Content-Security-Policy");
            assertThat(csp).contains("script-src 'self'").contains("style-src 'self'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(r.getHeaderString("X-Frame-Options")).isEqualTo("DENY");
            assertThat(r.getHeaderString("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.getHeaderString("Referrer-Policy")).isEqualTo("no-referrer");
        }
    }

    @Test
    void theRootSendsTheBrowserToTheConsole() {
        try (Response r = get("/", null)) {
            assertThat(r.getStatus()).isEqualTo(302);
            assertThat(r.getHeaderString("Location")).endsWith("/console/");
        }
    }

    @Test
    void thePageHasNoInlineScriptNoInlineStyleAndNoData() {
        String html;
        try (Response r = get("/console/", null)) {
            assertThat(r.getStatus()).isEqualTo(200);
            html = r.readEntity(String.class);
        }
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find()).as("inline script").isFalse();
        assertThat(html).doesNotContain("<style").doesNotContain("style=").doesNotContain("onclick")
                .doesNotContain("alice");
    }

    private jakarta.ws.rs.client.WebTarget target(String path) {
        return APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + path);
    }

    private Response signIn(String name, String password) {
        return target("/api/console/session").request()
                .post(Entity.json(Map.of("name", name, "password", password)));
    }

    @Test
    void aWrongNameOrPasswordIsRefusedAndSetsNoCookie() {
        for (String[] attempt : new String[][] {{ADMIN, "wrong"}, {"nobody", PASSWORD}, {ADMIN, ""}}) {
            try (Response r = signIn(attempt[0], attempt[1])) {
                assertThat(r.getStatus()).isEqualTo(401);
                assertThat(r.getHeaderString("Set-Cookie")).isNull();
                assertThat(r.readEntity(String.class)).contains("wrong name or password");
            }
        }
    }

    @Test
    void aPasswordSessionIsAnHttpOnlyStrictCookieAndItsWritesNeedTheCsrfToken() throws Exception {
        String cookie;
        String csrf;
        try (Response r = signIn(ADMIN, PASSWORD)) {
            assertThat(r.getStatus()).isEqualTo(200);
            String setCookie = r.getHeaderString("Set-Cookie");
            assertThat(setCookie).startsWith("pptp2wg_console=").contains("; HttpOnly").contains("; SameSite=Strict")
                    .contains("; Path=/api").doesNotContain("Secure"); // plain HTTP here; Secure on TLS
            cookie = setCookie.substring(0, setCookie.indexOf(';'));
            csrf = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.readEntity(String.class)).get("csrf").asText();
        }
        assertThat(cookie).doesNotContain(csrf);
        try (Response r = target("/api/console/overview").request().header("Cookie", cookie).get()) {
            assertThat(r.getStatus()).isEqualTo(200);
        }
        String sunset = "{\"date\":\"2099-06-01\"}";
        try (Response r = target("/api/users/heidi/sunset").request().header("Cookie", cookie).put(Entity.json(sunset))) {
            assertThat(r.getStatus()).isEqualTo(403);
            assertThat(r.readEntity(String.class)).contains("X-CSRF-Token");
        }
        try (Response r = target("/api/users/heidi/sunset").request().header("Cookie", cookie)
                .header("X-CSRF-Token", csrf + "x").put(Entity.json(sunset))) {
            assertThat(r.getStatus()).isEqualTo(403);
        }
        try (Response r = target("/api/sessions/1").request().header("Cookie", cookie).delete()) {
            assertThat(r.getStatus()).isEqualTo(403);
        }
        try (Response r = target("/api/users/heidi/sunset").request().header("Cookie", cookie)
                .header("X-CSRF-Token", csrf).put(Entity.json(sunset))) {
            assertThat(r.getStatus()).isEqualTo(200);
        }
        try (Response r = target("/api/audit?limit=1").request().header("Cookie", cookie).get()) {
            assertThat(r.readEntity(String.class)).contains("\"actor\":\"" + ADMIN + "\"").contains("heidi");
        }
        try (Response r = target("/api/console/session").request().header("Cookie", cookie)
                .header("X-CSRF-Token", csrf).delete()) {
            assertThat(r.getStatus()).isEqualTo(204);
            assertThat(r.getHeaderString("Set-Cookie")).contains("Max-Age=0");
        }
        try (Response r = target("/api/console/overview").request().header("Cookie", cookie).get()) {
            assertThat(r.getStatus()).isEqualTo(401);
        }
        try (Response r = target("/api/console/overview").request().header("Cookie", "pptp2wg_console=forged").get()) {
            assertThat(r.getStatus()).isEqualTo(401);
        }
    }

    @Test
    void aMalformedSignInIsRefusedWithAReason() {
        var session = target("/api/console/session").request();
        try (Response r = session.post(Entity.json("{\"name\": \"lead\"}"))) {
            assertThat(r.getStatus()).isEqualTo(400);
        }
        try (Response r = target("/api/console/session").request().post(Entity.json("{\"name\": 7, \"password\": [1]}"))) {
            assertThat(r.getStatus()).isBetween(400, 422);
        }
        try (Response r = target("/api/console/session").request().post(Entity.json("not json"))) {
            assertThat(r.getStatus()).isEqualTo(400);
        }
        try (Response r = signIn(ADMIN, "x".repeat(5000))) {
            assertThat(r.getStatus()).isEqualTo(400);
        }
        try (Response r = signIn("n".repeat(500), PASSWORD)) {
            assertThat(r.getStatus()).isEqualTo(400);
        }
        // the sign-in is the only open call: its GET and DELETE need a session like every other
        try (Response r = target("/api/console/session").request().get()) {
            assertThat(r.getStatus()).isEqualTo(401);
        }
    }

    @Test
    void badTableParametersAreRefusedWithAReason() {
        try (Response r = get("/api/console/users?sort=password", Fixture.TOKEN)) {
            assertThat(r.getStatus()).isEqualTo(400);
            assertThat(r.readEntity(String.class)).contains("sort:");
        }
        try (Response r = get("/api/console/users?limit=100000", Fixture.TOKEN)) {
            assertThat(r.getStatus()).isEqualTo(400);
        }
        try (Response r = get("/api/console/users?state=nope", Fixture.TOKEN)) {
            assertThat(r.getStatus()).isEqualTo(400);
        }
    }
}
