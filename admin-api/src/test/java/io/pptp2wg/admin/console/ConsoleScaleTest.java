package io.pptp2wg.admin.console;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.pptp2wg.admin.Pptp2wgConfiguration;
import io.pptp2wg.admin.testing.FakeGateway;
import io.pptp2wg.admin.testing.Fixture;
import io.pptp2wg.admin.testing.TestApp;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's two polled calls with 1000 accounts (200 of them with a login history): each answers one
 * page, and well within the 4 s poll. Prints the medians; the bound is loose (two shared cores).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(180)
class ConsoleScaleTest {
    static final int USERS = 1000;
    static final Fixture FIXTURE = thousandUsers(Fixture.h2());
    static final DropwizardAppExtension<Pptp2wgConfiguration> APP =
            new DropwizardAppExtension<>(TestApp.class, FIXTURE.config.toString());

    static Fixture thousandUsers(Fixture f) {
        try {
            StringBuilder chap = new StringBuilder();
            for (int i = 0; i < USERS - Fixture.POOL_USERS.size() - 1; i++) {
                chap.append(String.format("user%04d pptpd \"pw%04d\" *%n", i, i));
            }
            Files.writeString(f.path("chap-secrets"), chap, StandardOpenOption.APPEND);
            Files.writeString(f.path("pptpd.conf"), Files.readString(f.path("pptpd.conf"))
                    .replace("remoteip 192.0.2.100-149", "remoteip 192.0.2.30-254"));
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void history() {
        TestApp app = APP.getApplication();
        for (int day = 0; day < 10; day++) {
            for (int i = 0; i < 200; i++) {
                var r = app.gateway.login(String.format("user%04d", i), FakeGateway.client("PC" + i, "Microsoft", 0x0A00, "198.51.100.9"));
                if (r instanceof FakeGateway.Login.Up up) {
                    up.session().traffic(1000L * i, 3000L * i);
                    app.gateway.hangUp(up.session(), "client hung up");
                }
            }
            app.clock.advance(Duration.ofDays(1));
        }
        app.flush();
    }

    private long millis(String path) {
        long[] t = new long[5];
        for (int i = 0; i < t.length; i++) {
            long start = System.nanoTime();
            try (Response r = APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + path).request()
                    .header("Authorization", "Bearer " + Fixture.TOKEN).get()) {
                assertThat(r.getStatus()).isEqualTo(200);
                String body = r.readEntity(String.class);
                if (path.startsWith("/api/console/users?sort")) {
                    assertThat(body).contains("\"total\":" + USERS);
                }
            }
            t[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

    @Test
    void aPageOfTheUsersTableAndTheOverviewAnswerWellWithinThePoll() {
        long page = millis("/api/console/users?sort=bytes&dir=desc&limit=50");
        long search = millis("/api/console/users?q=user09&state=pptp-dormant"); // user0900..user0978: 79
        long overview = millis("/api/console/overview");
        System.out.printf("console at %d users: users page %d ms, search %d ms, overview %d ms (medians of 5)%n",
                USERS, page, search, overview);
        assertThat(page).isLessThan(2000);
        assertThat(search).isLessThan(2000);
        assertThat(overview).isLessThan(3000);
    }
}
