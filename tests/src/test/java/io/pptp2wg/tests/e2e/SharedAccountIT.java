package io.pptp2wg.tests.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.wireguard.crypto.KeyPair;
import io.pptp2wg.admin.auth.ApiToken;
import io.pptp2wg.session.ReconnectRule;
import io.pptp2wg.tests.lab.ClientRun;
import io.pptp2wg.tests.lab.ClientScenario;
import io.pptp2wg.tests.lab.ClientScenario.Control;
import io.pptp2wg.tests.lab.ClientScenario.Direction;
import io.pptp2wg.tests.lab.GatewayProcess;
import io.pptp2wg.tests.lab.IperfResult;
import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.PptpClientVm;
import io.pptp2wg.tests.lab.RealPeerTest;
import io.pptp2wg.tests.lab.SessionResult;
import io.pptp2wg.tests.lab.WireGuardBackend;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, one account on several devices in per-user mode, with real peers: two client VMs (pppd 2.4.9 +
 * pptp-linux 1.10) each dial the same account twice, as an office whose laptops and routers share one PPTP account.
 * pptpd carries the four side by side with four addresses; so must the gateway, without a change at the backend
 * (Debian's wireguard-go) between them. Each machine runs its two calls on one control connection (pptp-linux's
 * call manager): the two look like one device (the same host name, vendor, firmware and public address), so the
 * machine whose first call holds the account's own address is asked (LCP Echo-Request) when its second logs in,
 * answers, and both stay. Then that machine dies without a goodbye and comes back: its dead session does not answer,
 * and the new login takes the account's address over.
 * <pre>
 *   lab netns, br0 192.0.2.0/24 ─┬─ 192.0.2.1  gateway, per-user mode, pool 198.51.100.100-199
 *                                ├─ 192.0.2.3  backend netns: wireguard-go, wg 203.0.113.1/24, lo 203.0.113.10
 *                                │             (iperf3 :5201 and :5202), route 198.51.100.0/24 into wg
 *                                ├─ 192.0.2.20 machine A (one control connection, two calls, iperf3 on both)
 *                                └─ 192.0.2.21 machine B (one control connection, two calls)
 * </pre>
 */
@RealPeerTest(gateway = true)
class SharedAccountIT {
    static final String BEHIND = "203.0.113.10";
    static final String ACCOUNT = "office";
    static final String PASSWORD = "office-secret";
    static final String TOKEN = "multi-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    static final Duration WAIT = Duration.ofMinutes(4);
    static final int IPERF_SECONDS = 5;
    static final Pattern POOL = Pattern.compile("198\\.51\\.100\\.1\\d\\d");

