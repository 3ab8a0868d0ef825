package io.pptp2wg.tests.pptp;

import io.pptp2wg.tests.lab.Capture;
import io.pptp2wg.tests.lab.ClientAuth;
import io.pptp2wg.tests.lab.ClientRun;
import io.pptp2wg.tests.lab.ClientScenario;
import io.pptp2wg.tests.lab.ClientScenario.Control;
import io.pptp2wg.tests.lab.GatewayProcess;
import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.PppdOptions;
import io.pptp2wg.tests.lab.PptpClientVm;
import io.pptp2wg.tests.lab.RealPeerTest;
import io.pptp2wg.tests.lab.ScenarioResult;
import io.pptp2wg.tests.lab.SessionResult;
import io.pptp2wg.tests.lab.Tshark;
import io.pptp2wg.tests.lab.TsharkReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway against the real Linux client (Debian's pppd 2.4.9 + pptp-linux 1.10 in a qemu VM), in
 * one namespace and one VM boot to keep CI short. Three gateway processes with three options files
 * listen on three bridge addresses; each client scenario dials the one it needs:
 * <ul>
 *   <li>192.0.2.1: pptpd's usual options (MS-CHAPv2, MPPE-128), LCP echo 2 s x 3 for the kill test;</li>
 *   <li>192.0.2.2: MS-CHAPv2, MPPE-128, stateful allowed and preferred (pptpd.preferStatefulMppe);</li>
 *   <li>192.0.2.3: CHAP-MD5 or PAP, no MPPE;</li>
 *   <li>192.0.2.4: MS-CHAPv2 or v1, MPPE 40 or 128, stateless.</li>
 * </ul>
 * A gateway preferring stateful MPPE serves only clients with {@code mppe-stateful}: pppd 2.4.9 without
 * it does not Nak a stateful proposal, it ends the link ("Refusing MPPE stateful mode offered by peer").
 * The whole run is captured on the bridge and decoded by tshark.
 */
@RealPeerTest(gateway = true)
class GatewayInteropIT {
    static final String DEFAULT_GW = "192.0.2.1";
    static final String MSCHAP_GW = "192.0.2.2";
    static final String CHAP_GW = "192.0.2.3";
    static final String MPPE_GW = "192.0.2.4";
    static final int ECHO_INTERVAL = 2;
    static final int ECHO_FAILURE = 3;
    static final int PINGS = 20;

    @Test
    void realClientsAgainstTheGateway() throws Exception {
        try (Netns ns = Netns.create()) {
            ns.addBridgeAddress(MSCHAP_GW + "/24");
            ns.addBridgeAddress(CHAP_GW + "/24");
            ns.addBridgeAddress(MPPE_GW + "/24");
            List<String> defaults = new ArrayList<>(GatewayProcess.DEFAULT_OPTIONS);
            defaults.removeIf(o -> o.startsWith("lcp-echo"));
            defaults.addAll(List.of("lcp-echo-interval " + ECHO_INTERVAL, "lcp-echo-failure " + ECHO_FAILURE));
            try (GatewayProcess gwDefault = GatewayProcess.builder(ns).listen(DEFAULT_GW).ports(8080, 8081)
                         .options(defaults).user("test", "test").start();
                 GatewayProcess gwMschap = GatewayProcess.builder(ns).listen(MSCHAP_GW).ports(8090, 8091)
                         .options(List.of("name pptpd", "refuse-pap", "refuse-chap", "refuse-mschap", "require-mschap-v2",
                                 "require-mppe-128", "mppe-stateful", "mtu 1400", "mru 1400"))
                         .preferStatefulMppe(true).user("test", "test").start();
                 GatewayProcess gwChap = GatewayProcess.builder(ns).listen(CHAP_GW).ports(8100, 8101)
                         .options(List.of("name pptpd", "refuse-mschap", "refuse-mschap-v2", "require-chap", "require-pap",
                                 "mtu 1400", "mru 1400"))
                         .user("test", "test").papUser("test", "test").start();
                 GatewayProcess gwMppe = GatewayProcess.builder(ns).listen(MPPE_GW).ports(8110, 8111)
                         .options(List.of("name pptpd", "refuse-pap", "refuse-chap", "require-mschap-v2", "require-mschap",
                                 "require-mppe", "mtu 1400", "mru 1400"))
                         .user("test", "test").start()) {
                System.out.printf("[measure] gateways answered /healthcheck %.2f / %.2f / %.2f / %.2f s after start%n",
                        gwDefault.startSeconds(), gwMschap.startSeconds(), gwChap.startSeconds(), gwMppe.startSeconds());
                run(ns, gwDefault, gwMschap, gwChap, gwMppe);
            }
        }
    }

    private static ClientScenario at(String server, String name) {
        return ClientScenario.named(name).set("server", server);
    }

    private void run(Netns ns, GatewayProcess gwDefault, GatewayProcess gwMschap, GatewayProcess gwChap,
                     GatewayProcess gwMppe) throws Exception {
        ClientRun run;
        TsharkReport tshark;
        double reapSeconds;
        try (Capture cap = Capture.start(ns, Netns.BRIDGE, "tcp port 1723 or ip proto 47");
             PptpClientVm vm = PptpClientVm.builder(ns).memoryMb(448)
                     .scenario(at(DEFAULT_GW, "stateless").ping(PINGS))
                     .scenario(at(DEFAULT_GW, "badpass").password("wrong"))
                     .scenario(at(MSCHAP_GW, "stateful").pppd(PppdOptions.mschapV2Mppe128().mppeStateful()).ping(PINGS))
                     .scenario(at(MPPE_GW, "mppe40").pppd(PppdOptions.client(ClientAuth.MSCHAP_V2).requireMppe40()).ping(PINGS))
                     .scenario(at(MPPE_GW, "mschapv1").pppd(PppdOptions.client(ClientAuth.MSCHAP_V1).requireMppe128()).ping(PINGS))
                     .scenario(at(CHAP_GW, "chapmd5").pppd(PppdOptions.client(ClientAuth.CHAP_MD5)).ping(PINGS))
                     .scenario(at(CHAP_GW, "pap").pppd(PppdOptions.client(ClientAuth.PAP)).papSecrets().ping(PINGS))
                     .scenario(at(DEFAULT_GW, "twenty").sessions(20).control(Control.PER_SESSION).ping(5).upTimeout(90))
                     .scenario(at(DEFAULT_GW, "shared").sessions(20).control(Control.SHARED).stagger(0.3).ping(5).upTimeout(90))
                     .scenario(at(DEFAULT_GW, "victim").bindBase("192.0.2.150").control(Control.PER_SESSION).holdUntilReleased(300))
                     .start()) {
            run = vm.awaitHolding("victim", Duration.ofMinutes(12));
            assertThat(run.scenario("victim").session(0).up()).as(run.describe()).isTrue();
            int downsBefore = count(gwDefault.logText(), "session down ");
            long t0 = System.nanoTime();
            vm.kill();
            boolean reaped = gwDefault.awaitLog(Pattern.compile("session down .*client=192\\.0\\.2\\.150:"),
                    Duration.ofSeconds(ECHO_INTERVAL * (ECHO_FAILURE + 1) + 10));
            reapSeconds = (System.nanoTime() - t0) / 1e9;
            assertThat(reaped).as("the killed client's session ended; downs before: " + downsBefore + "\n"
                    + tail(gwDefault.logText())).isTrue();
            tshark = Tshark.check(cap.stop());
        }
        System.out.println(run.describe());
        System.out.println(tshark.describe());
        String logA = gwDefault.logText();
        String logB = gwMschap.logText();
        String logC = gwChap.logText();
        String logD = gwMppe.logText();

        expectUp(run, "stateless", ClientAuth.MSCHAP_V2, "128-bit stateless");
        System.out.printf("[measure] killed client reaped after %.1f s%n", reapSeconds);
        assertThat(run.scenario("stateless").session(0).negotiated().ccpOurs()).isEqualTo("<mppe +H -M +S -L -D -C>");
        assertThat(logA).containsPattern("session up id=\\d+ user=test client=192\\.0\\.2\\.20:\\d+ host=\"local\" vendor=\"cananian\" "
                + "firmware=1 call=\\d+/\\d+ address=198\\.51\\.100\\.\\d+ auth=MS-CHAPv2 mppe=\"128-bit stateless\"");

        SessionResult bad = run.scenario("badpass").session(0);
        assertThat(bad.up()).isFalse();
        assertThat(bad.authResult()).isEqualTo("failed");
        assertThat(bad.logContains("E=691")).as(run.describe()).isTrue();
        assertThat(logA).containsPattern("session auth-failure user=test client=192\\.0\\.2\\.20:\\d+ .*auth=MS-CHAPv2");

        expectUp(run, "stateful", ClientAuth.MSCHAP_V2, "128-bit stateful");
        assertThat(logB).contains("mppe=\"128-bit stateful\"");
        expectUp(run, "mppe40", ClientAuth.MSCHAP_V2, "40-bit stateless");
        expectUp(run, "mschapv1", ClientAuth.MSCHAP_V1, "128-bit stateless");
        assertThat(logD).contains("auth=MS-CHAPv1").contains("mppe=\"40-bit stateless\"");
        expectUp(run, "chapmd5", ClientAuth.CHAP_MD5, SessionResult.NO_MPPE);
        expectUp(run, "pap", ClientAuth.PAP, SessionResult.NO_MPPE);
        assertThat(logC).contains("auth=CHAP-MD5").contains("auth=PAP");

        for (String many : List.of("twenty", "shared")) {
            ScenarioResult r = run.scenario(many);
            assertThat(r.allUp()).as(many + "\n" + run.describe()).isTrue();
            assertThat(r.sessions()).hasSize(20);
            assertThat(r.allPingsAnswered()).as(many + "\n" + run.describe()).isTrue();
            assertThat(r.sessions()).extracting(SessionResult::localAddress).doesNotHaveDuplicates();
        }
        // "shared": 20 calls on ONE control connection, so 20 sessions from one client address:port
        Map<String, Long> perConnection = matches(logA, "session up id=\\d+ user=test client=(192\\.0\\.2\\.20:\\d+) ")
                .stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertThat(perConnection.values()).as(perConnection.toString()).contains(20L);
        // "twenty": 20 control connections from 192.0.2.100-119
        assertThat(matches(logA, "session up id=\\d+ user=test client=(192\\.0\\.2\\.1[01]\\d):\\d+ ").stream().distinct())
                .hasSize(20);

        double bound = ECHO_INTERVAL * ECHO_FAILURE + ECHO_INTERVAL;
        System.out.printf("[measure] killed client reaped after %.1f s (bound lcp-echo-interval x failure + interval = %.0f s)%n",
                reapSeconds, bound);
        assertThat(reapSeconds).isLessThanOrEqualTo(bound + 1.0); // + 1 s for the log line to be read

        assertThat(tshark.frames("pptp")).isPositive();
        assertThat(tshark.frames("chap")).isPositive();
        assertThat(tshark.frames("comp_data")).as("MPPE data frames").isPositive();
        assertThat(tshark.malformed()).as(tshark.describe()).isZero();
        assertThat(tshark.expertErrors()).as(tshark.describe()).isZero();
        System.out.printf("[measure] client VM boot %.2f s, first session up %.2f s after its start, whole run %.2f s%n",
                run.bootSeconds(), run.scenario("stateless").session(0).upSeconds(), run.totalSeconds());
    }

    private static void expectUp(ClientRun run, String scenario, ClientAuth auth, String mppe) {
        SessionResult s = run.scenario(scenario).session(0);
        assertThat(s.up()).as(scenario + "\n" + run.describe()).isTrue();
        assertThat(s.authMethod()).as(scenario).contains(auth);
        assertThat(s.authResult()).as(scenario).isEqualTo("succeeded");
        assertThat(s.mppe()).as(scenario).isEqualTo(mppe);
        assertThat(s.remoteAddress()).as(scenario).isEqualTo("198.51.100.1");
        assertThat(s.ping()).as(scenario).hasValueSatisfying(p -> assertThat(p.rx()).isEqualTo(PINGS).isEqualTo(p.tx()));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static List<String> matches(String text, String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
    }
}
