package io.pptp2wg.tests.pptp;

import io.pptp2wg.tests.lab.ClientAuth;
import io.pptp2wg.tests.lab.ClientRun;
import io.pptp2wg.tests.lab.ClientScenario;
import io.pptp2wg.tests.lab.GatewayProcess;
import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.PppdOptions;
import io.pptp2wg.tests.lab.PptpClientVm;
import io.pptp2wg.tests.lab.RealPeerTest;
import io.pptp2wg.tests.lab.ReferencePptpdVm;
import io.pptp2wg.tests.lab.SessionResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication as pppd 2.4.9 negotiates it under an options file with {@code auth} and no
 * {@code require-pap|chap|mschap*} line: the same real pppd clients dial pptpd 1.4.0 (the reference) and
 * the gateway, each server reading the same options file and secrets, and every case must end the same
 * way on both (up or refused; when up, the same method and MPPE), so that the expectations come from pppd.
 * <p>
 * Two options files (two reference VMs, two gateways; ONE client VM boot runs every case against all four):
 * <ul>
 *   <li>"mppe" (pptpd 192.0.2.10, gateway 192.0.2.1): Debian's options.pptpd with {@code require-mschap-v2}
 *       taken out (so {@code auth}, {@code refuse-pap}, {@code refuse-chap}, {@code refuse-mschap},
 *       {@code require-mppe-128}): on a server, pppd's refuse-* only concern pppd authenticating itself;</li>
 *   <li>"open" (pptpd 192.0.2.11, gateway 192.0.2.2): {@code auth} and no MPPE line at all.</li>
 * </ul>
 * Both have chap-secrets for "test" and "nopap", pap-secrets for "test" only.
 * <p>
 * pppd offers EAP first when no require-* is given; the gateway does not implement EAP and offers
 * MS-CHAPv2 first instead. The cases where that changes the outcome are listed in {@link #DIFFERENCES}
 * and asserted as such (both sides' results are printed).
 */
@RealPeerTest(gateway = true)
class AuthNegotiationIT {
    static final String GW_MPPE = "192.0.2.1";
    static final String GW_OPEN = "192.0.2.2";
    static final String REF_MPPE = "192.0.2.10";
    static final String REF_OPEN = "192.0.2.11";

    static final List<String> COMMON = List.of("nobsdcomp", "nodeflate", "mtu 1400", "mru 1400",
            "lcp-echo-interval 30", "lcp-echo-failure 4");
    static final List<String> MPPE_OPTIONS = concat(List.of("auth", "refuse-pap", "refuse-chap", "refuse-mschap",
            "require-mppe-128"), COMMON);
    static final List<String> OPEN_OPTIONS = concat(List.of("auth"), COMMON);
    static final String CHAP_SECRETS = "\"test\" pptpd \"test\" *\n\"nopap\" pptpd \"nopap\" *";
    static final String PAP_SECRETS = "\"test\" pptpd \"test\" *";

    /** A client that accepts every method (pppd's own default client) but EAP. */
    static final String ANY_BUT_EAP = "refuse-eap nodefaultroute mtu 1400 mru 1400 lcp-echo-interval 5 noauth";
    /** pppd's default client: every method, EAP included. */
    static final String ANY = "nodefaultroute mtu 1400 mru 1400 lcp-echo-interval 5 noauth";

    /**
     * The cases where the gateway's outcome differs from pppd's, on purpose: pppd's first offer is EAP, which the
     * gateway does not implement; it offers MS-CHAPv2 first. A client that Acks EAP (pppd's own default client),
     * or Naks it toward its first CHAP digest (pppd's client names CHAP-MD5 before MS-CHAP), but accepts
     * MS-CHAPv2 when offered, gets MS-CHAPv2 from the gateway: under an MPPE-required file it logs in where
     * pppd's server ends its link at CCP. Both outcomes are asserted, the reference's as observed.
     */
    static final Map<String, String[]> DIFFERENCES = Map.of(
            "m-any-but-eap-mppe", new String[] {"down", "up chap-MS-v2 mppe=128-bit stateless"},
            "m-any-mppe", new String[] {"down", "up chap-MS-v2 mppe=128-bit stateless"},
            "o-any-but-eap", new String[] {"up chap-MD5 mppe=none", "up chap-MS-v2 mppe=none"},
            "o-any", new String[] {"up eap mppe=none", "up chap-MS-v2 mppe=none"});

    @Test
    void authAndNoRequireLineAsPppdNegotiatesIt() throws Exception {
        long t0 = System.nanoTime();
        try (Netns ns = Netns.create()) {
            ns.addBridgeAddress(GW_OPEN + "/24");
            try (ReferencePptpdVm refMppe = ReferencePptpdVm.builder(ns).name("refmppe").ip(REF_MPPE + "/24")
                         .options(MPPE_OPTIONS).chapSecrets(CHAP_SECRETS).papSecrets(PAP_SECRETS).iperfServers(0).start();
                 ReferencePptpdVm refOpen = ReferencePptpdVm.builder(ns).name("refopen").ip(REF_OPEN + "/24")
                         .localIp("198.51.100.2").remoteIp("198.51.100.200-250")
                         .options(OPEN_OPTIONS).chapSecrets(CHAP_SECRETS).papSecrets(PAP_SECRETS).iperfServers(0).start();
                 GatewayProcess gwMppe = GatewayProcess.builder(ns).listen(GW_MPPE).ports(8080, 8081)
                         .options(concat(List.of("name pptpd"), MPPE_OPTIONS)).chapSecrets(CHAP_SECRETS)
                         .papUser("test", "test").start();
                 GatewayProcess gwOpen = GatewayProcess.builder(ns).listen(GW_OPEN).ports(8090, 8091)
                         .options(concat(List.of("name pptpd"), OPEN_OPTIONS)).chapSecrets(CHAP_SECRETS)
                         .papUser("test", "test").start()) {
                System.out.printf("[measure] pptpd VMs ready %.2f / %.2f s, gateways %.2f / %.2f s%n",
                        refMppe.readySeconds(), refOpen.readySeconds(), gwMppe.startSeconds(), gwOpen.startSeconds());
                PptpClientVm.Builder vm = PptpClientVm.builder(ns).memoryMb(384);
                for (Map.Entry<String, UnaryOperator<ClientScenario>> c : cases(true).entrySet()) {
                    vm.scenario(at(REF_MPPE, "ref-" + c.getKey(), c.getValue()));
                    vm.scenario(at(GW_MPPE, "gw-" + c.getKey(), c.getValue()));
                }
                for (Map.Entry<String, UnaryOperator<ClientScenario>> c : cases(false).entrySet()) {
                    vm.scenario(at(REF_OPEN, "ref-" + c.getKey(), c.getValue()));
                    vm.scenario(at(GW_OPEN, "gw-" + c.getKey(), c.getValue()));
                }
                ClientRun run = vm.run();
                System.out.println(run.describe());
                StringBuilder table = new StringBuilder("case | pptpd 1.4.0 | gateway\n");
                List<String> cases = new ArrayList<>(cases(true).keySet());
                cases.addAll(cases(false).keySet());
                for (String c : cases) {
                    table.append(c).append(" | ").append(outcome(run.scenario("ref-" + c).session(0)))
                            .append(" | ").append(outcome(run.scenario("gw-" + c).session(0))).append('\n');
                }
                System.out.println("[reference] per case:\n" + table);
                for (String c : cases) {
                    SessionResult ref = run.scenario("ref-" + c).session(0);
                    SessionResult gw = run.scenario("gw-" + c).session(0);
                    System.out.println("[reference] " + c + " lcp_peer=" + ref.negotiated().lcpPeer()
                            + " gateway lcp_peer=" + gw.negotiated().lcpPeer());
                }
                String gwLogs = gwMppe.logText() + gwOpen.logText();
                System.out.println("[gateway] start-up warnings:\n" + String.join("\n",
                        gwLogs.lines().filter(l -> l.contains("WARN")).limit(20).toList()));
                for (String c : cases) {
                    String ref = verdict(run.scenario("ref-" + c).session(0));
                    String gw = verdict(run.scenario("gw-" + c).session(0));
                    String why = c + "\n" + table + "\n" + run.describe();
                    if (DIFFERENCES.containsKey(c)) {
                        assertThat(ref).as("reference, " + why).isEqualTo(DIFFERENCES.get(c)[0]);
                        assertThat(gw).as("gateway, " + why).isEqualTo(DIFFERENCES.get(c)[1]);
                    } else {
                        assertThat(gw).as(why).isEqualTo(ref);
                    }
                }
                // the evidence the expectations rest on: with no require-* pppd offers EAP first, then follows the Nak;
                // its refuse-* lines kept no client out; under required MPPE it let CHAP-MD5 and PAP authenticate
                // and then ended the link at CCP
                SessionResult refV1 = run.scenario("ref-m-mschapv1-mppe").session(0);
                assertThat(refV1.logContains("<auth eap>")).as(run.describe()).isTrue();
                assertThat(refV1.logContains("sent [LCP ConfNak id=0x1 <auth chap MS>]")).as(run.describe()).isTrue();
                for (String c : List.of("m-chapmd5", "m-pap")) {
                    SessionResult r = run.scenario("ref-" + c).session(0);
                    assertThat(r.authResult()).as(c + " " + run.describe()).isEqualTo("succeeded");
                    assertThat(r.logContains("MPPE required but not available")).as(c + " " + run.describe()).isTrue();
                }
                // the gateway's own record: the method of every login and failure, and one start-up warning each
                String logMppe = gwMppe.logText();
                String logOpen = gwOpen.logText();
                assertThat(logMppe).containsPattern("session up id=\\d+ user=test .* auth=MS-CHAPv1 mppe=\"128-bit stateless\"");
                assertThat(logOpen).containsPattern("session up id=\\d+ user=test .* auth=CHAP-MD5 mppe=\"none\"");
                assertThat(logOpen).containsPattern("session up id=\\d+ user=test .* auth=PAP mppe=\"none\"");
                assertThat(logOpen).containsPattern("session auth-failure user=nopap .* auth=PAP");
                assertThat(logOpen).containsPattern("session auth-failure user=test .* auth=CHAP-MD5");
                for (String log : List.of(logMppe, logOpen)) {
                    assertThat(log.lines().filter(l -> l.startsWith("WARN") && l.contains("weak methods allowed")).count())
                            .as(log).isEqualTo(1);
                }
                assertThat(logMppe).contains("weak methods allowed: MS-CHAPv1;");
                assertThat(logOpen).contains("weak methods allowed: MS-CHAPv1, CHAP-MD5, PAP;");
                assertThat(logMppe).containsPattern("WARN .*'refuse-mschap' does not stop clients from logging in with MS-CHAPv1");
            }
        }
        System.out.printf("[measure] AuthNegotiationIT %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** up/down; when up the method pppd acknowledged and the MPPE it logged; when down how far it got. */
    static String outcome(SessionResult s) {
        return s.up() ? verdict(s) : "down (auth " + s.auth() + " " + s.authResult() + ": " + s.downReason() + ")";
    }

    /** What must match: up with the same method and MPPE, or down. */
    static String verdict(SessionResult s) {
        return s.up() ? "up " + s.auth() + " mppe=" + s.mppe() : "down";
    }

    static LinkedHashMap<String, UnaryOperator<ClientScenario>> cases(boolean mppeFile) {
        LinkedHashMap<String, UnaryOperator<ClientScenario>> m = new LinkedHashMap<>();
        if (mppeFile) {
            m.put("m-mschapv1-mppe", s -> s.pppd(PppdOptions.client(ClientAuth.MSCHAP_V1).requireMppe128()));
            m.put("m-chapmd5", s -> s.pppd(PppdOptions.client(ClientAuth.CHAP_MD5)));
            m.put("m-pap", s -> s.pppd(PppdOptions.client(ClientAuth.PAP)));
            m.put("m-any-but-eap-mppe", s -> s.pppdOptions("require-mppe-128 " + ANY_BUT_EAP).papSecrets());
            m.put("m-any-mppe", s -> s.pppdOptions("require-mppe-128 " + ANY).papSecrets());
        } else {
            m.put("o-chapmd5", s -> s.pppd(PppdOptions.client(ClientAuth.CHAP_MD5)));
            m.put("o-pap", s -> s.pppd(PppdOptions.client(ClientAuth.PAP)));
            m.put("o-pap-not-in-pap-secrets", s -> s.user("nopap", "nopap").pppd(PppdOptions.client(ClientAuth.PAP)));
            m.put("o-chapmd5-wrong-password", s -> s.password("wrong").pppd(PppdOptions.client(ClientAuth.CHAP_MD5)));
            m.put("o-mschapv1-mppe", s -> s.pppd(PppdOptions.client(ClientAuth.MSCHAP_V1).requireMppe128()));
            m.put("o-any-but-eap", s -> s.pppdOptions(ANY_BUT_EAP).papSecrets());
            m.put("o-any", s -> s.pppdOptions(ANY).papSecrets());
        }
        return m;
    }

    private static ClientScenario at(String server, String name, UnaryOperator<ClientScenario> client) {
        return client.apply(ClientScenario.named(name).upTimeout(20).showLog(60)).set("server", server);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return List.copyOf(all);
    }
}
