package io.pptp2wg.admin.selfservice;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.wireguard.config.Config;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.pptp2wg.admin.Pptp2wgConfiguration;
import io.pptp2wg.admin.core.UserCutovers;
import io.pptp2wg.admin.testing.Fixture;
import io.pptp2wg.admin.testing.TestApp;
import io.pptp2wg.session.SessionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The self-service page over real HTTP, on the real application's users, identities and audit: sessions sit at
 * loopback addresses (127.0.0.2, .3) so that a socket can come from them, the page at 127.0.0.1. What a session
 * sends beyond its source address never gets it another user's configuration.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SelfServiceTest {
    static final String PAGE = "127.0.0.1";
    static final String ALICE_AT = "127.0.0.2";
    static final String CAROL_AT = "127.0.0.3";
    static final Fixture FIXTURE = Fixture.h2();
    static final DropwizardAppExtension<Pptp2wgConfiguration> APP =
            new DropwizardAppExtension<>(TestApp.class, FIXTURE.config.toString());
    static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([A-Za-z0-9_-]+)\"");

    final StaticSessions sessions = new StaticSessions();
    SelfServiceServer server;
    InetSocketAddress at;

    TestApp app() {
        return APP.getApplication();
    }

    void start(boolean qr, Set<String> users) throws Exception {
        var admin = app().admin;
        CallerIdentification who = new CallerIdentification(sessions, (int) io.pptp2wg.config.Ipv4.parse(PAGE).orElseThrow(), 0, users);
        SelfServiceServlet servlet = new SelfServiceServlet(who, cutovers(), admin.users(), admin.rules(), app().clock,
                qr, 14, new SecureRandom());
        sessions.addListener(servlet);
        server = new SelfServiceServer(new InetSocketAddress(PAGE, 0), servlet).start();
        at = new InetSocketAddress(PAGE, server.port());
        who = new CallerIdentification(sessions, (int) io.pptp2wg.config.Ipv4.parse(PAGE).orElseThrow(), server.port(), users);
        server.close();
        // again with the real port (the Host check compares it)
        servlet = new SelfServiceServlet(who, cutovers(), admin.users(), admin.rules(), app().clock, qr, 14, new SecureRandom());
        sessions.addListener(servlet);
        server = new SelfServiceServer(at, servlet).start();
    }

    UserCutovers cutovers() {
        var a = app().admin;
        return new UserCutovers(a.users(), a.storedIdentities(), a.stickyAddresses(), a.cutover(), a.audit(), a.clock());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    RawHttp get(String from, String path, String... extra) {
        return RawHttp.send(from, at, "GET", path, host(), null, extra);
    }

    RawHttp post(String from, String path, String body, String... extra) {
        return RawHttp.send(from, at, "POST", path, host(), body, extra);
    }

    String host() {
        return PAGE + ":" + at.getPort();
    }

    static String token(RawHttp page) {
        Matcher m = TOKEN.matcher(page.text());
        assertThat(m.find()).as(page.text()).isTrue();
        return m.group(1);
    }

    String publicKeyOf(String user) {
        return app().admin.storedIdentities().publicKeyOf(user).orElseThrow();
    }

    @Test
    void aSessionGetsItsOwnPageThenItsOwnConfigurationAfterOneConfirmedClick() throws Exception {
        start(true, Set.of());
        sessions.up(1, "alice", ALICE_AT);

        RawHttp page = get(ALICE_AT, "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).isEqualTo(SelfServiceServlet.CSP).doesNotContain("unsafe");
        assertThat(page.text()).contains("Hello alice").contains("Your PPTP access ends on Thursday 1 January 2099")
                .contains("wireguard-installer.exe").contains("id1451685025").contains("id1441195209")
                .contains("com.wireguard.android").contains("wg-quick").contains("OpenWrt")
                .doesNotContain("<script").doesNotContain("PrivateKey").doesNotContain(publicKeyOf("alice"))
                .doesNotContain("class=\"notice\"");
        assertThat(get(ALICE_AT, "/self.css").status()).isEqualTo(200);
        assertThat(get(ALICE_AT, "/wireguard.conf").status()).as("nothing before the click").isEqualTo(409);
        assertThat(get(ALICE_AT, "/wireguard.png").status()).isEqualTo(409);
        assertThat(app().admin.users().row("alice").cutoverIssuedAt()).isEmpty();

        assertThat(post(ALICE_AT, "/confirm", "").status()).as("no token").isEqualTo(403);
        assertThat(post(ALICE_AT, "/confirm", "token=" + token(page), "Origin: http://evil.example").status())
                .as("a form on another site").isEqualTo(403);
        assertThat(post(ALICE_AT, "/confirm", "token=" + token(page), "Sec-Fetch-Site: cross-site").status()).isEqualTo(403);
        assertThat(app().admin.users().row("alice").cutoverIssuedAt()).isEmpty();

        RawHttp done = post(ALICE_AT, "/confirm", "token=" + token(page), "Origin: http://" + host(), "Sec-Fetch-Site: same-origin");
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        assertThat(done.text()).contains("/wireguard.conf").contains("<img src=\"/wireguard.png\"").doesNotContain("PrivateKey");
        assertThat(done.header("Cache-Control")).contains("no-store");
        assertThat(app().admin.users().row("alice").cutoverIssuedAt()).as("the click is the cut-over").isPresent();
        assertThat(app().admin.audit().dao().latest(5)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("cutover");
            assertThat(e.target()).isEqualTo("alice");
            assertThat(e.actor()).isEqualTo("self-service:alice@" + ALICE_AT + "/session-1");
        });

        RawHttp file = get(ALICE_AT, "/wireguard.conf");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Content-Disposition")).isEqualTo("attachment; filename=\"wg-alice.conf\"");
        Config config = Config.parse(new BufferedReader(new StringReader(file.text())));
        assertThat(config.getInterface().getKeyPair().getPublicKey().toBase64()).isEqualTo(publicKeyOf("alice"));

        RawHttp png = get(ALICE_AT, "/wireguard.png");
        assertThat(png.status()).isEqualTo(200);
        assertThat(png.header("Content-Type")).isEqualTo("image/png");
        assertThat(qr(png.body())).isEqualTo(file.text());
    }

    @Test
    void anotherSessionCannotGetAnotherUsersConfigurationWhateverItSends() throws Exception {
        start(true, Set.of());
        sessions.up(1, "alice", ALICE_AT);
        sessions.up(2, "carol", CAROL_AT);
        String aliceToken = token(get(ALICE_AT, "/"));
        boolean aliceIssued = app().admin.users().row("alice").cutoverIssuedAt().isPresent();

        assertThat(post(CAROL_AT, "/confirm", "token=" + aliceToken).status()).as("alice's token from carol's session")
                .isEqualTo(403);
        RawHttp carolPage = get(CAROL_AT, "/?user=alice", "X-Forwarded-For: " + ALICE_AT, "Forwarded: for=" + ALICE_AT,
                "X-Real-IP: " + ALICE_AT, "Cookie: user=alice");
        assertThat(carolPage.text()).contains("Hello carol").doesNotContain("alice");
        RawHttp done = post(CAROL_AT, "/confirm?user=alice", "user=alice&token=" + token(carolPage),
                "X-Forwarded-For: " + ALICE_AT, "X-Real-IP: " + ALICE_AT);
        assertThat(done.text()).contains("carol").doesNotContain("alice");
        RawHttp file = get(CAROL_AT, "/wireguard.conf?user=alice", "X-Forwarded-For: " + ALICE_AT);
        Config config = Config.parse(new BufferedReader(new StringReader(file.text())));
        assertThat(config.getInterface().getKeyPair().getPublicKey().toBase64()).isEqualTo(publicKeyOf("carol"))
                .isNotEqualTo(publicKeyOf("alice"));
        assertThat(app().admin.users().row("alice").cutoverIssuedAt().isPresent()).isEqualTo(aliceIssued);
        assertThat(get(ALICE_AT, "/wireguard.conf").status()).as("carol's click is not alice's").isEqualTo(409);
    }

    @Test
    void anythingThatIsNotALiveSessionGetsNothing() throws Exception {
        start(true, Set.of());
        SessionInfo alice = sessions.up(1, "alice", ALICE_AT);
        String t = token(get(ALICE_AT, "/"));
        for (String path : new String[] {"/", "/self.css", "/wireguard.conf", "/wireguard.png", "/nothing"}) {
            RawHttp r = get("127.0.0.9", path, "X-Forwarded-For: " + ALICE_AT);
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.body()).as(path).isEmpty();
        }
        assertThat(post("127.0.0.9", "/confirm", "token=" + t).status()).isEqualTo(403);
        assertThat(RawHttp.send(ALICE_AT, at, "GET", "/", "rebound.example", null).status()).as("DNS rebinding").isEqualTo(403);

        assertThat(post(ALICE_AT, "/confirm", "token=" + t).status()).isEqualTo(200);
        assertThat(get(ALICE_AT, "/wireguard.conf").status()).isEqualTo(200);
        sessions.down(alice);
        assertThat(get(ALICE_AT, "/wireguard.conf").status()).as("the session ended").isEqualTo(403);
        sessions.up(3, "alice", ALICE_AT);
        assertThat(get(ALICE_AT, "/wireguard.conf").status()).as("a new session confirms again").isEqualTo(409);
        assertThat(post(ALICE_AT, "/confirm", "token=" + t).status()).as("the old session's token").isEqualTo(403);
    }

    @Test
    void theAdministratorRestrictsThePageAndTurnsTheQrCodeOff() throws Exception {
        start(false, Set.of("carol"));
        sessions.up(1, "alice", ALICE_AT);
        sessions.up(2, "carol", CAROL_AT);
        RawHttp refused = get(ALICE_AT, "/");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).contains("not offered");
        RawHttp page = get(CAROL_AT, "/");
        assertThat(page.text()).contains("Hello carol").doesNotContain("and a QR code");
        RawHttp done = post(CAROL_AT, "/confirm", "token=" + token(page));
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.text()).doesNotContain("wireguard.png");
        assertThat(get(CAROL_AT, "/wireguard.png").status()).isEqualTo(404);
        assertThat(get(CAROL_AT, "/wireguard.conf").status()).isEqualTo(200);
    }

    @Test
    void aNoticeShowsWhenTheSunsetIsNear() throws Exception {
        start(true, Set.of());
        sessions.up(1, "dave", ALICE_AT);
        LocalDate today = LocalDate.ofInstant(app().clock.instant(), app().admin.rules().zone());
        app().admin.users().setSunset("dave", Optional.of(today.plusDays(5)));
        assertThat(get(ALICE_AT, "/").text()).contains("class=\"notice\"").contains("Only 5 days left");
        app().admin.users().setSunset("dave", Optional.of(today.plusDays(30)));
        assertThat(get(ALICE_AT, "/").text()).doesNotContain("class=\"notice\"");
        app().admin.users().setSunset("dave", Optional.empty());
    }

    static String qr(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        int[] rgb = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(img.getWidth(), img.getHeight(), rgb)))).getText();
    }
}