    @Test
    void fourSessionsOfOneAccountFromTwoMachinesEachWithItsOwnAddress() throws Exception {
        KeyPair gatewayKeys = new KeyPair();
        try (Netns ns = Netns.create();
             WireGuardBackend backend = WireGuardBackend.builder(ns).underlay("192.0.2.3/24").tunnel("203.0.113.1/24")
                     .behind(BEHIND).iperf(BEHIND, 5201).iperf(BEHIND, 5202).route("198.51.100.0/24").start();
             GatewayProcess gw = GatewayProcess.builder(ns).user(ACCOUNT, PASSWORD).user("bob", "bob-secret")
                     .backend(backend.publicKey().toBase64(), backend.endpoint(), "203.0.113.0/24")
                     .wireGuardKeys(gatewayKeys).pptpdYaml("maxSessionsPerUser: 4").apiToken(TOKEN)
                     .configYaml("api:", "  tokens:", "    - name: it", "      sha256: " + ApiToken.sha256Hex(TOKEN))
                     .start()) {
            GatewayApi api = new GatewayApi(gw);
            String gatewayKey = gatewayKeys.getPublicKey().toBase64();

            // the backend is set up once, from what the gateway prints, before anyone dials
            String peers = api.call("GET", "/api/backend/peers", null, 200);
            assertThat(peers).contains("PublicKey = " + gatewayKey + "\nAllowedIPs = 198.51.100.100/30, 198.51.100.104/29,"
                    + " 198.51.100.112/28, 198.51.100.128/26, 198.51.100.192/29\n");
            backend.addPeers(peers);
            Map<String, List<String>> configured = allowedIps(backend.dump());
            assertThat(configured).as("office, bob and the gateway itself").hasSize(3).containsKey(gatewayKey);
            JsonNode office = api.get("/api/users/" + ACCOUNT).get("user");
            String officeAddress = office.get("tunnelAddress").asText();
            String officeKey = office.get("wireguardPublicKey").asText();
            assertThat(configured.get(officeKey)).containsExactly(officeAddress + "/32");

            ClientScenario a = ClientScenario.named("a").user(ACCOUNT, PASSWORD).sessions(2).control(Control.SHARED)
                    .upTimeout(90).ping(5).pingTarget(BEHIND)
                    .iperf(IPERF_SECONDS, Direction.FWD).iperfTarget(BEHIND).iperfAllSessions().holdUntilReleased(240);
            ClientScenario b = ClientScenario.named("b").user(ACCOUNT, PASSWORD).sessions(2).control(Control.SHARED)
                    .upTimeout(90).ping(5).pingTarget(BEHIND).holdUntilReleased(240);
            try (PptpClientVm vmA = PptpClientVm.builder(ns).name("ma").scenario(a).start();
                 PptpClientVm vmB = PptpClientVm.builder(ns).name("mb").scenario(b).start()) {
                ClientRun runA = vmA.awaitHolding("a", WAIT);
                ClientRun runB = vmB.awaitHolding("b", WAIT);
                String why = runA.describe() + "\n" + runB.describe() + "\ngateway log: " + gw.log();
                List<SessionResult> all = new ArrayList<>(runA.scenario("a").sessions());
                all.addAll(runB.scenario("b").sessions());

                // four sessions, four addresses, every one reaches the address behind the backend
                assertThat(all).as(why).hasSize(4).allMatch(SessionResult::up);
                Set<String> addresses = new HashSet<>();
                for (SessionResult s : all) {
                    assertThat(s.localAddress()).as(why).matches(POOL);
                    addresses.add(s.localAddress());
                    assertThat(s.ping()).as(why).isPresent();
                    assertThat(s.ping().orElseThrow().allAnswered()).as("ping from %s: %s", s.localAddress(), why).isTrue();
                }
                assertThat(addresses).as(why).hasSize(4).contains(officeAddress);

                // iperf3 through both sessions of machine A at the same time (ports 5201 and 5202)
                List<IperfResult> iperf = new ArrayList<>();
                for (SessionResult s : runA.scenario("a").sessions()) {
                    iperf.addAll(s.iperf());
                }
                assertThat(iperf).as(why).hasSize(2).allMatch(IperfResult::ok).allMatch(r -> r.receiverMbps() > 0);
                System.out.printf("[measure] two sessions of one account at once, iperf3 %d s each: %.1f + %.1f Mbit/s%n",
                        IPERF_SECONDS, iperf.get(0).receiverMbps(), iperf.get(1).receiverMbps());

                // the API: four sessions of the account, one on its own address and identity, three borrowed
                JsonNode sessions = api.get("/api/sessions");
                assertThat(sessions).as(sessions.toString()).hasSize(4);
                Map<String, JsonNode> byAddress = new LinkedHashMap<>();
                for (JsonNode s : sessions) {
                    assertThat(s.get("user").asText()).isEqualTo(ACCOUNT);
                    byAddress.put(s.get("tunnelAddress").asText(), s);
                }
                assertThat(byAddress.keySet()).isEqualTo(addresses);
                JsonNode own = byAddress.get(officeAddress);
                assertThat(own.get("addressHolding").asText()).isEqualTo("own");
                assertThat(own.get("wireguardPublicKey").asText()).isEqualTo(officeKey).isNotEqualTo(gatewayKey);
                assertThat(api.get("/api/users/" + ACCOUNT).get("user").get("sessionsUp").asInt()).isEqualTo(4);
                byAddress.forEach((address, s) -> {
                    if (!address.equals(officeAddress)) {
                        assertThat(s.get("addressHolding").asText()).as(address).isEqualTo("borrowed");
                        assertThat(s.get("wireguardPublicKey").asText()).as(address).isEqualTo(gatewayKey);
                    }
                });
                // the devices as the sessions tell them: each machine's two calls share one public address
                Map<String, Integer> perPublicAddress = new LinkedHashMap<>();
                for (JsonNode s : sessions) {
                    perPublicAddress.merge(s.get("client").get("publicAddress").asText(), 1, Integer::sum);
                    assertThat(s.get("client").get("vendor").asText()).isEqualTo("cananian");
                }
                assertThat(perPublicAddress).as(sessions.toString()).isEqualTo(Map.of("192.0.2.20", 2, "192.0.2.21", 2));
                // ... and as GET /api/users/{name} lists them: pptp-linux names itself "local" (a placeholder), so each
                // machine is one device known by its public address, with both of its sessions (the journal writes
                // the device rows on its own thread: wait for them, bounded)
                io.pptp2wg.tests.lab.Wait.orThrow(() -> api.get("/api/users/" + ACCOUNT).get("devices").size() == 2
                                && sum(api.get("/api/users/" + ACCOUNT).get("devices"), "logins") == 4,
                        Duration.ofSeconds(20), Duration.ofMillis(200), "two devices with four logins");
                JsonNode devices = api.get("/api/users/" + ACCOUNT).get("devices");
                Map<String, String> deviceOfMachine = new LinkedHashMap<>();
                for (JsonNode d : devices) {
                    assertThat(d.get("identifiedByAddress").asBoolean()).as(d.toString()).isTrue();
                    assertThat(d.get("vendor").asText()).isEqualTo("cananian");
                    assertThat(d.get("logins").asLong()).as(d.toString()).isEqualTo(2);
                    assertThat(d.get("sessionsUp").asInt()).as(d.toString()).isEqualTo(2);
                    assertThat(d.get("lastAuth").asText()).as(d.toString()).isEqualTo("MS-CHAPv2");
                    deviceOfMachine.put(d.get("lastPublicAddress").asText(), d.get("id").asText());
                }
                assertThat(deviceOfMachine.keySet()).isEqualTo(Set.of("192.0.2.20", "192.0.2.21"));
                for (JsonNode s : sessions) {
                    assertThat(s.get("deviceId").asText()).as(s.toString())
                            .isEqualTo(deviceOfMachine.get(s.get("client").get("publicAddress").asText()));
                }
                System.out.printf("[measure] devices of the account: %s%n", devices);

                // the backend: the same peers and AllowedIPs as before anyone dialled; the traffic on both identities
                Map<String, WireGuardBackend.Peer> dump = backend.dump();
                assertThat(allowedIps(dump)).as("the backend's configuration is unchanged").isEqualTo(configured);
                assertThat(dump.get(gatewayKey).latestHandshake()).as("the gateway's identity handshook").isPositive();
                assertThat(dump.get(gatewayKey).rxBytes()).isPositive();
                assertThat(dump.get(officeKey).latestHandshake()).as("the account's own identity handshook").isPositive();
                assertThat(dump.get(officeKey).rxBytes()).isPositive();

                String log = gw.logText();
                assertThat(log).as("nobody was replaced").doesNotContain("session replaced").doesNotContain("no answer");
                // the second call of the machine holding the own address asked the first (unless it logged in before
                // the first had its address: then it borrowed at once); real pppd answers the Echo-Request
                long probes = Pattern.compile("session probe user=office older id=\\d+: a login").matcher(log).results().count();
                assertThat(Pattern.compile("session probe user=office older id=\\d+: alive").matcher(log).results().count())
                        .as(log).isEqualTo(probes);
                System.out.printf("[measure] probes of an older session of the same machine: %d, all answered%n", probes);
                assertThat(Pattern.compile("session up .* holding=borrowed").matcher(log).results().count()).isEqualTo(3);
                assertThat(api.prometheus()).anySatisfy((name, value) -> {
                    assertThat(name).contains("relay_dropped_total").contains("wrong_identity");
                    assertThat(value).isZero();
                });

                // the machine holding the account's own address dies without a goodbye and comes back (the same
                // address, so the same device): its old session does not answer the probe, the new login takes over
                String ownMachine = own.get("client").get("publicAddress").asText();
                PptpClientVm dead = ownMachine.equals("192.0.2.20") ? vmA : vmB;
                PptpClientVm survivor = dead == vmA ? vmB : vmA;
                dead.kill();
                try (PptpClientVm back = PptpClientVm.builder(ns).name("back").ip(ownMachine + "/24")
                        .scenario(ClientScenario.named("c").user(ACCOUNT, PASSWORD).ping(3).pingTarget(BEHIND)
                                .holdUntilReleased(120)).start()) {
                    ClientRun runC = back.awaitHolding("c", WAIT);
                    SessionResult again = runC.scenario("c").session(0);
                    String whyC = runC.describe() + "\ngateway log: " + gw.log();
                    assertThat(again.up()).as(whyC).isTrue();
                    assertThat(again.localAddress()).as("the own address again: " + whyC).isEqualTo(officeAddress);
                    assertThat(again.ping().orElseThrow().allAnswered()).as(whyC).isTrue();
                    String after = gw.logText();
                    assertThat(after).contains("no answer: a reconnect of the same device")
                            .contains("session replaced id=" + own.get("id").asLong());
                    JsonNode now = null;
                    for (JsonNode s : api.get("/api/sessions")) {
                        if (s.get("tunnelAddress").asText().equals(officeAddress)) {
                            now = s;
                        }
                    }
                    assertThat(now).as("a session on the own address").isNotNull();
                    assertThat(now.get("id").asLong()).isNotEqualTo(own.get("id").asLong());
                    assertThat(now.get("addressHolding").asText()).isEqualTo("own");
                    assertThat(now.get("wireguardPublicKey").asText()).isEqualTo(officeKey);
                    assertThat(allowedIps(backend.dump())).as("still unchanged").isEqualTo(configured);
                    System.out.printf("[measure] reconnect of the dead machine: up in %.2f s (probe timeout %.1f s)%n",
                            again.upSeconds(), ReconnectRule.PROBE_TIMEOUT_NANOS / 1e9);
                    back.release("c");
                    back.awaitEnd(WAIT);
                }
                survivor.release(survivor == vmA ? "a" : "b");
                survivor.awaitEnd(WAIT);
            }
        }
    }

    /** Public key → AllowedIPs: what the backend was configured with (handshakes and byte counts left out). */
    static Map<String, List<String>> allowedIps(Map<String, WireGuardBackend.Peer> dump) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        dump.forEach((key, peer) -> out.put(key, List.copyOf(peer.allowedIps())));
        return out;
    }

    private static long sum(JsonNode devices, String field) {
        long n = 0;
        for (JsonNode d : devices) {
            n += d.get(field).asLong();
        }
        return n;
    }
}
