package io.pptp2wg.tests.load;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.MppeKeyLength;
import io.pptp2wg.config.ppp.StatefulMppe;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line: defaults, every option read, mistakes refused with a message. */
class LoadOptionsTest {
    @Test
    void defaultsAreOneMsChapV2StatelessSessionPingingOncePerSecond() {
        LoadOptions o = LoadOptions.parse("--server", "192.0.2.1");
        assertThat(Ipv4.format(o.server())).isEqualTo("192.0.2.1");
        assertThat(o.port()).isEqualTo(1723);
        assertThat(o.sessions()).isEqualTo(1);
        assertThat(o.connections()).isEqualTo(1);
        assertThat(o.auth()).containsExactly(AuthProtocol.MSCHAP_V2);
        assertThat(o.mppePolicy().stateful()).isEqualTo(StatefulMppe.REFUSE);
        assertThat(o.mppePolicy().keyLengths()).containsExactly(MppeKeyLength.BITS_128);
        assertThat(o.traffic()).isEqualTo(LoadOptions.Traffic.ICMP);
        assertThat(o.users().forSession(5).user()).isEqualTo("test");
        assertThat(o.sources()).isEmpty();
    }

    @Test
    void everyOptionIsRead() {
        LoadOptions o = LoadOptions.parse("--server=198.51.100.7", "--port", "1724", "--sessions", "25",
                "--calls-per-connection", "10", "--source", "203.0.113.2, 203.0.113.3", "--user", "user%03d",
                "--password", "pw%d", "--user-count", "7", "--auth", "mschapv1,mschapv2,chap,pap", "--mppe", "stateful",
                "--mppe-keys", "40,128", "--traffic", "udp", "--size", "1400", "--rate", "2.5", "--duration", "3",
                "--target", "203.0.113.9", "--udp-port", "9", "--tcp", "2", "--iperf-port", "5300", "--iperf-target",
                "198.51.100.1", "--iperf-reverse", "--setup-rate", "500", "--max-pending", "64", "--setup-timeout", "20",
                "--hold", "1", "--loops", "3", "--lcp-echo-interval", "5", "--lcp-echo-failure", "2", "--json", "-",
                "--watch-pid", "42", "--debug", "1", "--quiet", "--warmup", "10");
        assertThat(o.port()).isEqualTo(1724);
        assertThat(o.connections()).isEqualTo(3);
        assertThat(o.sources()).hasSize(2);
        assertThat(o.users().size()).isEqualTo(7);
        assertThat(o.users().forSession(0).user()).isEqualTo("user001");
        assertThat(o.users().forSession(7).user()).isEqualTo("user001");
        assertThat(new String(o.users().forSession(2).secret().password())).isEqualTo("pw3");
        assertThat(o.auth()).containsExactly(AuthProtocol.MSCHAP_V1, AuthProtocol.MSCHAP_V2, AuthProtocol.CHAP_MD5,
                AuthProtocol.PAP);
        assertThat(o.mppePolicy().stateful()).isEqualTo(StatefulMppe.PREFER);
        assertThat(o.mppeKeys()).isEqualTo(Set.of(MppeKeyLength.BITS_40, MppeKeyLength.BITS_128));
        assertThat(o.traffic()).isEqualTo(LoadOptions.Traffic.UDP);
        assertThat(o.rate()).isEqualTo(2.5);
        assertThat(Ipv4.format(o.target())).isEqualTo("203.0.113.9");
        assertThat(o.tcpStreams()).isEqualTo(2);
        assertThat(o.iperfReverse()).isTrue();
        assertThat(o.quiet()).isTrue();
        assertThat(o.json()).isEqualTo("-");
        assertThat(o.watchPid()).isEqualTo(42);
        assertThat(o.warmup()).isEqualTo(10);
        assertThat(o.loops()).isEqualTo(3);
    }

    @Test
    void aNumberedUserWithoutCountGivesOneUserPerSession() {
        LoadOptions o = LoadOptions.parse("--server", "192.0.2.1", "--sessions", "30", "--user", "u%02d");
        assertThat(o.users().size()).isEqualTo(30);
        assertThat(o.users().forSession(29).user()).isEqualTo("u30");
        assertThat(new String(o.users().forSession(29).secret().password())).isEqualTo("test");
    }

    @Test
    void theAllowAndNoneModesMapToPppdsSemantics() {
        assertThat(LoadOptions.parse("--server", "192.0.2.1", "--mppe", "allow").mppePolicy().stateful())
                .isEqualTo(StatefulMppe.ALLOW);
        LoadOptions none = LoadOptions.parse("--server", "192.0.2.1", "--mppe", "none", "--auth", "pap");
        assertThat(none.mppePolicy().required()).isFalse();
    }

    @Test
    void mistakesAreRefusedWithAMessage() {
        for (List<String> args : List.<List<String>>of(
                List.of(),
                List.of("--sessions", "3"),
                List.of("--server", "not-an-address"),
                List.of("--server", "192.0.2.1", "--sessions", "0"),
                List.of("--server", "192.0.2.1", "--size", "30"),
                List.of("--server", "192.0.2.1", "--rate", "0"),
                List.of("--server", "192.0.2.1", "--bogus", "1"),
                List.of("--server", "192.0.2.1", "--sessions"),
                List.of("--server", "192.0.2.1", "--auth", "pap"),
                List.of("--server", "192.0.2.1", "--tcp", "2"),
                List.of("--server", "192.0.2.1", "--churn", "--sessions", "4", "--tcp", "1"),
                List.of("--server", "192.0.2.1", "stray"))) {
            assertThatThrownBy(() -> LoadOptions.parse(args.toArray(String[]::new))).as(args.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Exception");
        }
    }

    @Test
    void theWarmupRunChurnsQuietlyWithoutTraffic() {
        LoadOptions w = LoadOptions.parse("--server", "192.0.2.1", "--sessions", "9", "--traffic", "udp", "--tcp", "1",
                "--json", "x.json", "--warmup", "5").warmupRun(5);
        assertThat(w.sessions()).isEqualTo(5);
        assertThat(w.churn()).isTrue();
        assertThat(w.traffic()).isEqualTo(LoadOptions.Traffic.NONE);
        assertThat(w.tcpStreams()).isZero();
        assertThat(w.json()).isNull();
        assertThat(w.warmup()).isZero();
        assertThat(w.quiet()).isTrue();
    }
}
