package io.pptp2wg.tests.harness;

import io.pptp2wg.tests.lab.Capture;
import io.pptp2wg.tests.lab.ClientAuth;
import io.pptp2wg.tests.lab.ClientRun;
import io.pptp2wg.tests.lab.ClientScenario;
import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.PptpClientVm;
import io.pptp2wg.tests.lab.RealPeerTest;
import io.pptp2wg.tests.lab.ReferencePptpdVm;
import io.pptp2wg.tests.lab.ScenarioResult;
import io.pptp2wg.tests.lab.SessionResult;
import io.pptp2wg.tests.lab.Tshark;
import io.pptp2wg.tests.lab.TsharkReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness proves itself against the legacy server: the project's client VM (Debian's pppd +
 * pptp-linux) against the reference pptpd VM. If these fail, a failing gateway interop test says
 * nothing about the gateway.
 */
@RealPeerTest
class ReferencePptpdIT {
    private static Netns ns;
    private static ReferencePptpdVm pptpd;

    @BeforeAll
    static void boot() {
        ns = Netns.create();
        List<String> options = new ArrayList<>(ReferencePptpdVm.DEFAULT_OPTIONS);
        // quick dead-peer detection on the server, for the kill test: 2 s x 2 echoes
        options.removeIf(o -> o.startsWith("lcp-echo"));
        options.addAll(List.of("lcp-echo-interval 2", "lcp-echo-failure 2"));
        pptpd = ReferencePptpdVm.builder(ns).user("test", "test").options(options).start();
        System.out.printf("[measure] pptpd VM ready %.2f s after qemu start%n", pptpd.readySeconds());
    }

    @AfterAll
    static void shutDown() {
        if (pptpd != null) {
            pptpd.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    /** Several scenarios in one boot; the host checks the server side while the first one holds. */
    @Test
    void statelessWrongPasswordFourConnectionsAndOneSharedConnectionInOneBoot() throws Exception {
        ClientRun run;
        Path pcap;
        try (Capture cap = Capture.start(ns, Netns.BRIDGE, "tcp port 1723 or ip proto 47");
             PptpClientVm vm = PptpClientVm.builder(ns).server(pptpd.address())
                     .scenario(ClientScenario.named("stateless").ping(5).holdUntilReleased(60))
                     .scenario(ClientScenario.named("badpass").password("wrong"))
                     .scenario(ClientScenario.named("four").sessions(4).ping(3))
                     .scenario(ClientScenario.named("shared").sessions(3).control(ClientScenario.Control.SHARED).upTimeout(20))
                     .start()) {
            vm.awaitHolding("stateless", Duration.ofSeconds(90));
            // while the client holds its session up, the server agrees on what was negotiated
            assertThat(pptpd.awaitServerLog(Pattern.compile("MPPE 128-bit stateless compression enabled"), Duration.ofSeconds(10)))
                    .as(pptpd.describe()).isTrue();
            vm.release("stateless");
            run = vm.awaitEnd();
            pcap = cap.stop();
        }
        TsharkReport tshark = Tshark.check(pcap);
        System.out.println(tshark.describe());

        SessionResult s = run.scenario("stateless").session(0);
        assertThat(s.up()).as(run.describe()).isTrue();
        assertThat(s.authMethod()).contains(ClientAuth.MSCHAP_V2);
        assertThat(s.authResult()).isEqualTo("succeeded");
        assertThat(s.mppe()).isEqualTo("128-bit stateless");
        assertThat(s.negotiated().ccpOurs()).isEqualTo("<mppe +H -M +S -L -D -C>");
        assertThat(s.remoteAddress()).isEqualTo(pptpd.localIp());
        assertThat(s.ping()).hasValueSatisfying(p -> assertThat(p.rx()).isEqualTo(5).isEqualTo(p.tx()));
        assertThat(run.scenario("stateless").hold()).hasValueSatisfying(h -> {
            assertThat(h.released()).isTrue();
            assertThat(h.allAlive()).isTrue();
        });
        assertThat(s.end()).hasValueSatisfying(e -> assertThat(e.terminated()).isTrue());

        SessionResult bad = run.scenario("badpass").session(0);
        assertThat(bad.up()).isFalse();
        assertThat(bad.authResult()).isEqualTo("failed");
        assertThat(bad.downReason()).contains("E=691");
        assertThat(bad.logContains("rcvd [CHAP Failure")).as("pppd log shown for a failed session").isTrue();
        assertThat(bad.logContains("E=691")).isTrue();

        ScenarioResult four = run.scenario("four");
        assertThat(four.allUp()).as(run.describe()).isTrue();
        assertThat(four.allPingsAnswered()).as(run.describe()).isTrue();
        assertThat(four.sessions()).extracting(SessionResult::localAddress).doesNotHaveDuplicates();

        // pptp-linux's shared mode: three calls on ONE control connection (the last three
        // Outgoing-Call-Requests). pptpd accepts them all; how many carry PPP varies (0 to 2 seen).
        List<String[]> calls = Tshark.fields(pcap, "pptp.control_message_type == 7", "tcp.stream");
        assertThat(calls).hasSize(1 + 1 + 4 + 3);
        String sharedStream = calls.getLast()[0];
        assertThat(calls.subList(calls.size() - 3, calls.size())).allMatch(c -> c[0].equals(sharedStream));
        // Whether pptpd's one pppd on that connection gets through to a client call is a race inside pptpd (it came
        // up 0 of 3 in 2 of 4 clean-clone runs, on a loaded and on an idle machine): measured, not asserted. The
        // three OCRQs on one stream above are what this case proves about pptp-linux's shared mode.
        System.out.printf("[measure] pptpd carried %d of 3 calls of pptp-linux's shared connection%n",
                run.scenario("shared").upCount());

        assertThat(tshark.frames("pptp")).isPositive();
        assertThat(tshark.frames("chap")).isPositive();
        assertThat(tshark.frames("comp_data")).as("MPPE data frames").isPositive();
        assertThat(tshark.malformed()).as(tshark.describe()).isZero();
        assertThat(tshark.expertErrors()).as(tshark.describe()).isZero();
        System.out.printf("[measure] client VM boot %.2f s, first session up %.2f s after its start, whole run %.2f s%n",
                run.bootSeconds(), s.upSeconds(), run.totalSeconds());
    }

    /** The VM killed without goodbye: pptpd's pppd notices through LCP echo (2 s x 2) and drops the session. */
    @Test
    void aKilledClientIsReapedByTheServersLcpEcho() {
        try (PptpClientVm vm = PptpClientVm.builder(ns).server(pptpd.address())
                .scenario(ClientScenario.named("victim").holdUntilReleased(120))
                .start()) {
            ClientRun held = vm.awaitHolding("victim", Duration.ofSeconds(90));
            assertThat(held.scenario("victim").session(0).up()).as(held.describe()).isTrue();
            int before = pptpd.serverLog().size();
            long t0 = System.nanoTime();
            vm.kill();
            assertThat(vm.isAlive()).isFalse();
            assertThat(pptpd.awaitServerLog(Pattern.compile("No response to 2 echo-requests"), Duration.ofSeconds(30)))
                    .as(pptpd.describe()).isTrue();
            System.out.printf("[measure] pptpd reaped the killed client %.1f s after the kill (server log had %d lines)%n",
                    (System.nanoTime() - t0) / 1e9, before);
        }
    }
}
