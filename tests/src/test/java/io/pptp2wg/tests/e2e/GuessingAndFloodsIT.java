package io.pptp2wg.tests.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.pptp2wg.admin.auth.ApiToken;
import io.pptp2wg.tests.lab.ClientRun;
import io.pptp2wg.tests.lab.ClientScenario;
import io.pptp2wg.tests.lab.ClientScenario.Control;
import io.pptp2wg.tests.lab.GatewayProcess;
import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.PptpClientVm;
import io.pptp2wg.tests.lab.RealPeerTest;
import io.pptp2wg.tests.lab.SessionResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17's guessing limits and flood caps against a real client (pppd 2.4.9 + pptp-linux 1.10), one VM boot:
 * <ol>
 *   <li>a flood of half-open TCP connections from 192.0.2.66 (never a Start-Control-Connection-Request): the
 *       per-address cap holds, 192.0.2.67 still connects, and the real client logs in meanwhile;</li>
 *   <li>three wrong passwords from the VM's address lock that address: the right password is then refused (E=646,
 *       "wait"), without being checked;</li>
 *   <li>the same user logs in from another address of the VM (the user-wide limit has not tripped);</li>
 *   <li>once the back-off (15 s here) has passed, the right password from the first address is accepted.</li>
 * </ol>
 * <pre>
 *   lab netns, br0 192.0.2.0/24 ─┬─ 192.0.2.1   gateway (floods.connectionsPerSource 8, guessing 3 / 5, 15 s)
 *                                ├─ 192.0.2.66  the flood (this JVM, inside the namespace), 192.0.2.67 another source
 *                                └─ 192.0.2.20  client VM; 192.0.2.150 its second address (pptp --localbind)
 * </pre>
 */
@RealPeerTest(gateway = true)
class GuessingAndFloodsIT {
    static final String TOKEN = "guess-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    static final int PER_SOURCE = 8;
    static final int FLOOD = 40;
    static final int BACKOFF_SECONDS = 15;
    static final Duration WAIT = Duration.ofMinutes(4);

