package io.pptp2wg.admin.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.wireguard.config.Config;
import com.wireguard.crypto.KeyPair;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.pptp2wg.admin.Pptp2wgConfiguration;
import io.pptp2wg.admin.testing.FakeGateway;
import io.pptp2wg.admin.testing.Fixture;
import io.pptp2wg.admin.testing.TestApp;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration console in a real headless Chromium (Debian's, through Selenium), against the real
 * application with the in-memory gateway: two weeks of migration are seeded through the API, then an
 * administrator signs in and works through every page. Each step ends with a screenshot in
 * target/console-screenshots/ (docs/screenshots/ in the README are copied from there).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@EnabledIf("io.pptp2wg.admin.console.Browser#available")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class ConsoleBrowserTest {
    static final String SUNSET = "2025-04-30";
    static final String ADMIN = "migration-lead";
    static final String ADMIN_PASSWORD = "correct horse battery staple";
    static final String TRENT_SUNSET = "2025-03-20";
    static final Fixture FIXTURE = withGlobalSunset(Fixture.h2(), SUNSET);
    static final DropwizardAppExtension<Pptp2wgConfiguration> APP =
            new DropwizardAppExtension<>(TestApp.class, FIXTURE.config.toString());
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SHOTS = Path.of("target", "console-screenshots");
    /** Cut over on day N (index = day), then seen natively two days later. */
    static final List<List<String>> CUTOVERS = List.of(List.of(), List.of(), List.of(), List.of("carol", "dave"),
            List.of(), List.of("erin", "frank", "grace"), List.of(), List.of("heidi", "ivan"), List.of(),
            List.of("judy", "mallory", "niaj"), List.of(), List.of("olivia", "peggy"));
    static final int DAYS = 14;

    static Browser browser;
    static final Map<String, FakeGateway.FakeSession> live = new java.util.HashMap<>();

    static Fixture withGlobalSunset(Fixture f, String date) {
        return f.editConfig(y -> y.replace("sunsetDate: " + Fixture.GLOBAL_SUNSET, "sunsetDate: " + date))
                .withConsoleAdmin(ADMIN, ADMIN_PASSWORD);
    }

    static TestApp app() {
        return APP.getApplication();
    }

    static Invocation.Builder call(String path, String token) {
        var b = APP.client().target(base() + path).request();
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    static String base() {
        return "http://127.0.0.1:" + APP.getLocalPort();
    }

    static JsonNode get(String path) {
        app().flush();
        try (Response r = call(path, Fixture.TOKEN).get()) {
            assertThat(r.getStatus()).as(path).isEqualTo(200);
            return JSON.readTree(r.readEntity(String.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void send(Invocation invocation, String what) {
        try (Response r = invocation.invoke()) {
            assertThat(r.getStatus()).as(what).isBetween(200, 204);
        }
    }

    static FakeGateway.FakeSession login(String user, long bytes) {
        var result = app().gateway.login(user, FakeGateway.client(user.toUpperCase() + "-PC", "Microsoft", 0x0A00,
                "198.51.100." + (10 + Math.abs(user.hashCode() % 200))));
        if (result instanceof FakeGateway.Login.Up up) {
            up.session().traffic(bytes, bytes * 4);
            return up.session();
        }
        return null;
    }

    static String dumpLine(String user, long epoch) {
        String key = app().admin.identities().identityFor(user).orElseThrow().getPublicKey().toBase64();
        return key + "\t(none)\t198.51.100.200:51820\t192.0.2.100/32\t" + epoch + "\t1000\t2000\toff\n";
    }

    /** Two weeks of a migration: everyone on PPTP on day 0, cut-overs and native handshakes after. */
    @BeforeAll
    static void seedAndStartTheBrowser() {
        TestApp app = app();
        List<String> everyone = new ArrayList<>(Fixture.POOL_USERS);
        everyone.add(Fixture.FIXED_USER);
        for (int day = 0; day < DAYS; day++) {
            for (int i = 0; i < everyone.size(); i++) {
                String u = everyone.get(i);
                if (day == 0 || (i + day) % 3 == 0) {
                    var s = login(u, 1000L * (i + 1) * (day + 1));
                    if (s != null) {
                        app.gateway.hangUp(s, "client hung up");
                    }
                }
            }
            if (day < CUTOVERS.size()) {
                for (String u : CUTOVERS.get(day)) {
                    send(call("/api/users/" + u + "/cutover", Fixture.TOKEN).buildPost(Entity.text("")), "cutover " + u);
                }
            }
            if (day >= 2 && day - 2 < CUTOVERS.size() && !CUTOVERS.get(day - 2).isEmpty()) {
                StringBuilder dump = new StringBuilder(new KeyPair().getPrivateKey().toBase64() + "\t"
                        + FIXTURE.backend.getPublicKey().toBase64() + "\t51820\toff\n");
                long now = app.clock.instant().getEpochSecond();
                CUTOVERS.get(day - 2).forEach(u -> dump.append(dumpLine(u, now - 30)));
                send(call("/api/backend/handshakes", Fixture.TOKEN).buildPost(Entity.text(dump.toString())), "handshakes");
            }
            if (day == 11) {
                send(call("/api/users/trent/sunset", Fixture.TOKEN).buildPut(Entity.json("{\"date\":\"" + TRENT_SUNSET + "\"}")),
                        "trent's sunset");
            }
            if (day == DAYS - 1) {
                login("trent", 1); // refused: past his sunset
                for (String u : List.of("alice", "bob", "walter")) {
                    live.put(u, login(u, 250_000L));
                }
            }
            app.clock.advance(Duration.ofDays(1).minusHours(day == DAYS - 2 ? 2 : 0));
        }
        app.flush();
        browser = new Browser(SHOTS);
    }

    @AfterAll
    static void stopTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    // --- the steps, in order ----------------------------------------------------------------------

    @Test
    @Order(1)
    void aWrongTokenIsRefusedThenTheRightOneSignsIn() {
        browser.driver.get(base() + "/");
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(base() + "/console/");
        browser.find("#token").sendKeys("not-the-token");
        browser.click("#signin");
        String refusal = browser.until(d -> {
            String t = browser.find("#signin-error").getText();
            return t.isEmpty() ? null : t;
        }, "refusal shown");
        assertThat(refusal).contains("invalid bearer token");
        assertThat(browser.all("#bar").getFirst().isDisplayed()).isFalse();
        browser.screenshot("01-sign-in-refused");

        browser.find("#token").clear();
        browser.find("#token").sendKeys(Fixture.TOKEN);
        browser.click("#signin");
        browser.find("#bar");
        browser.until(d -> browser.find("#sessions-up").getText().matches("\\d+") ? true : null, "overview loaded");
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(Fixture.TOKEN);
        assertThat(browser.driver.getPageSource()).doesNotContain(Fixture.TOKEN);
        assertThat(browser.js("return Object.keys(localStorage).length")).isEqualTo(0L);
        assertThat(browser.js("return document.cookie")).isEqualTo("");
    }

    @Test
    @Order(2)
    void theOverviewShowsTheTotalsTheApiReports() {
        JsonNode api = get("/api/reports/migration");
        JsonNode overview = get("/api/console/overview");
        browser.until(d -> browser.find("#sessions-up").getText().equals("3") ? true : null, "3 live sessions");
        for (String state : List.of("pptp-active", "pptp-dormant", "cutover-issued", "migrated", "sunset-refused")) {
            String accounts = browser.find("#totals tr[data-state='" + state + "'] td[data-total='accounts']").getText();
            String devices = browser.find("#totals tr[data-state='" + state + "'] td[data-total='devices']").getText();
            assertThat(accounts).as(state).isEqualTo(api.get("totals").get(state).asText());
            assertThat(devices).as(state).isEqualTo(api.get("deviceTotals").get(state).asText());
        }
        assertThat(api.get("totals").get("migrated").asInt()).isEqualTo(12);
        assertThat(api.get("totals").get("sunset-refused").asInt()).isEqualTo(1);
        assertThat(browser.find("#users-total").getText()).isEqualTo("21");
        // trent, past his own sunset, dialled on the last two days (and was refused)
        long trentRefused = 0;
        for (JsonNode e : get("/api/users/trent").get("history")) {
            trentRefused += e.get("kind").asText().equals("REFUSED") ? 1 : 0;
        }
        assertThat(trentRefused).isEqualTo(2);
        assertThat(browser.find("#refused-7d").getText()).isEqualTo(Long.toString(trentRefused))
                .isEqualTo(overview.get("refusedAfterSunset7d").asText());
        assertThat(browser.find("#audit").getText()).contains("cutover").contains("sunset");
        browser.screenshot("02-overview");

        // live: a new session shows without a reload (the page polls), and goes again
        String before = browser.js("return location.href + performance.timeOrigin").toString();
        FakeGateway.FakeSession xavier = login("xavier", 10);
        browser.until(d -> browser.find("#sessions-up").getText().equals("4") ? true : null, "4 live sessions");
        app().gateway.hangUp(xavier, "client hung up");
        browser.until(d -> browser.find("#sessions-up").getText().equals("3") ? true : null, "3 again");
        assertThat(browser.js("return location.href + performance.timeOrigin").toString()).isEqualTo(before);
    }

    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void theBurndownIsDrawnFromTheApiHistoryWithTheSunsetAndAProjection() {
        JsonNode overview = get("/api/console/overview");
        String first = overview.get("firstLogin").asText();
        String today = overview.get("today").asText();
        JsonNode history = get("/api/reports/migration?from=" + first + "&to=" + today).get("history");
        assertThat(history.size()).isEqualTo(DAYS + 1); // day 0 to day DAYS, today

        Map<String, Object> chart = (Map<String, Object>) browser.until(d -> browser.js("""
                const c = window.Chart && Chart.getChart(document.getElementById('burndown'));
                if (!c) return null;
                return {labels: c.data.labels, remaining: c.data.datasets[0].data, migrated: c.data.datasets[1].data,
                        projection: c.data.datasets[2].data, sunset: c.data.datasets[3].data};"""), "chart drawn");
        List<String> labels = (List<String>) chart.get("labels");
        List<Long> remaining = (List<Long>) chart.get("remaining");
        List<Long> migrated = (List<Long>) chart.get("migrated");
        for (int i = 0; i < history.size(); i++) {
            JsonNode day = history.get(i);
            assertThat(labels.get(i)).isEqualTo(day.get("date").asText());
            assertThat(remaining.get(i)).as(day.get("date").asText()).isEqualTo(day.get("pptp-active").asLong()
                    + day.get("pptp-dormant").asLong() + day.get("cutover-issued").asLong());
            assertThat(migrated.get(i)).isEqualTo(day.get("migrated").asLong());
        }
        assertThat(remaining.getFirst()).isEqualTo(21);
        assertThat(remaining.getLast()).isLessThan(remaining.getFirst());
        // the sunset is a vertical line on its day, and the axis runs to it
        List<Map<String, Object>> sunset = (List<Map<String, Object>>) chart.get("sunset");
        assertThat(sunset).extracting(p -> p.get("x")).containsOnly(SUNSET);
        assertThat(labels).contains(SUNSET);
        // the projection starts at today's count and falls to zero
        List<Object> projection = (List<Object>) chart.get("projection");
        assertThat(((Number) projection.get(history.size() - 1)).longValue()).isEqualTo(remaining.getLast());
        assertThat(projection.stream().filter(p -> p instanceof Number n && n.doubleValue() == 0)).isNotEmpty();
        assertThat(browser.find("#burndown-caption").getText()).contains("Sunset: " + SUNSET).contains("off PPTP around");

        long painted = (Long) browser.js("""
                const c = document.getElementById('burndown');
                const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) n++;
                return n;""");
        long width = (Long) browser.js("return document.getElementById('burndown').width");
        assertThat(width).isGreaterThan(300);
        assertThat(painted).as("painted pixels").isGreaterThan(5000);
        browser.js("document.getElementById('burndown').scrollIntoView()");
        browser.screenshot("03-burndown");
        browser.js("window.scrollTo(0, 0)");
    }

    @Test
    @Order(4)
    void theUsersTableFiltersSearchesAndSorts() {
        browser.click("#nav-users");
        browser.until(d -> browser.all("#users-table tbody tr[data-user]").size() == 21 ? true : null, "21 rows");
        JsonNode users = get("/api/users");

        browser.select("#state-filter", "migrated");
        browser.until(d -> rowsOf().size() == 12 && browser.all("#users-table tbody .badge").stream()
                .allMatch(b -> b.getText().equals("migrated")) ? true : null, "migrated only");
        browser.screenshot("04-users-migrated");

        // every state again, sorted by bytes, most first
        browser.select("#state-filter", "");
        browser.select("#sort", "bytes");
        browser.select("#sort-dir", "desc");
        List<Long> expected = new ArrayList<>();
        users.forEach(u -> expected.add(u.get("bytesFromClient").asLong() + u.get("bytesToClient").asLong()));
        expected.sort(Comparator.reverseOrder());
        browser.until(d -> bytesColumn().equals(expected) ? true : null, "sorted by bytes");

        // by logins via the column header (descending on the first click)
        browser.click("#users-table th[data-sort='logins']");
        browser.until(d -> {
            List<Long> logins = browser.all("#users-table tbody td[data-field='logins']").stream()
                    .map(e -> Long.parseLong(e.getText())).toList();
            return logins.size() == 21 && logins.equals(logins.stream().sorted(Comparator.reverseOrder()).toList())
                    ? true : null;
        }, "sorted by logins");
        browser.screenshot("05-users-by-logins");

        browser.find("#user-search").sendKeys("ali");
        browser.until(d -> rowsOf().equals(List.of("alice")) ? true : null, "search finds alice");
        assertThat(browser.find("#page-info").getText()).isEqualTo("1–1 of 1");
        browser.find("#user-search").clear();
        browser.js("document.getElementById('user-search').dispatchEvent(new Event('input'))");
        browser.until(d -> rowsOf().size() == 21 ? true : null, "all back");
    }

    private static List<String> rowsOf() {
        return browser.all("#users-table tbody tr[data-user]").stream().map(e -> e.getAttribute("data-user")).toList();
    }

    private static List<Long> bytesColumn() {
        return browser.all("#users-table tbody td[data-field='bytes']").stream()
                .map(e -> Long.parseLong(e.getAttribute("data-value"))).toList();
    }

    @Test
    @Order(5)
    void aUsersPageShowsKeyAddressDevicesHistoryAndNoSecret() {
        browser.click("#users-table tr[data-user='rupert'] a");
        browser.until(d -> browser.find("#fact-public-key").getText().length() == 44 ? true : null, "rupert's key");
        JsonNode rupert = get("/api/users/rupert");
        assertThat(browser.find("#fact-public-key").getText()).isEqualTo(rupert.get("user").get("wireguardPublicKey").asText());
        assertThat(browser.find("#fact-address").getText()).isEqualTo(rupert.get("user").get("tunnelAddress").asText());
        assertThat(browser.all("#devices tr[data-device]")).hasSize(rupert.get("devices").size());
        assertThat(browser.all("#history tr[data-kind]")).hasSize(rupert.get("history").size());
        assertThat(browser.find("#history").getText()).contains("LOGIN").contains("LOGOUT");
        assertNoSecret("rupert");
        browser.screenshot("06-user");
    }

    @Test
    @Order(6)
    void aCutOverShowsAQrCodeThatReadsBackIntoAWireGuardConfiguration() throws Exception {
        // cancelling asks nothing of the API: no secret reaches the page
        browser.click("#issue-cutover");
        browser.find("dialog#confirm[open]");
        browser.screenshot("07-cutover-confirm");
        browser.cancel();
        assertNoSecret("rupert");
        assertThat(get("/api/users/rupert").get("user").get("cutoverIssuedAt").isNull()).isTrue();

        browser.click("#issue-cutover");
        browser.confirm();
        WebElement qr = browser.find("#config-qr");
        browser.until(d -> (Boolean) browser.js("const i = document.getElementById('config-qr'); "
                + "return i.complete && i.naturalWidth > 0"), "QR image loaded");
        browser.js("arguments[0].scrollIntoView()", qr);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(qr.getScreenshotAs(OutputType.BYTES)));
        int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        String text = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), rgb)))).getText();
        Config config = Config.parse(new BufferedReader(new StringReader(text)));
        assertThat(config.getInterface().getKeyPair().getPublicKey().toBase64())
                .isEqualTo(browser.find("#fact-public-key").getText());
        assertThat(config.getInterface().getAddresses().toString()).contains(browser.find("#fact-address").getText());
        assertThat(config.getPeers()).hasSize(1);
        assertThat(config.getPeers().getFirst().getPublicKey()).isEqualTo(FIXTURE.backend.getPublicKey());
        assertThat(browser.find("#config-text").getText().strip()).isEqualTo(text.strip());
        browser.until(d -> browser.find("#fact-state").getText().equals("cutover-issued") ? true : null, "state");
        assertThat(get("/api/audit?limit=5").toString()).contains("\"action\":\"cutover\"").contains("rupert");
        browser.screenshot("08-cutover-qr");
        browser.click("#hide-config");
    }

    @Test
    @Order(7)
    void aSunsetDateIsSetAfterConfirmation() {
        browser.find("#sunset-date").sendKeys("2025-04-15");
        browser.click("#set-sunset");
        browser.find("dialog#confirm[open]");
        browser.screenshot("09-sunset-confirm");
        browser.confirm();
        browser.until(d -> browser.find("#fact-sunset").getText().equals("2025-04-15 (user)") ? true : null, "sunset");
        assertThat(get("/api/users/rupert").get("user").get("sunsetDate").asText()).isEqualTo("2025-04-15");
        assertThat(get("/api/audit?limit=3").get(0).get("action").asText()).isEqualTo("sunset");
        browser.screenshot("10-sunset-set");
    }

    @Test
    @Order(8)
    void aLiveSessionIsDisconnectedAfterConfirmation() {
        browser.driver.get(base() + "/console/#/user/alice");
        FakeGateway.FakeSession alice = live.get("alice");
        String row = "#sessions tr[data-session='" + alice.info().id() + "']";
        browser.find(row);
        browser.screenshot("11-live-session");
        browser.click(row + " button");
        browser.confirm();
        browser.until(d -> alice.disconnectReason() != null ? true : null, "session ended");
        browser.until(d -> browser.all(row).isEmpty() ? true : null, "row gone");
        assertThat(alice.disconnectReason()).contains("ops");
        assertThat(get("/api/audit?limit=3").toString()).contains("disconnect");
        browser.screenshot("12-disconnected");
    }

    @Test
    @Order(9)
    void anAdministratorSignsInWithNameAndPasswordAndActsThroughTheCsrfCheckedSession() {
        browser.click("#sign-out");
        browser.find("#admin-name").sendKeys(ADMIN);
        browser.find("#admin-password").sendKeys("wrong password");
        browser.click("#signin-password");
        String refusal = browser.until(d -> {
            String t = browser.find("#signin-error").getText();
            return t.isEmpty() ? null : t;
        }, "refusal shown");
        assertThat(refusal).contains("wrong name or password");
        browser.find("#admin-password").clear();
        browser.find("#admin-password").sendKeys(ADMIN_PASSWORD);
        browser.click("#signin-password");
        browser.until(d -> browser.find("#sessions-up").getText().matches("\\d+") ? true : null, "overview loaded");
        // the session is an HttpOnly cookie: the page's script cannot read it
        assertThat(browser.js("return document.cookie")).isEqualTo("");
        // (Path=/api: not among the page's own cookies, so asked of the browser's cookie store)
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cookies = (List<Map<String, Object>>) ((org.openqa.selenium.chrome.ChromeDriver) browser.driver)
                .executeCdpCommand("Network.getAllCookies", Map.of()).get("cookies");
        assertThat(cookies).singleElement().satisfies(c -> {
            assertThat(c.get("name")).isEqualTo("pptp2wg_console");
            assertThat(c.get("httpOnly")).isEqualTo(true);
            assertThat(c.get("sameSite")).isEqualTo("Strict");
            assertThat(c.get("path")).isEqualTo("/api");
        });
        assertThat(browser.js("return sessionStorage.getItem('pptp2wg.console.token')")).isNull();
        assertThat(browser.driver.getPageSource()).doesNotContain(ADMIN_PASSWORD);
        browser.screenshot("13-signed-in-with-password");

        browser.driver.get(base() + "/console/#/user/victor");
        browser.find("#sunset-date").sendKeys("2025-04-20");
        browser.click("#set-sunset");
        browser.confirm();
        browser.until(d -> browser.find("#fact-sunset").getText().equals("2025-04-20 (user)") ? true : null, "sunset");
        JsonNode last = get("/api/audit?limit=1").get(0);
        assertThat(last.get("actor").asText()).isEqualTo(ADMIN);
        assertThat(last.get("target").asText()).isEqualTo("victor");
    }

    @Test
    @Order(10)
    void theBrowserReportedNoPolicyViolationAndNoError() {
        assertThat(browser.consoleMessages()).noneMatch(m -> m.contains("Content Security Policy"))
                .noneMatch(m -> m.startsWith("SEVERE") && !m.contains("the server responded with a status of 401"));
    }

    private static void assertNoSecret(String user) {
        String page = browser.driver.getPageSource();
        String privateKey = app().admin.identities().identityFor(user).orElseThrow().getPrivateKey().toBase64();
        assertThat(page).doesNotContain("PrivateKey").doesNotContain(privateKey).doesNotContain(Fixture.TOKEN);
        assertThat(browser.all("#config-text")).isEmpty();
    }
}
