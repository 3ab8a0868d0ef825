package io.pptp2wg.admin;

import io.dropwizard.jackson.Jackson;
import io.pptp2wg.admin.testing.OldHost;
import io.pptp2wg.config.Problems;
import io.pptp2wg.config.wireguard.WgQuickReader;
import io.pptp2wg.config.wireguard.WireGuardMode;
import io.pptp2wg.config.wireguard.WireGuardSettings;
import io.pptp2wg.dhcp.DhcpSettings;
import io.pptp2wg.dhcp.Ipv4Prefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pptpd.dhcp}: on by default; the routes are the backend's IPv4 AllowedIPs less a default route. */
class DhcpFactoryTest {
    @TempDir
    Path dir;

    @Test
    void routesAreTheBackendsIpv4AllowedIpsWithoutTheDefaultRoute() throws Exception {
        var gateway = OldHost.settings(dir, "192.0.2.100-199", Map.of("alice", "*"));
        DhcpSettings s = factory("domain: corp.example").build(gateway, wireGuard("203.0.113.0/24, 0.0.0.0/0, 2001:db8::/32, 198.51.100.7/32"));
        assertThat(s.enabled()).isTrue();
        assertThat(s.routes()).containsExactlyInAnyOrder(new Ipv4Prefix(0xCB007100, 24), new Ipv4Prefix(0xC6336407, 32));
        assertThat(s.dns()).containsExactly(0xC0000235); // ms-dns 192.0.2.53
        assertThat(s.wins()).isEmpty();
        assertThat(s.domain()).contains("corp.example");
    }

    @Test
    void onByDefaultAndOffWhenSaid() throws Exception {
        var gateway = OldHost.settings(dir, "192.0.2.100-199", Map.of("alice", "*"));
        WireGuardSettings wg = wireGuard("203.0.113.0/24");
        assertThat(factory("{}").build(gateway, wg).enabled()).isTrue();
        assertThat(factory("{}").domain()).isEqualTo(Optional.empty());
        assertThat(factory("enabled: false").build(gateway, wg).enabled()).isFalse();
    }

    private static DhcpFactory factory(String yaml) throws Exception {
        return Jackson.newObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readValue(yaml, DhcpFactory.class);
    }

    private WireGuardSettings wireGuard(String allowedIps) {
        String conf = "[Interface]\nPrivateKey = dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=\n\n[Peer]\n"
                + "PublicKey = hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=\nEndpoint = 192.0.2.2:51820\nAllowedIPs = "
                + allowedIps + "\n";
        Problems problems = new Problems();
        return WgQuickReader.parse(dir.resolve("wg.conf"), conf, WireGuardMode.PER_USER, problems)
                .orElseThrow(() -> new AssertionError(problems.all()));
    }
}