    @Test
    void floodCapsHoldAndAGuessedAccountIsLockedThenLetInAfterTheBackoff() throws Exception {
        try (Netns ns = Netns.create();
             GatewayProcess gw = GatewayProcess.builder(ns).user("test", "test").apiToken(TOKEN)
                     .pptpdConf("stimeout 120") // the flood stays half-open for the whole test (FloodCapsTest: stimeout)
                     .configYaml("api:", "  tokens:", "    - name: it", "      sha256: " + ApiToken.sha256Hex(TOKEN),
                             "guessing:", "  sourceFailures: 3", "  userFailures: 5", "  window: 10m",
                             "  initialBackoff: " + BACKOFF_SECONDS + "s", "  maxBackoff: 1m",
                             "floods:", "  connectionsPerSource: " + PER_SOURCE, "  halfOpen: 64")
                     .start()) {
            GatewayApi api = new GatewayApi(gw);
            ns.addBridgeAddress("192.0.2.66/24");
            ns.addBridgeAddress("192.0.2.67/24");

            // 1. the flood: FLOOD connections from one address, held open; only PER_SOURCE stay
            List<Socket> flood = ns.call(Duration.ofSeconds(60), () -> {
                List<Socket> out = new ArrayList<>();
                for (int i = 0; i < FLOOD; i++) {
                    out.add(connect("192.0.2.66"));
                }
                out.add(connect("192.0.2.67"));
                return out;
            });
            try {
                Map<String, Double> m = awaitSample(api, "pptp2wg_pptp_control_total{event=\"connections_refused_per_source\"}",
                        FLOOD - PER_SOURCE);
                int open = ns.call(Duration.ofSeconds(60), () -> countOpen(flood.subList(0, FLOOD)));
                assertThat(open).as("connections of 192.0.2.66 the gateway kept").isEqualTo(PER_SOURCE);
                assertThat(ns.call(Duration.ofSeconds(30), () -> countOpen(flood.subList(FLOOD, FLOOD + 1))))
                        .as("192.0.2.67 connects").isEqualTo(1);
                assertThat(GatewayApi.sample(m, "pptp2wg_pptp_control_total{event=\"connections_refused_half_open\"}"))
                        .isZero();

                // 2-4. the real client, one boot: logs in during the flood, then guesses, then waits out the back-off
                ClientScenario during = ClientScenario.named("during").user("test", "test").upTimeout(60);
                List<ClientScenario> wrong = new ArrayList<>();
                for (int i = 1; i <= 3; i++) {
                    wrong.add(ClientScenario.named("wrong" + i).user("test", "wrong").upTimeout(60));
                }
                ClientScenario locked = ClientScenario.named("locked").user("test", "test").upTimeout(60);
                ClientScenario elsewhere = ClientScenario.named("elsewhere").user("test", "test").control(Control.PER_SESSION)
                        .bindBase("192.0.2.150").upTimeout(60).holdUntilReleased(180);
                ClientScenario after = ClientScenario.named("after").user("test", "test").upTimeout(60);
                PptpClientVm.Builder b = PptpClientVm.builder(ns).scenario(during);
                wrong.forEach(b::scenario);
                try (PptpClientVm vm = b.scenario(locked).scenario(elsewhere).scenario(after).start()) {
                    ClientRun held = vm.awaitHolding("elsewhere", WAIT);
                    String why = held.describe() + "\ngateway log: " + gw.log();
                    assertThat(held.scenario("during").session(0).up()).as(why).isTrue();
                    for (int i = 1; i <= 3; i++) {
                        SessionResult s = held.scenario("wrong" + i).session(0);
                        assertThat(s.up()).as(why).isFalse();
                        assertThat(s.downReason()).as(why).contains("E=691");
                    }
                    SessionResult refused = held.scenario("locked").session(0);
                    assertThat(refused.up()).as(why).isFalse();
                    assertThat(refused.downReason()).as(why).contains("E=646 R=0")
                            .contains("Too many failed logins from this address: wait");
                    assertThat(held.scenario("elsewhere").session(0).up()).as("another address of the same user: " + why)
                            .isTrue();

                    // the lock-out as the API shows it; its end is when the last scenario may try again
                    JsonNode user = api.get("/api/users/test");
                    JsonNode lockout = user.get("lockouts").get(0);
                    assertThat(lockout.get("scope").asText()).isEqualTo("source");
                    assertThat(lockout.get("source").asText()).isEqualTo("192.0.2.20");
                    Instant since = Instant.parse(lockout.get("since").asText());
                    Instant until = Instant.parse(lockout.get("until").asText());
                    assertThat(Duration.between(since, until)).isEqualTo(Duration.ofSeconds(BACKOFF_SECONDS));
                    List<Instant> failures = new ArrayList<>();
                    boolean journalled = false;
                    for (JsonNode e : user.get("history")) {
                        if (e.get("kind").asText().equals("AUTH_FAILURE")) {
                            failures.add(Instant.parse(e.get("at").asText()));
                        }
                        journalled |= e.get("kind").asText().equals("LOCKOUT");
                    }
                    assertThat(failures).hasSize(3);
                    assertThat(journalled).as("LOCKOUT in the journal").isTrue();
                    Instant first = failures.stream().min(Instant::compareTo).orElseThrow();
                    awaitNoLockout(api, until);
                    vm.release("elsewhere");
                    ClientRun run = vm.awaitEnd(WAIT);
                    assertThat(run.scenario("after").session(0).up()).as("after the back-off: " + run.describe()).isTrue();

                    assertThat(gw.logText()).containsPattern("session lockout user=test client=192\\.0\\.2\\.20:\\d+ scope=source")
                            .containsPattern("session refused-locked-out user=test client=192\\.0\\.2\\.20:\\d+ scope=source");
                    Map<String, Double> end = api.prometheus();
                    double refusals = GatewayApi.sample(end, "pptp2wg_guessing_refusals_total{scope=\"source\"}");
                    assertThat(refusals).isEqualTo(1);
                    assertThat(GatewayApi.sample(end, "pptp2wg_guessing_lockouts_total{scope=\"source\"}")).isEqualTo(1);
                    assertThat(GatewayApi.sample(end, "pptp2wg_guessing_lockouts_total{scope=\"user\"}")).isZero();
                    System.out.printf("[measure] guessing: lock-out %.1f s after the first of 3 wrong passwords (pppd"
                                    + " client, one call each); %d refusal(s) during the %d s back-off; flood: %d of %d"
                                    + " half-open connections from one address kept, %.0f refused%n",
                            Duration.between(first, since).toMillis() / 1000.0, (long) refusals, BACKOFF_SECONDS,
                            PER_SOURCE, FLOOD, GatewayApi.sample(end,
                                    "pptp2wg_pptp_control_total{event=\"connections_refused_per_source\"}"));
                }
            } finally {
                for (Socket s : flood) {
                    s.close();
                }
            }
        }
    }

    private static Socket connect(String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("192.0.2.1", 1723), 5000);
        return s;
    }

    /** How many of {@code sockets} the gateway has not closed: a read that times out (nothing, but open) counts. */
    private static int countOpen(List<Socket> sockets) throws IOException {
        int open = 0;
        for (Socket s : sockets) {
            s.setSoTimeout(200);
            try {
                if (s.getInputStream().read() >= 0) {
                    open++; // (the gateway sends nothing before a Start-Control-Connection-Request)
                }
            } catch (SocketTimeoutException e) {
                open++;
            } catch (IOException e) {
                // reset: closed by the cap
            }
        }
        return open;
    }

    /** Polls /prometheus until {@code sample} reaches {@code value} (bounded). */
    private static Map<String, Double> awaitSample(GatewayApi api, String sample, double value) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Map<String, Double> m = api.prometheus();
            if (GatewayApi.sample(m, sample) >= value || System.nanoTime() - deadline > 0) {
                assertThat(GatewayApi.sample(m, sample)).as(sample).isEqualTo(value);
                return m;
            }
            LockSupport.parkNanos(200_000_000L); // a poll of a condition with a deadline
        }
    }

    /** Polls the API until the user has no lock-out (bounded: the back-off and a margin). */
    private static void awaitNoLockout(GatewayApi api, Instant until) {
        long deadline = System.nanoTime() + Duration.ofSeconds(BACKOFF_SECONDS + 30).toNanos();
        while (!api.get("/api/users/test").get("lockouts").isEmpty()) {
            assertThat(System.nanoTime() - deadline).as("lock-out still listed after " + until).isNegative();
            LockSupport.parkNanos(500_000_000L); // a poll of a condition with a deadline
        }
    }
}
