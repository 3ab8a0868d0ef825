package io.pptp2wg.tests.lab;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PppdOptionsTest {
    @Test
    void oneMethodOfferedTheOthersRefusedNoauthLast() {
        String o = PppdOptions.mschapV2Mppe128().mppeStateful().toString();
        assertThat(o).contains("refuse-pap", "refuse-chap", "refuse-mschap ", "refuse-eap", "require-mppe-128", "mppe-stateful")
                .doesNotContain("refuse-mschap-v2").endsWith("noauth");
        assertThat(PppdOptions.client(ClientAuth.PAP).toString()).contains("refuse-mschap-v2").doesNotContain("refuse-pap")
                .doesNotContain("mppe");
        assertThat(PppdOptions.client(ClientAuth.CHAP_MD5).lcpEcho(2, 3).toString()).contains("lcp-echo-interval 2 lcp-echo-failure 3");
    }

    @Test
    void papScenariosCarryThePapSecret() {
        ClientScenario s = ClientScenario.named("pap").pppd(PppdOptions.client(ClientAuth.PAP));
        assertThat(s.keys().get("client_pap")).isEqualTo("1");
        assertThat(ClientScenario.named("v2").pppd(PppdOptions.mschapV2Mppe128()).keys().get("client_pap")).isEqualTo("0");
    }

    @Test
    void authNamesAsPppdLogsThem() {
        assertThat(ClientAuth.fromPppdLog("chap-MS-v2")).contains(ClientAuth.MSCHAP_V2);
        assertThat(ClientAuth.fromPppdLog("chap-MS")).contains(ClientAuth.MSCHAP_V1);
        assertThat(ClientAuth.fromPppdLog("chap-MD5")).contains(ClientAuth.CHAP_MD5);
        assertThat(ClientAuth.fromPppdLog("pap")).contains(ClientAuth.PAP);
        assertThat(ClientAuth.fromPppdLog("none")).isEmpty();
    }

    @Test
    void macAddressesFollowTheIp() {
        assertThat(QemuVm.macFor("192.0.2.20/24")).isEqualTo("52:54:c0:00:02:14");
    }
}
