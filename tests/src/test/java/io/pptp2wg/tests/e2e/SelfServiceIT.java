package io.pptp2wg.tests.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.wireguard.config.Config;
import io.pptp2wg.admin.auth.ApiToken;
import io.pptp2wg.tests.lab.ClientRun;
import io.pptp2wg.tests.lab.ClientScenario;
import io.pptp2wg.tests.lab.CommandResult;
import io.pptp2wg.tests.lab.GatewayProcess;
import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.PptpClientVm;
import io.pptp2wg.tests.lab.RealPeerTest;
import io.pptp2wg.tests.lab.ResultLine;
import io.pptp2wg.tests.lab.WireGuardBackend;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's self-service page through a real tunnel, one client boot: Debian's pppd + pptp-linux in the VM log in
 * as alice; busybox wget (the image has no curl) fetches {@code http://198.51.100.1/} (the gateway's localip, held
 * by its TUN) through ppp0, sends a forged confirmation naming bob (proxy headers, no token: refused), confirms with
 * the page's token and downloads the configuration (alice's, whatever the request names). wireguard-go configured
 * from that file then reaches the backend. Requests from outside a tunnel get nothing: from the gateway's own
 * namespace, and from another namespace on the LAN with a route to the page's address.
 * <pre>
 *   lab netns, br0 192.0.2.0/24 ─┬─ 192.0.2.1  gateway (selfService.enabled), TUN pptp2wg-self 198.51.100.1/32
 *                                ├─ 192.0.2.3  backend netns: wireguard-go, wg 203.0.113.1/24, lo 203.0.113.10
 *                                ├─ 192.0.2.4  alice's native wireguard-go, from the downloaded file
 *                                ├─ 192.0.2.5  a LAN host with a route to 198.51.100.1 via the gateway
 *                                └─ client VM
 * </pre>
 */
@RealPeerTest(gateway = true)
class SelfServiceIT {
    static final String GW = "192.0.2.1";
    static final String PAGE = "198.51.100.1";
    static final String BEHIND = "203.0.113.10";
    static final String TOKEN = "selfsvc-" + Long.toHexString(Double.doubleToLongBits(Math.random()));

    @Test
    void aRealClientTakesItsOwnConfigurationThroughItsTunnelAndNothingElseGetsIt() throws Exception {
        long t0 = System.nanoTime();
        try (Netns ns = Netns.create(); Netns lan = Netns.createStandalone()) {
            WireGuardBackend backend = WireGuardBackend.builder(ns).underlay("192.0.2.3/24").tunnel("203.0.113.1/24")
                    .behind(BEHIND).route("198.51.100.0/24").start();
            GatewayProcess gw = GatewayProcess.builder(ns).listen(GW).ports(8080, 8081)
                    .backend(backend.publicKey().toBase64(), backend.endpoint(), "203.0.113.0/24").apiToken(TOKEN)
                    .user("alice", "alice-pw").user("bob", "bob-pw")
                    .configYaml("api:", "  tokens:", "    - name: selfsvc", "      sha256: " + ApiToken.sha256Hex(TOKEN),
                            "selfService:", "  enabled: true")
                    .start();
            GatewayApi api = new GatewayApi(gw);
            backend.addPeers(api.call("GET", "/api/backend/peers", null, 200));
            JsonNode alice = api.get("/api/users/alice").get("user");
            JsonNode bob = api.get("/api/users/bob").get("user");
            assertThat(gw.logText()).contains("self-service page on http://" + PAGE + ":80/");

            ClientRun run = PptpClientVm.builder(ns)
                    .scenario(ClientScenario.named("selfsvc").user("alice", "alice-pw").ping(3).pingTarget(BEHIND)
                            .selfService(PAGE, "bob", bob.get("tunnelAddress").asText()))
                    .run();
            assertThat(run.scenario("selfsvc").allPingsAnswered()).as(run.describe()).isTrue();
            Map<String, ResultLine> steps = steps(run);
            assertThat(steps).as(run.describe()).containsKeys("page", "forged", "early", "confirm", "conf", "file");
            assertThat(steps.get("page").get("http")).isEqualTo("200");
            assertThat(steps.get("page").get("hello")).as("the page names the session's user").isEqualTo("1");
            assertThat(steps.get("page").get("key")).as("no secret before the click").isEqualTo("0");
            assertThat(steps.get("forged").get("http")).as("bob named, no token").isEqualTo("403");
            assertThat(steps.get("early").get("http")).as("no file before the click").isEqualTo("409");
            assertThat(steps.get("confirm").get("http")).isEqualTo("200");
            assertThat(steps.get("confirm").get("key")).isEqualTo("0");
            assertThat(steps.get("conf").get("http")).isEqualTo("200");

            String text = new String(HexFormat.of().parseHex(steps.get("file").get("hex")), StandardCharsets.UTF_8);
            Config config = Config.parse(new BufferedReader(new StringReader(text)));
            assertThat(config.getInterface().getKeyPair().getPublicKey().toBase64()).as("alice's, not bob's")
                    .isEqualTo(alice.get("wireguardPublicKey").asText())
                    .isNotEqualTo(bob.get("wireguardPublicKey").asText());
            assertThat(config.getInterface().getAddresses()).extracting(Object::toString)
                    .containsExactly(alice.get("tunnelAddress").asText() + "/32");
            assertThat(api.reportRow("alice").get("state").asText()).as("the click is the cut-over").isEqualTo("cutover-issued");
            assertThat(api.reportRow("bob").get("state").asText()).isNotEqualTo("cutover-issued");
            assertThat(api.call("GET", "/api/audit", null, 200)).contains("self-service:alice@" + alice.get("tunnelAddress").asText());

            // outside a tunnel: the gateway's own namespace (source = the page's own address), a LAN host routed there
            CommandResult host = ns.exec(Duration.ofSeconds(20), "curl", "-s", "-m", "5", "-o", "/dev/null",
                    "-w", "%{http_code} %{size_download}", "http://" + PAGE + "/");
            assertThat(host.stdout()).as("from the gateway's host").isEqualTo("403 0");
            ns.plugIntoBridge(lan, "192.0.2.5/24");
            lan.addRoute(PAGE + "/32", GW);
            CommandResult other = lan.exec(Duration.ofSeconds(20), "curl", "-s", "-m", "5", "-o", "/dev/null",
                    "-w", "%{http_code} %{size_download}", "-H", "X-Forwarded-For: " + alice.get("tunnelAddress").asText(),
                    "http://" + PAGE + "/wireguard.conf");
            assertThat(other.stdout()).as("from another namespace").isIn("403 0", "000 0");

            try (WireGuardBackend client = WireGuardBackend.builder(ns).underlay("192.0.2.4/24").wgQuick(config).start()) {
                String address = alice.get("tunnelAddress").asText();
                CommandResult ping = client.exec(Duration.ofSeconds(30), "ping", "-c", "3", "-i", "0.2", "-W", "5", "-I", address, BEHIND);
                assertThat(ping.stdout()).as(ping.stdout() + ping.stderr()).contains("3 received");
            }
            System.out.printf("[measure] SelfServiceIT: client VM %.1f s, whole test %.1f s%n", run.totalSeconds(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The scenario's {@code selfsvc} lines by step. */
    private static Map<String, ResultLine> steps(ClientRun run) {
        Map<String, ResultLine> steps = new LinkedHashMap<>();
        for (String line : run.resultLines()) {
            int at = line.indexOf("RESULT selfsvc selfsvc ");
            if (at >= 0) {
                ResultLine.parse(line.substring(at)).ifPresent(r -> steps.put(r.get("step"), r));
            }
        }
        return steps;
    }
}
