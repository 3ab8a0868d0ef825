package io.pptp2wg.admin.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.wireguard.config.Config;
import com.wireguard.crypto.KeyPair;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.pptp2wg.admin.Pptp2wgConfiguration;
import io.pptp2wg.admin.testing.FakeGateway;
import io.pptp2wg.admin.testing.Fixture;
import io.pptp2wg.admin.testing.TestApp;
import io.pptp2wg.config.Ipv4;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every /api endpoint through the real application (DropwizardAppExtension, port 0), with an in-memory
 * gateway. Run against H2 ({@link H2ApiTest}) and PostgreSQL ({@link PostgresApiTest}). Each test uses
 * users of its own, so the order does not matter; the clock only moves forward.
 */
@Timeout(120)
abstract class ApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    abstract DropwizardAppExtension<Pptp2wgConfiguration> app();

    abstract Fixture fixture();

    TestApp testApp() {
        return app().getApplication();
    }

    Invocation.Builder call(String path) {
        return call(path, Fixture.TOKEN);
    }

    Invocation.Builder call(String path, String token) {
        var b = app().client().target("http://127.0.0.1:" + app().getLocalPort() + path).request();
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    Invocation.Builder admin(String path) {
        return app().client().target("http://127.0.0.1:" + app().getAdminPort() + path).request();
    }

    static JsonNode json(Response r) {
        try {
            return JSON.readTree(r.readEntity(String.class));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The status, with the connection given back (an unread response keeps it from the pool). */
    static int status(Response r) {
        try {
            return r.getStatus();
        } finally {
            r.close();
        }
    }

    static JsonNode ok(Response r) {
        assertThat(r.getStatus()).as("status").isEqualTo(200);
        return json(r);
    }

    /** A 4xx with Dropwizard's {@code {"code", "message"}} body; returns the message. */
    static String refused(Response r, int status) {
        assertThat(r.getStatus()).as("status").isEqualTo(status);
        assertThat(r.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE)).isTrue();
        JsonNode body = json(r);
        assertThat(body.get("code").asInt()).isEqualTo(status);
        return body.get("message").asText();
    }

    FakeGateway.FakeSession login(String user, String host) {
        var result = testApp().gateway.login(user, FakeGateway.client(host, "Microsoft", 0x0600, "198.51.100.77"));
        assertThat(result).isInstanceOf(FakeGateway.Login.Up.class);
        return ((FakeGateway.Login.Up) result).session();
    }

    JsonNode user(String name) {
        testApp().flush();
        return ok(call("/api/users/" + name).get());
    }

    LocalDate today() {
        return LocalDate.ofInstant(testApp().clock.instant(), ZoneOffset.UTC);
    }

    // --- security -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/api/sessions", "/api/users", "/api/users/alice", "/api/reports/migration",
            "/api/backend/peers", "/api/audit", "/api/users/alice/wireguard.conf", "/api/users/nobody",
            "/api/users/alice/devices/0123456789abcdef/wireguard.conf"})
    void everyCallNeedsTheToken(String path) {
        assertThat(refused(call(path, null).get(), 401)).contains("missing bearer token");
        assertThat(refused(call(path, "wrong-token").get(), 401)).isEqualTo("invalid bearer token");
        Response basic = call(path, null).header("Authorization", "Basic YWxpY2U6cHc=").get();
        assertThat(basic.getHeaderString("WWW-Authenticate")).startsWith("Bearer");
        assertThat(refused(basic, 401)).contains("not a bearer token");
    }

    @Test
    void writesNeedTheTokenToo() {
        assertThat(refused(call("/api/users/alice/cutover", null).post(Entity.text("")), 401)).contains("missing");
        assertThat(refused(call("/api/sessions/1", "nope").delete(), 401)).contains("invalid");
        assertThat(refused(call("/api/backend/handshakes", null).post(Entity.text("x")), 401)).contains("missing");
        assertThat(refused(call("/api/users/alice/sunset", "nope").put(Entity.json("{\"date\":\"2020-01-01\"}")), 401))
                .contains("invalid");
    }

    @Test
    void aSecondTokenStoredInUpperCaseHexWorksAndIsTheAuditedActor() {
        assertThat(status(call("/api/users", Fixture.OTHER_TOKEN).get())).isEqualTo(200);
        ok(call("/api/users/sybil/sunset", Fixture.OTHER_TOKEN).put(Entity.json("{\"date\":\"2098-01-01\"}")));
        JsonNode audit = ok(call("/api/audit").get());
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("auditor");
            assertThat(e.get("action").asText()).isEqualTo("sunset");
            assertThat(e.get("target").asText()).isEqualTo("sybil");
        });
    }

    // --- sessions -------------------------------------------------------------------------------

    @Test
    void liveSessionsShowTheClientTheAddressTheKeyAndTheHandshakeAge() {
        var s = login("alice", "ALICE-LAPTOP");
        s.traffic(5000, 20000);
        JsonNode list = ok(call("/api/sessions").get());
        JsonNode mine = find(list, "id", Long.toString(s.info().id()));
        assertThat(mine.get("user").asText()).isEqualTo("alice");
        assertThat(mine.get("client").get("hostName").asText()).isEqualTo("ALICE-LAPTOP");
        assertThat(mine.get("client").get("vendor").asText()).isEqualTo("Microsoft");
        assertThat(mine.get("client").get("firmwareRevision").asInt()).isEqualTo(0x0600);
        assertThat(mine.get("client").get("publicAddress").asText()).isEqualTo("198.51.100.77");
        assertThat(mine.get("tunnelAddress").asText()).isEqualTo(Ipv4.format(s.info().tunnelAddress()));
        assertThat(mine.get("auth").asText()).isEqualTo("MS-CHAPv2");
        assertThat(mine.get("mppe").asText()).isEqualTo("128-bit stateless");
        assertThat(mine.get("bytesFromClient").asLong()).isEqualTo(5000);
        assertThat(mine.get("bytesToClient").asLong()).isEqualTo(20000);
        assertThat(mine.get("state").asText()).isIn("pptp-active", "pptp-dormant"); // journal may lag
        assertThat(mine.get("wireguardPublicKey").asText())
                .isEqualTo(testApp().admin.identities().identityFor("alice").orElseThrow().getPublicKey().toBase64());
        assertThat(mine.get("handshakeAgeSeconds").isNull()).isTrue();

        testApp().handshakes.handshook("alice", testApp().clock.instant().minusSeconds(42));
        mine = find(ok(call("/api/sessions").get()), "id", Long.toString(s.info().id()));
        assertThat(mine.get("handshakeAgeSeconds").asLong()).isEqualTo(42);
        testApp().gateway.hangUp(s, "client hung up");
    }

    @Test
    void deleteDisconnectsTheSessionAndTheLogoutIsStoredWithDurationAndBytes() {
        var s = login("carol", "CAROL-PC");
        testApp().clock.advance(Duration.ofMinutes(5));
        s.traffic(1234, 5678);
        assertThat(status(call("/api/sessions/" + s.info().id()).delete())).isEqualTo(204);
        assertThat(s.disconnectReason()).contains("administrator").contains("ops");
        assertThat(testApp().gateway.session(s.info().id())).isEmpty();

        JsonNode detail = user("carol");
        JsonNode logout = detail.get("history").get(0);
        assertThat(logout.get("kind").asText()).isEqualTo("LOGOUT");
        assertThat(logout.get("durationMs").asLong()).isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(logout.get("bytesFromClient").asLong()).isEqualTo(1234);
        assertThat(logout.get("bytesToClient").asLong()).isEqualTo(5678);
        assertThat(logout.get("reason").asText()).contains("administrator");
        assertThat(detail.get("history").get(1).get("kind").asText()).isEqualTo("LOGIN");
        assertThat(detail.get("user").get("bytesFromClient").asLong()).isGreaterThanOrEqualTo(1234);
        assertThat(find(ok(call("/api/audit").get()), "action", "disconnect").get("target").asText()).isEqualTo("carol");
    }

    @Test
    void deletingAnUnknownSessionIs404() {
        assertThat(refused(call("/api/sessions/999999").delete(), 404)).contains("no session 999999");
        assertThat(refused(call("/api/sessions/abc").delete(), 404)).contains("session ids are numbers");
    }

    // --- users ----------------------------------------------------------------------------------

    @Test
    void everyUserOfChapSecretsIsListedWithStateAddressAndKeyButNoSecret() {
        Response r = call("/api/users").get();
        String body = r.readEntity(String.class);
        assertThat(r.getStatus()).isEqualTo(200);
        JsonNode list = parse(body);
        assertThat(list.size()).isEqualTo(Fixture.POOL_USERS.size() + 1);
        JsonNode bob = find(list, "name", "bob");
        assertThat(bob.get("tunnelAddress").asText()).isEqualTo(Fixture.FIXED_ADDRESS);
        assertThat(bob.get("sunsetDate").asText()).isEqualTo(Fixture.GLOBAL_SUNSET);
        assertThat(bob.get("sunsetSource").asText()).isEqualTo("global");
        List<String> addresses = new ArrayList<>();
        for (JsonNode u : list) {
            assertThat(u.get("wireguardPublicKey").asText()).hasSize(44);
            assertThat(u.get("state").asText()).isIn("pptp-active", "pptp-dormant", "cutover-issued", "migrated",
                    "sunset-refused");
            addresses.add(u.get("tunnelAddress").asText());
        }
        assertThat(addresses).doesNotHaveDuplicates();
        for (String name : Fixture.POOL_USERS) {
            KeyPair k = testApp().admin.identities().identityFor(name).orElseThrow();
            assertThat(body).doesNotContain(k.getPrivateKey().toBase64());
        }
        assertThat(body).doesNotContain("-pw"); // chap-secrets passwords
    }

    @Test
    void aLoginMakesAUserActiveAndThirtyQuietDaysDormant() {
        assertThat(user("heidi").get("user").get("state").asText()).isEqualTo("pptp-dormant");
        var s = login("heidi", "HEIDI-MAC");
        s.traffic(100, 200);
        testApp().gateway.hangUp(s, "bye");
        JsonNode heidi = user("heidi").get("user");
        assertThat(heidi.get("state").asText()).isEqualTo("pptp-active");
        assertThat(heidi.get("logins").asLong()).isEqualTo(1);
        assertThat(heidi.get("lastLogin").asText()).isEqualTo(testApp().clock.instant().toString());
        assertThat(heidi.get("lastClient").get("hostName").asText()).isEqualTo("HEIDI-MAC");
        assertThat(heidi.get("bytesFromClient").asLong()).isEqualTo(100);
        assertThat(heidi.get("bytesToClient").asLong()).isEqualTo(200);
        testApp().clock.advance(Duration.ofDays(31));
        assertThat(user("heidi").get("user").get("state").asText()).isEqualTo("pptp-dormant");
    }

    @Test
    void authFailuresAreCountedPerUser() {
        testApp().gateway.authFailure("judy", FakeGateway.client("JUDY", "Microsoft", 1, "198.51.100.9"));
        testApp().gateway.authFailure("judy", FakeGateway.client("JUDY", "Microsoft", 1, "198.51.100.9"));
        JsonNode judy = user("judy");
        assertThat(judy.get("user").get("authFailures").asLong()).isEqualTo(2);
        assertThat(judy.get("history").get(0).get("kind").asText()).isEqualTo("AUTH_FAILURE");
        assertThat(judy.get("history").get(0).get("reason").asText()).isEqualTo("wrong password");
    }

    @Test
    void aLockoutIsJournalledShownAndClearedByAnAuditedUnlock() {
        var limiter = testApp().admin.limiter();
        var client = FakeGateway.client("XAVIER", "Microsoft", 1, "198.51.100.61");
        List<io.pptp2wg.session.guard.Lockout> begun = List.of();
        for (int i = 0; i < 3; i++) { // the Fixture's guessing.sourceFailures
            testApp().gateway.authFailure("xavier", client);
            begun = limiter.recordFailure("xavier", "198.51.100.61", testApp().clock.instant());
        }
        assertThat(begun).hasSize(1);
        testApp().gateway.lockedOut("xavier", client, begun.getFirst());
        JsonNode x = user("xavier");
        assertThat(x.get("lockouts")).hasSize(1);
        JsonNode l = x.get("lockouts").get(0);
        assertThat(l.get("scope").asText()).isEqualTo("source");
        assertThat(l.get("source").asText()).isEqualTo("198.51.100.61");
        assertThat(l.get("failures").asInt()).isEqualTo(3);
        assertThat(Duration.between(java.time.Instant.parse(l.get("since").asText()),
                java.time.Instant.parse(l.get("until").asText()))).isEqualTo(Duration.ofSeconds(30));
        assertThat(x.get("history").get(0).get("kind").asText()).isEqualTo("LOCKOUT");
        assertThat(x.get("history").get(0).get("reason").asText()).startsWith("3 failed logins from 198.51.100.61");
        assertThat(admin("/prometheus").get(String.class))
                .contains("pptp2wg_guessing_lockouts_total{scope=\"source\"} 1");

        JsonNode cleared = ok(call("/api/users/xavier/unlock").post(Entity.text("")));
        assertThat(cleared).hasSize(1);
        assertThat(user("xavier").get("lockouts")).isEmpty();
        assertThat(find(ok(call("/api/audit").get()), "action", "unlock").get("target").asText()).isEqualTo("xavier");
        assertThat(limiter.check("xavier", "198.51.100.61", testApp().clock.instant()))
                .isEqualTo(io.pptp2wg.session.guard.LoginVerdict.ALLOWED);
        assertThat(refused(call("/api/users/nobody/unlock").post(Entity.text("")), 404)).contains("nobody");
    }

    /** One request from 127.0.0.2 (the other tests' wrong tokens come from 127.0.0.1): its status line and headers. */
    private String rawGetFrom2(String token) throws Exception {
        try (java.net.Socket s = new java.net.Socket()) {
            s.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
            s.connect(new java.net.InetSocketAddress("127.0.0.1", app().getLocalPort()), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET /api/users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void anAddressThatKeepsSendingWrongTokensIsAnswered429WithRetryAfter() throws Exception {
        for (int i = 0; i < Fixture.API_TOKEN_FAILURES; i++) {
            assertThat(rawGetFrom2("wrong-" + i)).startsWith("HTTP/1.1 401");
        }
        String locked = rawGetFrom2(Fixture.TOKEN);                   // even the right token, while it lasts
        assertThat(locked).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After: 60");
        assertThat(status(call("/api/users").get())).isEqualTo(200);  // other addresses are not affected
        assertThat(admin("/prometheus").get(String.class)).contains("pptp2wg_api_throttled_total 1");
    }

    @Test
    void unknownUsersAndBadLimitsAreRefused() {
        assertThat(refused(call("/api/users/nobody").get(), 404)).contains("no user 'nobody'");
        assertThat(refused(call("/api/users/nobody/cutover").post(Entity.text("")), 404)).contains("nobody");
        assertThat(refused(call("/api/users/nobody/wireguard.conf").get(), 404)).contains("nobody");
        assertThat(refused(call("/api/users/nobody/wireguard.png").get(), 404)).contains("nobody");
        assertThat(refused(call("/api/users/nobody/sunset").put(Entity.json("{\"date\":\"2030-01-01\"}")), 404))
                .contains("nobody");
        assertThat(refused(call("/api/users/alice?limit=x").get(), 400)).contains("limit");
        assertThat(refused(call("/api/users/alice?limit=0").get(), 400)).contains("limit");
    }

    // --- cut-over -------------------------------------------------------------------------------

    @Test
    void cutoverIssuesTheGatewaysOwnKeyAndAddressAsAWgQuickFileThatParses() throws Exception {
        Response r = call("/api/users/dave/cutover").post(Entity.text(""));
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getMediaType().toString()).startsWith("text/plain");
        assertThat(r.getHeaderString("Cache-Control")).contains("no-store");
        String text = r.readEntity(String.class);
        Config config = Config.parse(new BufferedReader(new StringReader(text)));

        KeyPair dave = testApp().admin.identities().identityFor("dave").orElseThrow();
        assertThat(config.getInterface().getKeyPair().getPrivateKey()).isEqualTo(dave.getPrivateKey());
        String address = user("dave").get("user").get("tunnelAddress").asText();
        assertThat(config.getInterface().getAddresses()).hasSize(1);
        assertThat(config.getInterface().getAddresses().iterator().next().toString()).isEqualTo(address + "/32");
        assertThat(config.getInterface().getDnsServers()).extracting(a -> a.getHostAddress()).containsExactly("192.0.2.53");
        var peer = config.getPeers().getFirst();
        assertThat(peer.getPublicKey()).isEqualTo(fixture().backend.getPublicKey());
        assertThat(peer.getEndpoint().orElseThrow().toString()).isEqualTo(Fixture.BACKEND_ENDPOINT);
        assertThat(peer.getAllowedIps()).extracting(Object::toString).containsExactly("203.0.113.0/24");

        assertThat(user("dave").get("user").get("state").asText()).isEqualTo("cutover-issued");
        // cut-over issued: PPTP still works
        testApp().gateway.hangUp(login("dave", "DAVE-PHONE"), "bye");

        Response conf = call("/api/users/dave/wireguard.conf").get();
        assertThat(conf.getStatus()).isEqualTo(200);
        Config again = Config.parse(new BufferedReader(new StringReader(conf.readEntity(String.class))));
        assertThat(again.getInterface().getKeyPair().getPrivateKey()).isEqualTo(dave.getPrivateKey());

        Response png = call("/api/users/dave/wireguard.png").get();
        assertThat(png.getStatus()).isEqualTo(200);
        assertThat(png.getMediaType().toString()).isEqualTo("image/png");
        String decoded = decodeQr(png.readEntity(byte[].class));
        Config fromQr = Config.parse(new BufferedReader(new StringReader(decoded)));
        assertThat(fromQr.toWgQuickString()).isEqualTo(config.toWgQuickString());

        JsonNode audit = ok(call("/api/audit").get());
        assertThat(audit.toString()).contains("\"cutover\"").contains("wireguard.png").doesNotContain(dave.getPrivateKey().toBase64());
    }

    @Test
    void theConfigurationIsOnlyDownloadableAfterACutover() {
        assertThat(refused(call("/api/users/ivan/wireguard.conf").get(), 409)).contains("POST /api/users/ivan/cutover");
        assertThat(refused(call("/api/users/ivan/wireguard.png").get(), 409)).contains("cutover");
    }

    @Test
    void aFixedChapSecretsAddressIsTheConfigurationsAddress() throws Exception {
        String text = call("/api/users/bob/cutover").post(Entity.text("")).readEntity(String.class);
        Config config = Config.parse(new BufferedReader(new StringReader(text)));
        assertThat(config.getInterface().getAddresses().iterator().next().toString()).isEqualTo(Fixture.FIXED_ADDRESS + "/32");
    }

    static String decodeQr(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(img.getWidth(), img.getHeight(), pixels)));
        return new QRCodeReader().decode(bitmap).getText();
    }

    // --- sunset ---------------------------------------------------------------------------------

    @Test
    void afterTheSunsetDateLoginsAreRefusedWithTheMessageAndCountedInTheReport() {
        LocalDate yesterday = today().minusDays(1);
        JsonNode erin = ok(call("/api/users/erin/sunset").put(Entity.json("{\"date\":\"" + yesterday + "\"}")));
        assertThat(erin.get("state").asText()).isEqualTo("sunset-refused");
        assertThat(erin.get("sunsetSource").asText()).isEqualTo("user");

        var result = testApp().gateway.login("erin", FakeGateway.client("ERIN", "Microsoft", 1, "198.51.100.5"));
        assertThat(result).isInstanceOf(FakeGateway.Login.Refused.class);
        String message = ((FakeGateway.Login.Refused) result).messageToClient();
        assertThat(message).isEqualTo("PPTP for erin ended on " + yesterday + ": install WireGuard, see https://vpn.example/wg");

        testApp().flush();
        JsonNode report = ok(call("/api/reports/migration").get());
        JsonNode row = find(report.get("users"), "name", "erin");
        assertThat(row.get("refusedAttempts").asLong()).isEqualTo(1);
        assertThat(row.get("state").asText()).isEqualTo("sunset-refused");
        JsonNode lastDay = report.get("history").get(report.get("history").size() - 1);
        assertThat(lastDay.get("date").asText()).isEqualTo(today().toString());
        assertThat(lastDay.get("refusedAttempts").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(lastDay.get("sunset-refused").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(user("erin").get("history").get(0).get("kind").asText()).isEqualTo("REFUSED");

        // a date in the future: PPTP works again until then
        ok(call("/api/users/erin/sunset").put(Entity.json("{\"date\":\"" + today().plusDays(7) + "\"}")));
        testApp().gateway.hangUp(login("erin", "ERIN"), "bye");
        JsonNode cleared = ok(call("/api/users/erin/sunset").delete());
        assertThat(cleared.get("sunsetDate").asText()).isEqualTo(Fixture.GLOBAL_SUNSET);
        assertThat(cleared.get("sunsetSource").asText()).isEqualTo("global");
    }

    @Test
    void badSunsetDatesAreRefused() {
        assertThat(refused(call("/api/users/grace/sunset").put(Entity.json("{\"date\":\"2025-13-01\"}")), 400))
                .contains("'2025-13-01' is not a date (YYYY-MM-DD)");
        assertThat(refused(call("/api/users/grace/sunset").put(Entity.json("{\"date\":\"tomorrow\"}")), 400))
                .contains("not a date");
        assertThat(refused(call("/api/users/grace/sunset").put(Entity.json("{\"date\":\"\"}")), 400))
                .contains("a date is needed");
        assertThat(status(call("/api/users/grace/sunset").put(Entity.json("not json")))).isEqualTo(400);
        assertThat(status(call("/api/users/grace/sunset").put(Entity.json("")))).isEqualTo(400);
        assertThat(user("grace").get("user").get("sunsetSource").asText()).isEqualTo("global");
    }

    // --- report ---------------------------------------------------------------------------------

    @Test
    void theReportHasTotalsARowPerUserAndADailyHistory() {
        JsonNode report = ok(call("/api/reports/migration").get());
        int total = 0;
        for (String state : List.of("pptp-active", "pptp-dormant", "cutover-issued", "migrated", "sunset-refused")) {
            total += report.get("totals").get(state).asInt();
        }
        assertThat(total).isEqualTo(Fixture.POOL_USERS.size() + 1);
        assertThat(report.get("users").size()).isEqualTo(total);
        assertThat(report.get("activeDays").asInt()).isEqualTo(30);
        assertThat(report.get("history").size()).isEqualTo(90);
        for (JsonNode day : report.get("history")) {
            int sum = day.get("pptp-active").asInt() + day.get("pptp-dormant").asInt() + day.get("cutover-issued").asInt()
                    + day.get("migrated").asInt() + day.get("sunset-refused").asInt();
            assertThat(sum).isEqualTo(total);
        }

        JsonNode ranged = ok(call("/api/reports/migration?from=2025-01-01&to=2025-01-10").get());
        assertThat(ranged.get("history").size()).isEqualTo(10);
        assertThat(ranged.get("history").get(0).get("date").asText()).isEqualTo("2025-01-01");
    }

    @Test
    void theReportRefusesBadDatesAndFormats() {
        assertThat(refused(call("/api/reports/migration?from=2025-02-30").get(), 400)).contains("from: '2025-02-30' is not a date");
        assertThat(refused(call("/api/reports/migration?to=yesterday").get(), 400)).contains("to: 'yesterday'");
        assertThat(refused(call("/api/reports/migration?from=2025-03-02&to=2025-03-01").get(), 400)).contains("after");
        assertThat(refused(call("/api/reports/migration?from=1900-01-01&to=2025-03-01").get(), 400)).contains("at most");
        assertThat(refused(call("/api/reports/migration?format=xml").get(), 400)).contains("format");
        assertThat(refused(call("/api/reports/migration?format=csv&table=foo").get(), 400)).contains("table");
    }

    @Test
    void theReportIsCsvOnRequest() {
        Response byParam = call("/api/reports/migration?format=csv").get();
        assertThat(byParam.getStatus()).isEqualTo(200);
        assertThat(byParam.getMediaType().toString()).startsWith("text/csv");
        String[] lines = byParam.readEntity(String.class).split("\r\n");
        assertThat(lines[0]).startsWith("user,state,last_login,logins,host_name,vendor");
        assertThat(lines).hasSize(Fixture.POOL_USERS.size() + 2);

        Response byAccept = call("/api/reports/migration").accept("text/csv").get();
        assertThat(byAccept.getMediaType().toString()).startsWith("text/csv");
        assertThat(byAccept.readEntity(String.class)).startsWith("user,state");

        String history = call("/api/reports/migration?format=csv&table=history&from=2025-01-01&to=2025-01-03").get()
                .readEntity(String.class);
        assertThat(history.split("\r\n")).hasSize(4);
        assertThat(history).startsWith("date,pptp-active,pptp-dormant,cutover-issued,migrated,sunset-refused,logins,refused_attempts\r\n2025-01-01,");
        String totals = call("/api/reports/migration?format=csv&table=totals").get().readEntity(String.class);
        assertThat(totals).startsWith("state,users,devices\r\npptp-active,");

        Response json = call("/api/reports/migration").accept(MediaType.APPLICATION_JSON).get();
        assertThat(json.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE)).isTrue();
        json.close();
    }

    @Test
    void aHostileHostNameCannotBecomeASpreadsheetFormula() {
        testApp().gateway.hangUp(login("niaj", "=HYPERLINK(\"x\")"), "bye");
        testApp().flush();
        String csv = call("/api/reports/migration?format=csv").get().readEntity(String.class);
        assertThat(csv).contains("\"'=HYPERLINK(\"\"x\"\")\"");
    }

    // --- backend handshakes -----------------------------------------------------------------------

    String dumpLine(String user, String endpoint, long handshakeEpoch) {
        String key = testApp().admin.identities().identityFor(user).orElseThrow().getPublicKey().toBase64();
        return key + "\t(none)\t" + endpoint + "\t" + "192.0.2.100/32\t" + handshakeEpoch + "\t1000\t2000\toff\n";
    }

    String interfaceLine() {
        return new KeyPair().getPrivateKey().toBase64() + "\t" + fixture().backend.getPublicKey().toBase64() + "\t51820\toff\n";
    }

    @Test
    void aNativeHandshakeAfterCutoverMarksTheUserMigratedAndPptpIsThenRefused() {
        long now = testApp().clock.instant().getEpochSecond();
        // before any cut-over: not marked, explained
        JsonNode early = ok(call("/api/backend/handshakes").post(Entity.text(interfaceLine()
                + dumpLine("frank", "198.51.100.200:51820", now - 10))));
        assertThat(early.get("knownUsers").asInt()).isEqualTo(1);
        assertThat(early.get("newlyMigrated").size()).isZero();
        assertThat(early.get("notes").get(0).asText()).contains("frank").contains("no cut-over");

        assertThat(status(call("/api/users/frank/cutover").post(Entity.text("")))).isEqualTo(200);
        String dump = interfaceLine()
                + dumpLine("frank", "198.51.100.200:51820", now - 10)
                + dumpLine("alice", Fixture.GATEWAY_ENDPOINT + ":51821", now - 5)
                + new KeyPair().getPublicKey().toBase64() + "\t(none)\t(none)\t(none)\t0\t0\t0\toff\n";
        JsonNode report = ok(call("/api/backend/handshakes").post(Entity.text(dump)));
        assertThat(report.get("peers").asInt()).isEqualTo(3);
        assertThat(report.get("knownUsers").asInt()).isEqualTo(2);
        assertThat(report.get("newlyMigrated").get(0).asText()).isEqualTo("frank");
        assertThat(report.get("newlyMigrated").size()).isEqualTo(1);

        JsonNode frank = user("frank").get("user");
        assertThat(frank.get("state").asText()).isEqualTo("migrated");
        assertThat(frank.get("nativeEndpoint").asText()).isEqualTo("198.51.100.200:51820");
        var result = testApp().gateway.login("frank", FakeGateway.client("FRANK", "Microsoft", 1, "198.51.100.6"));
        assertThat(result).isInstanceOf(FakeGateway.Login.Refused.class);
        assertThat(((FakeGateway.Login.Refused) result).messageToClient()).contains("frank").contains("WireGuard");

        // the same dump again: nothing new
        assertThat(ok(call("/api/backend/handshakes").post(Entity.text(dump))).get("newlyMigrated").size()).isZero();
    }

    @Test
    void aHandshakeFromTheGatewaysOwnEndpointIsNotAMigration() {
        assertThat(status(call("/api/users/olivia/cutover").post(Entity.text("")))).isEqualTo(200);
        long now = testApp().clock.instant().getEpochSecond();
        JsonNode report = ok(call("/api/backend/handshakes").post(Entity.text(interfaceLine()
                + dumpLine("olivia", Fixture.GATEWAY_ENDPOINT + ":40000", now))));
        assertThat(report.get("newlyMigrated").size()).isZero();
        assertThat(user("olivia").get("user").get("state").asText()).isEqualTo("cutover-issued");
    }

    @Test
    void wgShowAllDumpWithInterfaceNamesIsReadToo() {
        assertThat(status(call("/api/users/peggy/cutover").post(Entity.text("")))).isEqualTo(200);
        long now = testApp().clock.instant().getEpochSecond();
        String dump = "wg0\t" + interfaceLine() + "wg0\t" + dumpLine("peggy", "[2001:db8::7]:51820", now);
        JsonNode report = ok(call("/api/backend/handshakes").post(Entity.text(dump)));
        assertThat(report.get("newlyMigrated").get(0).asText()).isEqualTo("peggy");
    }

    @Test
    void malformedDumpsAreRefusedWithTheLineAndNeverEchoTheKey() {
        String iface = interfaceLine();
        String privateKey = iface.substring(0, iface.indexOf('\t'));
        Map<String, String> cases = Map.of(
                "", "empty",
                iface + "not\ta\tpeer\n", "line 2: expected 8 tab-separated fields",
                iface + "AAAA\t(none)\t(none)\t(none)\t0\t0\t0\toff\n", "line 2: the peer's public key is not a base64",
                iface + new KeyPair().getPublicKey().toBase64() + "\t(none)\t198.51.100.1\t(none)\t0\t0\t0\toff\n",
                "line 2: endpoint is not address:port",
                iface + new KeyPair().getPublicKey().toBase64() + "\t(none)\t(none)\t(none)\tsoon\t0\t0\toff\n",
                "line 2: latest-handshake is not a number",
                iface + new KeyPair().getPublicKey().toBase64() + "\t(none)\t198.51.100.1:99999\t(none)\t0\t0\t0\toff\n",
                "endpoint port out of range",
                "hello world\n", "line 1: expected 8");
        cases.forEach((dump, expected) -> {
            String message = refused(call("/api/backend/handshakes").post(Entity.text(dump)), 400);
            assertThat(message).contains(expected).doesNotContain(privateKey);
        });
        assertThat(status(call("/api/backend/handshakes").post(Entity.json("{}")))).isEqualTo(415);
    }

    @Test
    void importingNamesIsRefusedWhileChapSecretsIsTheListOfUsers() {
        assertThat(refused(call("/api/users").post(Entity.json("[\"newcomer\"]")), 409))
                .contains("chap-secrets").contains("radius plugin");
        assertThat(status(call("/api/users/newcomer").get())).isEqualTo(404);
        assertThat(ok(call("/api/users").get()).findValuesAsText("source")).containsOnly("file");
    }

    @Test
    void backendPeersListsEveryUsersKeyAndAddressWithoutPrivateKeys() {
        String text = call("/api/backend/peers").get().readEntity(String.class);
        assertThat(text).contains("[Peer]\nPublicKey = "
                + testApp().admin.identities().identityFor("bob").orElseThrow().getPublicKey().toBase64()
                + "\nAllowedIPs = " + Fixture.FIXED_ADDRESS + "/32\n");
        // one per user and the gateway itself (devices with keys of their own add theirs: "# user, device ID")
        assertThat(text.split("\\[Peer]", -1).length - (text.split(", device ", -1).length - 1))
                .as("every user and the gateway itself").isEqualTo(Fixture.POOL_USERS.size() + 3);
        // the gateway's own peer, for further devices of a user on borrowed addresses: the pool 192.0.2.100-149
        assertThat(text).contains("AllowedIPs = 192.0.2.100/30, 192.0.2.104/29, 192.0.2.112/28, 192.0.2.128/28,"
                + " 192.0.2.144/30, 192.0.2.148/31\n").contains("longest prefix");
        assertThat(text).doesNotContain("PrivateKey");
    }

    // --- operations -----------------------------------------------------------------------------

    @Test
    void prometheusMetricsCoverSessionsFailuresBytesHandshakesAndStates() {
        var s = login("rupert", "RUPERT");
        s.traffic(10, 20);
        testApp().gateway.authFailure("rupert", FakeGateway.client("RUPERT", "x", 1, "198.51.100.2"));
        testApp().flush();
        Response r = admin("/prometheus").get();
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getMediaType().toString()).startsWith("text/plain");
        String text = r.readEntity(String.class);
        assertThat(text).contains("# TYPE pptp2wg_sessions gauge\n")
                .containsPattern("pptp2wg_sessions\\{auth=\"MS-CHAPv2\",mppe=\"128-bit stateless\"} [1-9]")
                .containsPattern("pptp2wg_sessions_started_total\\{auth=\"MS-CHAPv2\",mppe=\"128-bit stateless\"} [1-9]")
                .containsPattern("pptp2wg_auth_failures_total\\{auth=\"MS-CHAPv2\"} [1-9]")
                .containsPattern("pptp2wg_bytes_total\\{direction=\"from_client\"} [1-9]")
                .contains("# TYPE pptp2wg_wireguard_handshakes_total counter")
                .containsPattern("pptp2wg_users\\{state=\"pptp-active\"} [1-9]")
                .contains("pptp2wg_users{state=\"migrated\"}")
                .contains("pptp2wg_events_dropped_total 0")
                .contains("# TYPE pptp2wg_logins_refused_total counter");
        testApp().gateway.hangUp(s, "bye");
    }

    @Test
    void healthChecksReportTheDatabaseTheJournalAndThePluggedInProbes() {
        JsonNode health = json(admin("/healthcheck").get());
        assertThat(health.get("database").get("healthy").asBoolean()).isTrue();
        assertThat(health.get("journal").get("healthy").asBoolean()).isTrue();
        assertThat(health.get("pptp-listener").get("healthy").asBoolean()).isTrue();
        testApp().listenerHealthy = false;
        try {
            Response r = admin("/healthcheck").get();
            assertThat(r.getStatus()).isEqualTo(500);
            assertThat(json(r).get("pptp-listener").get("message").asText()).isEqualTo("not bound");
        } finally {
            testApp().listenerHealthy = true;
        }
    }

    @Test
    void auditRefusesBadLimits() {
        assertThat(refused(call("/api/audit?limit=-1").get(), 400)).contains("limit");
        assertThat(refused(call("/api/audit?limit=ten").get(), 400)).contains("limit");
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.get(field) != null && n.get(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }
}
