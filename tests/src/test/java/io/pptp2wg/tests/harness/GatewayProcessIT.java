package io.pptp2wg.tests.harness;

import io.pptp2wg.tests.lab.GatewayProcess;
import io.pptp2wg.tests.lab.HttpResponse;
import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.RealPeerTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's jar runs inside a lab namespace as operators run it, answers on its admin port there,
 * and comes back after a SIGKILL on the same data directory. Independent of what the gateway speaks.
 */
@RealPeerTest(gateway = true)
class GatewayProcessIT {
    @Test
    void runsInANamespaceAnswersHealthAndRestartsAfterSigkill() throws Exception {
        try (Netns ns = Netns.create();
             GatewayProcess gw = GatewayProcess.builder(ns).user("alice", "alice-pw").user("bob", "bob-pw", "198.51.100.20")
                     .start()) {
            System.out.printf("[measure] gateway /healthcheck answered %.2f s after start%n", gw.startSeconds());
            HttpResponse health = gw.health();
            assertThat(health.status()).as(health.body() + "\n" + gw.logText()).isEqualTo(200);
            assertThat(health.body()).contains("\"config\"");
            // only inside its namespace: the admin and application ports listen there
            String listening = ns.exec("ss", "-ltnH").orThrow().stdout();
            assertThat(listening).contains("127.0.0.1:8081").contains("127.0.0.1:8080");
            assertThat(gw.http("GET", "/api/no-such-thing", null).status()).isEqualTo(404);
            HttpResponse reload = gw.http("POST", "/tasks/reload-secrets", "{}");
            assertThat(reload.status()).as(reload.body()).isEqualTo(200);
            assertThat(gw.cpuSeconds()).isPositive();
            assertThat(gw.rssBytes()).isPositive();

            long firstPid = gw.pid();
            gw.kill();
            assertThat(gw.isAlive()).isFalse();
            gw.restart();
            assertThat(gw.pid()).isNotEqualTo(firstPid);
            assertThat(gw.health().status()).isEqualTo(200);
            System.out.printf("[measure] gateway restart after SIGKILL: /healthcheck after %.2f s%n", gw.startSeconds());

            assertThat(gw.stop()).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(gw.isAlive()).isFalse();
        }
    }
}
