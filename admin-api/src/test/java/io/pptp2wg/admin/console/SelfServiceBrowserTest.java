package io.pptp2wg.admin.console;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.wireguard.config.Config;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.pptp2wg.admin.Pptp2wgConfiguration;
import io.pptp2wg.admin.core.UserCutovers;
import io.pptp2wg.admin.selfservice.CallerIdentification;
import io.pptp2wg.admin.selfservice.SelfServiceServer;
import io.pptp2wg.admin.selfservice.SelfServiceServlet;
import io.pptp2wg.admin.selfservice.StaticSessions;
import io.pptp2wg.admin.testing.Fixture;
import io.pptp2wg.admin.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The self-service page in a real headless Chromium: a user's page (name, sunset notice, the platforms), the one
 * click, then the QR code read back from the screen into a configuration that parses. The browser connects from
 * 127.0.0.1, which the test makes a live session's address. Screenshots in target/selfservice-screenshots/
 * (docs/screenshots/14-selfservice-*.png are copied from there).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@EnabledIf("io.pptp2wg.admin.console.Browser#available")
@Timeout(120)
class SelfServiceBrowserTest {
    static final Fixture FIXTURE = Fixture.h2();
    static final DropwizardAppExtension<Pptp2wgConfiguration> APP =
            new DropwizardAppExtension<>(TestApp.class, FIXTURE.config.toString());
    static final Path SHOTS = Path.of("target", "selfservice-screenshots");

    @Test
    void aUserReadsTheirPageConfirmsOnceAndScansTheirConfiguration() throws Exception {
        TestApp app = APP.getApplication();
        var admin = app.admin;
        StaticSessions sessions = new StaticSessions();
        sessions.up(7, "alice", "127.0.0.1");
        LocalDate today = LocalDate.ofInstant(app.clock.instant(), admin.rules().zone());
        admin.users().setSunset("alice", Optional.of(today.plusDays(9)));
        UserCutovers cutovers = new UserCutovers(admin.users(), admin.storedIdentities(), admin.stickyAddresses(),
                admin.cutover(), admin.audit(), admin.clock());
        int page = (int) io.pptp2wg.config.Ipv4.parse("127.0.0.1").orElseThrow();
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        SelfServiceServlet servlet = new SelfServiceServlet(new CallerIdentification(sessions, page, port, Set.of()),
                cutovers, admin.users(), admin.rules(), app.clock, true, 14, new SecureRandom());
        sessions.addListener(servlet);
        try (SelfServiceServer server = new SelfServiceServer(new InetSocketAddress("127.0.0.1", port), servlet).start();
             Browser browser = new Browser(SHOTS)) {
            browser.driver.get("http://127.0.0.1:" + port + "/");
            assertThat(browser.find("h1").getText()).contains("alice");
            assertThat(browser.find(".notice").getText()).contains("Only 9 days left");
            assertThat(browser.driver.getPageSource()).doesNotContain("PrivateKey");
            browser.click("#windows summary");
            browser.click("#android summary");
            browser.screenshot("14-selfservice-page");
            assertThat(admin.users().row("alice").cutoverIssuedAt()).isEmpty();

            browser.click("form button[type=submit]");
            WebElement qr;
            try {
                qr = browser.until(d -> {
                var imgs = d.findElements(org.openqa.selenium.By.cssSelector(".qr img"));
                return !imgs.isEmpty() && Boolean.TRUE.equals(browser.js(
                        "return arguments[0].complete && arguments[0].naturalWidth > 0", imgs.get(0))) ? imgs.get(0) : null;
            }, "the QR code drawn");
            } catch (org.openqa.selenium.TimeoutException e) {
                System.err.println("PAGE: " + browser.driver.getCurrentUrl() + "\n" + browser.driver.getPageSource()
                        + "\nCONSOLE: " + browser.consoleMessages());
                throw e;
            }
            assertThat(browser.find("h1").getText()).contains("Your WireGuard configuration, alice");
            browser.screenshot("15-selfservice-configuration");
            assertThat(admin.users().row("alice").cutoverIssuedAt()).isPresent();

            BufferedImage image = ImageIO.read(new ByteArrayInputStream(qr.getScreenshotAs(OutputType.BYTES)));
            int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            String text = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new RGBLuminanceSource(image.getWidth(), image.getHeight(), rgb)))).getText();
            Config config = Config.parse(new BufferedReader(new StringReader(text)));
            assertThat(config.getInterface().getKeyPair().getPublicKey().toBase64())
                    .isEqualTo(admin.storedIdentities().publicKeyOf("alice").orElseThrow());
            assertThat(browser.consoleMessages()).as("no CSP violation, no error").noneMatch(m -> m.contains("Content Security Policy")
                    || m.startsWith("SEVERE"));
        } finally {
            admin.users().setSunset("alice", Optional.empty());
        }
    }
}
