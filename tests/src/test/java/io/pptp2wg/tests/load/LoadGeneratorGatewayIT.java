package io.pptp2wg.tests.load;

import io.pptp2wg.tests.lab.Capture;
import io.pptp2wg.tests.lab.GatewayProcess;
import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.RealPeerTest;
import io.pptp2wg.tests.lab.Tshark;
import io.pptp2wg.tests.lab.TsharkReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * The load generator against the gateway as operators run it (its jar, in its own namespace), real
 * raw GRE sockets at both ends, the two namespaces joined by a veth pair:
 * <pre>
 *   netns lg: 203.0.113.2 and .3 (two source addresses) --veth-- 203.0.113.1, br0 192.0.2.1 and .2: netns gw
 *                                                                   gateway A on 192.0.2.1 (stateless, pptpd's options)
 *                                                                   gateway B on 192.0.2.2 (stateful allowed and preferred)
 * </pre>
 * Several calls per control connection, from two source addresses, user01..user40; MPPE-128 stateless
 * and stateful; ICMP echo answered by the gateway's own tunnel address; UDP counted by the gateway; a
 * wrong password; a short churned set-up measurement. The capture of the first run is decoded by tshark.
 */
@RealPeerTest(gateway = true)
class LoadGeneratorGatewayIT {
    static final String GATEWAY_A = "192.0.2.1";
    static final String GATEWAY_B = "192.0.2.2";
    static final int USERS = 40;
    private static Netns gw;
    private static Netns lg;
    private static Netns.Veth veth;
    private static GatewayProcess stateless;
    private static GatewayProcess stateful;

    @BeforeAll
    static void lab() {
        LoadGenerator.quietLogging(false);
        gw = Netns.create(GATEWAY_A + "/24");
        gw.addBridgeAddress(GATEWAY_B + "/24");
        lg = Netns.create("203.0.113.254/32");
        veth = lg.linkTo(gw, "203.0.113.2/24", "203.0.113.1/24");
        lg.addAddress(veth.aDevice(), "203.0.113.3/24");
        lg.addRoute("192.0.2.0/24", veth.bAddress());
        GatewayProcess.Builder a = GatewayProcess.builder(gw).listen(GATEWAY_A).ports(8080, 8081).connections(400)
                // 40 users' own addresses + 100 to borrow: the churn keeps up to 100 set-ups pending, several of one
                // user at once, and a set-up whose probe of the user's older (closing) session goes unanswered holds
                // its borrowed address for the 3 s of the probe; 100-199 left 60 and ran out in some runs
                .remoteIp("198.51.100.60-199");
        List<String> statefulOptions = new ArrayList<>(GatewayProcess.DEFAULT_OPTIONS);
        statefulOptions.add("mppe-stateful");
        GatewayProcess.Builder b = GatewayProcess.builder(gw).listen(GATEWAY_B).ports(8090, 8091).remoteIp("198.51.100.200-250")
                .options(statefulOptions).preferStatefulMppe(true);
        for (int i = 1; i <= USERS; i++) {
            a.user(String.format("user%02d", i), String.format("pw%02d", i));
            b.user(String.format("user%02d", i), String.format("pw%02d", i));
        }
        stateless = a.start();
        stateful = b.start();
    }

    @AfterAll
    static void down() {
        for (AutoCloseable c : new AutoCloseable[] {stateful, stateless, lg, gw}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("[lab] " + e);
            }
        }
    }

    static LoadReport run(String... args) throws Exception {
        LoadOptions o = LoadOptions.parse(args);
        LoadReport r = lg.call(Duration.ofMinutes(4), () -> LoadGenerator.run(o));
        System.out.print(r.table());
        return r;
    }

    static String[] users(String server, int sessions, String... more) {
        List<String> a = new ArrayList<>(List.of("--server", server, "--sessions", Integer.toString(sessions),
                "--user", "user%02d", "--password", "pw%02d", "--user-count", Integer.toString(USERS),
                "--source", "203.0.113.2,203.0.113.3", "--quiet"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void fortySessionsFiveCallsPerConnectionFromTwoAddresses() throws Exception {
        int logBefore = stateless.logText().length();
        LoadReport r;
        TsharkReport tshark;
        try (Capture cap = Capture.start(lg, veth.aDevice(), "tcp port 1723 or ip proto 47")) {
            r = run(users(GATEWAY_A, USERS, "--calls-per-connection", "5", "--rate", "20", "--duration", "3",
                    "--debug", "1"));
            tshark = Tshark.check(cap.stop());
        }
        System.out.println(tshark.describe());
        assertThat(r.setup().up()).as(r.table()).isEqualTo(USERS);
        assertThat(r.connections()).isEqualTo(8);
        assertThat(r.setup().mppe()).isEqualTo(Map.of("128-bit stateless", (long) USERS));
        assertThat(r.traffic().sent()).isGreaterThan(USERS * 50L);
        assertThat(r.traffic().lossPercent()).as(r.table()).isZero();
        assertThat(r.setup().lostAfterUp()).isEmpty();
        assertThat(r.pppDrops()).as("nothing our PPP links dropped").isEmpty();

        assertThat(stateless.awaitLog(Pattern.compile("session down .*user=user40 "), Duration.ofSeconds(20))).isTrue();
        String log = stateless.logText().substring(logBefore); // this run's lines only
        assertThat(count(log, "session up ")).isEqualTo(USERS);
        // eight control connections, five calls on each, from both source addresses
        Map<String, Long> perConnection = matches(log, "session up id=\\d+ user=user\\d+ client=(203\\.0\\.113\\.[23]:\\d+) ")
                .stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertThat(perConnection).hasSize(8);
        assertThat(perConnection.values()).containsOnly(5L);
        assertThat(perConnection.keySet().stream().map(k -> k.substring(0, k.indexOf(':'))).distinct())
                .containsExactlyInAnyOrder("203.0.113.2", "203.0.113.3");
        assertThat(matches(log, "session up id=\\d+ user=(user\\d+) ").stream().distinct()).hasSize(USERS);
        assertThat(log).containsPattern("session up .* host=\"pptp2wg-loadgen\" vendor=\"pptp2wg\" .*auth=MS-CHAPv2 "
                + "mppe=\"128-bit stateless\"");

        assertThat(tshark.frames("pptp")).isPositive();
        assertThat(tshark.frames("chap")).isPositive();
        assertThat(tshark.frames("comp_data")).as("MPPE data frames").isPositive();
        assertThat(tshark.malformed()).as(tshark.describe()).isZero();
        assertThat(tshark.expertErrors()).as(tshark.describe()).isZero();
    }

    @Test
    void statefulMppeWithAGatewayThatPrefersIt() throws Exception {
        // we propose it (--mppe stateful) or accept the gateway's proposal as pppd's mppe-stateful does (--mppe allow)
        for (String mode : List.of("stateful", "allow")) {
            LoadReport r = run(users(GATEWAY_B, 10, "--calls-per-connection", "5", "--mppe", mode, "--rate", "100",
                    "--duration", "4"));
            assertThat(r.setup().up()).as(r.table()).isEqualTo(10);
            assertThat(r.setup().mppe()).isEqualTo(Map.of("128-bit stateful", 10L));
            assertThat(r.traffic().sent()).as("past the first key change (every 256 packets)").isGreaterThan(10 * 300L);
            assertThat(r.traffic().lossPercent()).as(r.table()).isLessThan(1.0);
        }
        assertThat(stateful.logText()).contains("mppe=\"128-bit stateful\"");
    }

    @Test
    void udpReachesTheGateway() throws Exception {
        LoadReport r = run(users(GATEWAY_A, 10, "--calls-per-connection", "10", "--traffic", "udp", "--size", "1396",
                "--rate", "50", "--duration", "2"));
        assertThat(r.setup().up()).as(r.table()).isEqualTo(10);
        assertThat(r.traffic().sent()).isGreaterThan(900);
        assertThat(r.traffic().bytesSent()).isEqualTo(r.traffic().sent() * 1396);
        assertThat(r.pppDrops()).as("1396-byte packets fit the 1400-byte MRU with MPPE").isEmpty();
        // the gateway counts what arrived from each session in its session-down line
        assertThat(stateless.awaitLog(Pattern.compile("session down .*packets_in=\\d{2,}"), Duration.ofSeconds(20))).isTrue();
    }

    @Test
    void aWrongPasswordIsReportedAtBothEnds() throws Exception {
        LoadReport r = run("--server", GATEWAY_A, "--user", "user07", "--password", "wrong", "--traffic", "none", "--quiet");
        assertThat(r.setup().failures()).as(r.table()).containsKey("MS-CHAPv2 authentication failed: E=691 Access denied");
        assertThat(stateless.awaitLog(Pattern.compile("session auth-failure user=user07 client=203\\.0\\.113\\.\\d+"),
                Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void churnedSetUpsAreMeasured() throws Exception {
        LoadReport r = run(users(GATEWAY_A, 300, "--calls-per-connection", "10", "--churn", "--max-pending", "100",
                "--warmup", "100", "--watch-pid", Long.toString(stateless.pid())));
        assertThat(r.setup().up()).as(r.table()).isEqualTo(300);
        assertThat(r.setup().failures()).isEmpty();
        System.out.printf("[measure] gateway: 300 churned set-ups at %.0f/s (first 99 %%: %.0f/s), gateway CPU %.2f s,"
                        + " load generator CPU %.2f s%n", r.setup().perSecond(), r.setup().perSecond99(),
                r.cpu().watchedSetupSeconds(), r.cpu().setupSeconds());
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
}
