package io.pptp2wg.tests.radius;

import io.pptp2wg.tests.lab.ClientRun;
import io.pptp2wg.tests.lab.ClientScenario;
import io.pptp2wg.tests.lab.FreeRadius;
import io.pptp2wg.tests.lab.GatewayProcess;
import io.pptp2wg.tests.lab.Lab;
import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.PppdOptions;
import io.pptp2wg.tests.lab.PptpClientVm;
import io.pptp2wg.tests.lab.RealPeerTest;
import io.pptp2wg.tests.lab.SessionResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 with real peers: Debian's pppd 2.4.9 + pptp-linux in the VM logs in through the gateway (the jar) whose
 * options file loads pppd's radius plugin, with Debian's FreeRADIUS (in the lab namespace) holding the password.
 * radiusclient.conf lists a dead server first (192.0.2.6: nothing there), so every login also shows the
 * failover. One VM boot for MS-CHAPv2 (and the refusals), one for PAP under an options file that requires it:
 * <pre>
 *   lab netns, br0 192.0.2.0/24 ─┬─ 192.0.2.1  gateway (TCP 1723) and FreeRADIUS (UDP 1812)
 *                                ├─ 192.0.2.6  the dead first authserver (no host)
 *                                └─ 192.0.2.20 client VM
 * </pre>
 */
@RealPeerTest(gateway = true)
class RadiusIT {
    private static final String SECRET = "lab-radius-secret";

    @Test
    void pppdThroughTheGatewayWithFreeRadiusHoldingThePassword() throws Exception {
        try (Netns ns = Netns.create();
             FreeRadius fr = FreeRadius.builder(ns).client("192.0.2.0/24", SECRET).user("alice", "alice-pass").start()) {
            Path dir = Lab.newDir(ns.name() + "-radiusclient");
            Files.writeString(dir.resolve("servers"), "192.0.2.6 " + SECRET + "\n" + fr.address() + "\t" + SECRET + "\n");
            Files.writeString(dir.resolve("radiusclient.conf"), String.join("\n",
                    "auth_order\tradius", "login_tries\t4", "authserver\t192.0.2.6:1812", "authserver\t" + fr.address() + ":1812",
                    "servers\t" + dir.resolve("servers"), "dictionary\t/etc/radiusclient/dictionary",
                    "seqfile\t/var/run/radius.seq", "mapfile\t/etc/radiusclient/port-id-map", "default_realm",
                    "radius_timeout\t2", "radius_retries\t1", "bindaddr *", "") );
            try (GatewayProcess gw = GatewayProcess.builder(ns)
                    .addOptions("plugin /usr/lib/pppd/2.4.9/radius.so", "radius-config-file " + dir.resolve("radiusclient.conf"),
                            "avpair Service-Type=Framed-User")
                    .start()) {
                assertThat(gw.logText()).contains("not used for authentication, as with pppd").doesNotContain(SECRET);
                try (PptpClientVm vm = PptpClientVm.builder(ns)
                        .scenario(ClientScenario.named("badpass").user("alice", "wrong").pppd(PppdOptions.mschapV2Mppe128()))
                        .scenario(ClientScenario.named("localonly").user("test", "test").pppd(PppdOptions.mschapV2Mppe128()))
                        .scenario(ClientScenario.named("mschap").user("alice", "alice-pass").pppd(PppdOptions.mschapV2Mppe128())
                                .ping(10).holdUntilReleased(120))
                        .scenario(ClientScenario.named("down").user("alice", "alice-pass").pppd(PppdOptions.mschapV2Mppe128()))
                        .start()) {
                    ClientRun held = vm.awaitHolding("mschap", Duration.ofSeconds(300));
                    SessionResult s = held.scenario("mschap").session(0);
                    assertThat(s.up()).as(vm.describe() + "\n" + gw.logText() + "\n" + fr.logText()).isTrue();
                    assertThat(s.mppe()).contains("128");
                    assertThat(s.ping().orElseThrow().rx()).as("pings through MPPE keyed by FreeRADIUS").isEqualTo(10);
                    System.out.printf("[measure] RADIUS login (first server dead, 2 s): up after %.2f s%n", s.upSeconds());
                    fr.stop();
                    vm.release("mschap");
                    ClientRun run = vm.awaitEnd(Duration.ofSeconds(180));
                    SessionResult bad = run.scenario("badpass").session(0);
                    assertThat(bad.up()).isFalse();
                    assertThat(bad.downReason()).as(run.describe()).contains("E=691");
                    assertThat(run.scenario("localonly").session(0).up()).as("a user only in chap-secrets, as with pppd").isFalse();
                    SessionResult down = run.scenario("down").session(0);
                    assertThat(down.up()).isFalse();
                    assertThat(String.join("\n", down.pppLog()) + down.downReason()).as(run.describe())
                            .containsIgnoringCase("unreachable");
                    assertThat(gw.logText()).contains("the authentication service is unreachable").doesNotContain(SECRET);
                    String metrics = gw.http("GET", "/prometheus", null).body();
                    var unreachable = java.util.regex.Pattern.compile("(?m)^pptp2wg_radius_unreachable_total ([0-9.]+)").matcher(metrics);
                    assertThat(unreachable.find()).as(metrics).isTrue();
                    assertThat(Double.parseDouble(unreachable.group(1))).isGreaterThanOrEqualTo(1.0);
                    System.out.printf("[measure] RADIUS down (2 servers x 1 try x 2 s): login refused, %s%n", down.downReason());
                }
            }
            // PAP once: an options file that requires it (MPPE then refused, as with pppd), the same RADIUS files
            fr.restart();
            try (GatewayProcess gw = GatewayProcess.builder(ns)
                    .options(java.util.List.of("name pptpd", "require-pap", "lcp-echo-interval 10", "lcp-echo-failure 3",
                            "mtu 1400", "mru 1400", "plugin radius.so", "radius-config-file " + dir.resolve("radiusclient.conf")))
                    .start()) {
                ClientRun run = PptpClientVm.builder(ns).scenario(ClientScenario.named("pap").user("alice", "alice-pass")
                        .pppd(PppdOptions.client(io.pptp2wg.tests.lab.ClientAuth.PAP)).ping(5)).run();
                SessionResult pap = run.scenario("pap").session(0);
                assertThat(pap.up()).as(run.describe() + "\n" + gw.logText() + "\n" + fr.logText()).isTrue();
                assertThat(pap.authMethod()).contains(io.pptp2wg.tests.lab.ClientAuth.PAP);
                assertThat(pap.ping().orElseThrow().rx()).isEqualTo(5);
            }
        }
    }
}
