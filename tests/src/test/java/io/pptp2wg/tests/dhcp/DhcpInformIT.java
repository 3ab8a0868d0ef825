package io.pptp2wg.tests.dhcp;

import io.pptp2wg.admin.auth.ApiToken;
import io.pptp2wg.tests.lab.ClientRun;
import io.pptp2wg.tests.lab.ClientScenario;
import io.pptp2wg.tests.lab.CommandResult;
import io.pptp2wg.tests.lab.Commands;
import io.pptp2wg.tests.lab.DhcpReply;
import io.pptp2wg.tests.lab.GatewayProcess;
import io.pptp2wg.tests.lab.Lab;
import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.PptpClientVm;
import io.pptp2wg.tests.lab.RealPeerTest;
import io.pptp2wg.tests.lab.Tshark;
import io.pptp2wg.tests.lab.TsharkReport;
import io.pptp2wg.tests.lab.WireGuardBackend;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11's DHCPINFORM through a real tunnel: Debian's pppd 2.4.9 + pptp-linux in the VM, logged into the gateway
 * (the jar) whose backend is a real wireguard-go; session 0 broadcasts a DHCPINFORM as a Windows RAS client does
 * and prints what reached its port 68. The reply goes through tshark (a pcap made with text2pcap from the
 * payload): options 121 and 249 carry exactly the backend [Peer]'s AllowedIPs (its 0.0.0.0/0 left out) via the
 * gateway's tunnel address, zero malformed. A second gateway with {@code pptpd.dhcp.enabled: false} does not
 * answer (socat's bounded wait), while it still answers pings to its own address. One client boot, two scenarios:
 * <pre>
 *   lab netns, br0 192.0.2.0/24 ─┬─ 192.0.2.1  gateway, DHCP on (domain corp.example, ms-dns, ms-wins)
 *                                ├─ 192.0.2.2  gateway, DHCP off
 *                                ├─ 192.0.2.3  backend netns: wireguard-go, wg 203.0.113.1/24, lo 203.0.113.10
 *                                └─ client VM
 * </pre>
 */
@RealPeerTest(gateway = true)
class DhcpInformIT {
    static final String ON_GW = "192.0.2.1";
    static final String OFF_GW = "192.0.2.2";
    static final String BEHIND = "203.0.113.10";
    static final String TUNNEL = "198.51.100.1";
    static final String ALLOWED_IPS = "203.0.113.0/25, 203.0.113.128/26, 203.0.113.250/32, 0.0.0.0/0";
    static final List<String> ROUTES = List.of("203.0.113.0/25-" + TUNNEL, "203.0.113.128/26-" + TUNNEL,
            "203.0.113.250/32-" + TUNNEL);
    static final String TOKEN = "dhcp-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    static final int WAIT_SECONDS = 5;

    @Test
    void informIsAnsweredWithTheBackendsAllowedIpsAndNotWhenSwitchedOff() throws Exception {
        long t0 = System.nanoTime();
        try (Netns ns = Netns.create()) {
            ns.addBridgeAddress(OFF_GW + "/24");
            WireGuardBackend backend = WireGuardBackend.builder(ns).underlay("192.0.2.3/24").tunnel("203.0.113.1/24")
                    .behind(BEHIND).route("198.51.100.0/24").start();
            CompletableFuture<GatewayProcess> off = CompletableFuture.supplyAsync(() ->
                    gateway(ns, backend, OFF_GW, 8090, 8091).pptpdYaml("dhcp:", "  enabled: false").start());
            GatewayProcess on = gateway(ns, backend, ON_GW, 8080, 8081).pptpdYaml("dhcp:", "  domain: corp.example")
                    .addOptions("ms-dns 198.51.100.54", "ms-wins 198.51.100.55").start();
            GatewayProcess offGw = off.join();
            backend.addPeers(on.http("GET", "/api/backend/peers", null).body());

            ClientRun run = PptpClientVm.builder(ns)
                    .scenario(ClientScenario.named("on").ping(3).pingTarget(BEHIND).dhcpInform(WAIT_SECONDS))
                    .scenario(ClientScenario.named("off").set("server", OFF_GW).ping(3).dhcpInform(WAIT_SECONDS))
                    .run();
            assertThat(run.scenario("on").allPingsAnswered()).as("through the backend\n" + run.describe()).isTrue();
            assertThat(run.scenario("off").allPingsAnswered()).as("the gateway's own address\n" + run.describe()).isTrue();

            DhcpReply reply = DhcpReply.of(run, "on").orElseThrow(() -> new AssertionError(run.describe()));
            assertThat(reply.answered()).as("a DHCPACK reached port 68\n" + run.describe()).isTrue();
            Path pcap = pcap(reply, "dhcp-inform-on");
            TsharkReport t = Tshark.check(pcap);
            assertThat(t.frames("dhcp")).as(t.describe()).isEqualTo(1);
            assertThat(t.malformed()).as(t.describe()).isZero();
            assertThat(t.clean()).as(t.describe()).isTrue();
            String text = decode(pcap);
            assertThat(text).as(text).contains("DHCP: ACK (5)", "Your (client) IP address: 0.0.0.0",
                    "Client IP address: " + reply.from(), "DHCP Server Identifier: " + TUNNEL,
                    "Domain Name Server: 198.51.100.53", "Domain Name Server: 198.51.100.54",
                    "NetBIOS over TCP/IP Name Server: 198.51.100.55", "Domain Name: corp.example");
            assertThat(routes(text, "(121) Classless Static Route")).as(text).containsExactlyInAnyOrderElementsOf(ROUTES);
            assertThat(routes(text, "(249) Private/Classless Static Route")).as(text)
                    .containsExactlyInAnyOrderElementsOf(ROUTES);
            assertThat(options(text)).as("nothing else").containsExactly(53, 54, 6, 44, 15, 121, 249, 255);

            String metrics = on.http("GET", "/prometheus", null).body();
            assertThat(metrics).contains("pptp2wg_pptp_session_events_total{event=\"dhcp_acks\"} 1");
            assertThat(metrics.lines().filter(l -> l.startsWith("pptp2wg_dhcp_malformed_total")))
                    .as(metrics).isNotEmpty().allMatch(l -> l.endsWith(" 0"));
            assertThat(on.logText()).contains("not sent as a classless route");

            DhcpReply none = DhcpReply.of(run, "off").orElseThrow(() -> new AssertionError(run.describe()));
            assertThat(none.sent()).isGreaterThan(240);
            assertThat(none.answered()).as("DHCP switched off: no answer within " + WAIT_SECONDS + " s").isFalse();
            assertThat(offGw.http("GET", "/prometheus", null).body())
                    .contains("pptp2wg_pptp_session_events_total{event=\"dhcp_acks\"} 0");
            System.out.printf("[measure] DhcpInformIT: %d-octet DHCPACK with %d routes; client VM %.1f s, whole test %.1f s%n",
                    reply.payload().length, ROUTES.size(), run.totalSeconds(), (System.nanoTime() - t0) / 1e9);
        }
    }

    private static GatewayProcess.Builder gateway(Netns ns, WireGuardBackend backend, String listen, int app, int admin) {
        return GatewayProcess.builder(ns).listen(listen).ports(app, admin)
                .backend(backend.publicKey().toBase64(), backend.endpoint(), ALLOWED_IPS).apiToken(TOKEN)
                .configYaml("api:", "  tokens:", "    - name: dhcp", "      sha256: " + ApiToken.sha256Hex(TOKEN));
    }

    /** The reply's UDP payload as the client received it, in a pcap with the IP/UDP headers it came with. */
    private static Path pcap(DhcpReply reply, String name) throws IOException {
        StringBuilder hex = new StringBuilder();
        byte[] p = reply.payload();
        for (int i = 0; i < p.length; i += 16) {
            hex.append(String.format("%06x", i));
            for (int k = i; k < Math.min(p.length, i + 16); k++) {
                hex.append(String.format(" %02x", p[k]));
            }
            hex.append('\n');
        }
        Path txt = Lab.runDir().resolve(name + ".txt");
        Path pcap = Lab.runDir().resolve(name + ".pcap");
        Files.writeString(txt, hex);
        CommandResult r = Commands.run(Duration.ofSeconds(30), null, List.of("text2pcap", "-q", "-4",
                TUNNEL + "," + reply.from(), "-u", "67,68", txt.toString(), pcap.toString()));
        assertThat(r.ok()).as(r.stderr()).isTrue();
        return pcap;
    }

    private static String decode(Path pcap) {
        CommandResult r = Commands.run(Duration.ofSeconds(60), null,
                List.of("tshark", "-n", "-r", pcap.toString(), "-V", "-O", "dhcp"));
        assertThat(r.ok()).as(r.stderr()).isTrue();
        return r.stdout();
    }

    /** The routes tshark lists under one option ("203.0.113.0/25-198.51.100.1"). */
    static List<String> routes(String text, String option) {
        List<String> routes = new ArrayList<>();
        boolean in = false;
        for (String line : text.lines().toList()) {
            String s = line.strip();
            if (s.startsWith("Option: (")) {
                in = s.contains(option);
            } else if (in && s.matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+-\\d+\\.\\d+\\.\\d+\\.\\d+")) {
                routes.add(s);
            }
        }
        return routes;
    }

    /** The option codes in order. */
    static List<Integer> options(String text) {
        return text.lines().map(String::strip).filter(s -> s.startsWith("Option: ("))
                .map(s -> Integer.parseInt(s.substring(9, s.indexOf(')')))).toList();
    }
}
