package io.pptp2wg.tests.lab;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The console of a real run against pptpd (trimmed), as tests/vm/guest-init.sh prints it. */
class ClientRunParserTest {
    private static final List<String> CONSOLE = List.of(
            "HARNESS init role=client kernel=6.1.0-56-amd64 uptime=1.95",
            "RESULT ok start sessions=1 server=192.0.2.10 ctrl=single user=\"test\" pppopts=\"require-mppe-128 noauth\" uptime=2.31",
            "RESULT ok session s=0 up=1 user=\"test\" iface=ppp0 local=198.51.100.100 remote=198.51.100.1 up_secs=1.59 auth=chap-MS-v2 auth_result=succeeded mppe=\"128-bit stateless\" dns=\"198.51.100.53\"",
            "RESULT ok negotiated s=0 lcp_ours=\"<mru 1400> <asyncmap 0x0> <magic 0x495a2a17> <pcomp> <accomp>\" lcp_peer=\"<mru 1400> <asyncmap 0x0> <auth chap MS-v2> <magic 0xb64323d1> <pcomp> <accomp>\" ccp_ours=\"<mppe +H -M +S -L -D -C>\" ccp_peer=\"<mppe +H -M +S -L -D -C>\" ipcp_ours=\"<compress VJ 0f 01> <addr 198.51.100.100>\" ipcp_peer=\"<compress VJ 0f 01> <addr 198.51.100.1>\"",
            "RESULT ok up count=1 of=1 secs=2.15",
            "RESULT ok ping s=0 target=198.51.100.1 tx=5 rx=5 loss=0 rtt_min_avg_max=2.939/8.368/23.583",
            "RESULT ok iperf s=0 dir=fwd target=198.51.100.1 port=5201 secs=5 sender_mbps=9.73 receiver_mbps=9.06 retr=14",
            "RESULT ok iperf s=0 dir=rev target=198.51.100.1 port=5201 secs=5 error=\"iperf3: error - unable to connect\"",
            "RESULT ok holding secs=60 release=1 uptime=5.36",
            "RESULT ok holdping s=0 target=203.0.113.10 interval=0.2 tx=200 rx=170 gap_max=28 gap_after=40",
            "RESULT ok hold alive=1 of=1 released=1 secs=0.13",
            "RESULT ok end s=0 terminated=1 sent_bytes=420 received_bytes=421",
            "RESULT ok done status=ok fails=0 secs=3.44",
            "RESULT bad start sessions=1 server=192.0.2.10 ctrl=single user=\"test\" pppopts=\"x\" uptime=5.83",
            "RESULT bad session s=0 up=0 auth=chap-MS-v2 auth_result=failed mppe=\"none\" reason=\"rcvd [CHAP Failure id=0x81 E=691 R=1 C=40a7 V=0 M=Access denied]\"",
            "RESULT bad fail what=\"s0 not up\"",
            "RESULT bad up count=0 of=1 secs=1.91",
            "RESULT bad end s=0 terminated=1 sent_bytes=0 received_bytes=0",
            "LOG bad s0| rcvd [CHAP Failure id=0x81 \"E=691 R=1 C=40a7 V=0 M=Access denied\"]",
            "LOG bad s0| MS-CHAP authentication failed: Access denied",
            "LOG bad s0.out| Modem hangup",
            "LOG bad syslog| Nov 25 18:44:36 pptp-client daemon.notice pptp[516]: anon log[ctrlp_disp]: Received Start Control Connection Reply",
            "RESULT bad done status=fail fails=1 secs=2.05",
            "END status=fail scenarios=2 failed=1 init_uptime=1.95 uptime=14.78");

    @Test
    void scenariosSessionsAndTheirSteps() {
        ClientRun run = ClientRunParser.parse("c1", CONSOLE, 2.5, 16.0, Path.of("console.log"));
        assertThat(run.finished()).isTrue();
        assertThat(run.ok()).isFalse();
        assertThat(run.scenarios()).extracting(ScenarioResult::name).containsExactly("ok", "bad");

        ScenarioResult ok = run.scenario("ok");
        assertThat(ok.ok()).isTrue();
        assertThat(ok.allUp()).isTrue();
        assertThat(ok.allPingsAnswered()).isTrue();
        assertThat(ok.upSeconds()).isEqualTo(2.15);
        SessionResult s = ok.session(0);
        assertThat(s.iface()).isEqualTo("ppp0");
        assertThat(s.user()).isEqualTo("test");
        assertThat(s.holdPing()).hasValueSatisfying(h -> {
            assertThat(h.rx()).isEqualTo(170);
            assertThat(h.gapMax()).isEqualTo(28);
            assertThat(h.longestGapSeconds()).isCloseTo(5.6, org.assertj.core.data.Offset.offset(1e-9));
        });
        assertThat(s.remoteAddress()).isEqualTo("198.51.100.1");
        assertThat(s.authMethod()).contains(ClientAuth.MSCHAP_V2);
        assertThat(s.mppe()).isEqualTo("128-bit stateless");
        assertThat(s.dns()).isEqualTo("198.51.100.53");
        assertThat(s.negotiated().ccpOurs()).isEqualTo("<mppe +H -M +S -L -D -C>");
        assertThat(s.negotiated().lcpPeer()).contains("<auth chap MS-v2>");
        assertThat(s.ping().orElseThrow().rttMinAvgMax()).isEqualTo("2.939/8.368/23.583");
        assertThat(s.iperf()).hasSize(2);
        assertThat(s.iperf().get(0).receiverMbps()).isEqualTo(9.06);
        assertThat(s.iperf().get(0).retransmits()).isEqualTo(14);
        assertThat(s.iperf().get(1).ok()).isFalse();
        assertThat(s.iperf().get(1).error()).contains("unable to connect");
        assertThat(ok.hold().orElseThrow().released()).isTrue();
        assertThat(s.end().orElseThrow().receivedBytes()).isEqualTo(421);

        ScenarioResult bad = run.scenario("bad");
        assertThat(bad.ok()).isFalse();
        assertThat(bad.failures()).containsExactly("s0 not up");
        SessionResult b = bad.session(0);
        assertThat(b.up()).isFalse();
        assertThat(b.authResult()).isEqualTo("failed");
        assertThat(b.downReason()).contains("E=691");
        assertThat(b.logContains("E=691")).isTrue();
        assertThat(b.pppLog()).contains("[stdout] Modem hangup");
        assertThat(bad.syslog()).singleElement().asString().contains("Start Control Connection Reply");
    }

    @Test
    void anUnfinishedRunStillShowsWhatHappened() {
        ClientRun run = ClientRunParser.parse("c1", CONSOLE.subList(0, 5), 2.5, 9.0, Path.of("console.log"));
        assertThat(run.finished()).isFalse();
        assertThat(run.scenario("ok").finished()).isFalse();
        assertThat(run.scenario("ok").session(0).up()).isTrue();
        assertThat(run.describe()).contains("did not finish").contains("console.log");
    }
}
