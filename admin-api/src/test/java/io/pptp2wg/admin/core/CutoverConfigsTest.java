package io.pptp2wg.admin.core;

import com.wireguard.config.Config;
import com.wireguard.crypto.KeyPair;
import io.pptp2wg.config.Problems;
import io.pptp2wg.config.wireguard.WgQuickReader;
import io.pptp2wg.config.wireguard.WireGuardMode;
import io.pptp2wg.config.wireguard.WireGuardSettings;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CutoverConfigsTest {
    final KeyPair backend = new KeyPair();

    WireGuardSettings wg(WireGuardMode mode, String endpointLine) {
        String text = "[Interface]\nPrivateKey = " + new KeyPair().getPrivateKey().toBase64() + "\n\n[Peer]\nPublicKey = "
                + backend.getPublicKey().toBase64() + "\n" + endpointLine + "AllowedIPs = 203.0.113.0/24\n";
        Problems p = new Problems();
        return WgQuickReader.parse(Path.of("wg.conf"), text, mode, p).orElseThrow(() -> new AssertionError(p.all()));
    }

    static Config parse(String text) throws Exception {
        return Config.parse(new BufferedReader(new StringReader(text)));
    }

    @Test
    void overridesFromConfigYmlWinAndTheResultParses() throws Exception {
        var configs = new CutoverConfigs(wg(WireGuardMode.PER_USER, "Endpoint = 198.51.100.1:51820\n"),
                Optional.of("vpn.example.org:443"), List.of("203.0.113.0/25", "198.51.100.0/24"), List.of("192.0.2.53"),
                () -> List.of(0xc0000201), 0, Optional.of(1380));
        KeyPair user = new KeyPair();
        Config c = parse(configs.configFor("alice", user, 0xc0000264, Instant.EPOCH));
        assertThat(c.getInterface().getKeyPair().getPublicKey()).isEqualTo(user.getPublicKey());
        assertThat(c.getInterface().getMtu()).contains(1380);
        assertThat(c.getInterface().getDnsServers()).extracting(a -> a.getHostAddress()).containsExactly("192.0.2.53");
        var peer = c.getPeers().getFirst();
        assertThat(peer.getEndpoint().orElseThrow().toString()).isEqualTo("vpn.example.org:443");
        assertThat(peer.getAllowedIps()).extracting(Object::toString).containsExactlyInAnyOrder("203.0.113.0/25", "198.51.100.0/24");
        assertThat(peer.getPersistentKeepalive()).isEmpty();
    }

    @Test
    void sharedModeSaysWhichPeerTheBackendNeeds() throws Exception {
        var configs = new CutoverConfigs(wg(WireGuardMode.SHARED, "Endpoint = 198.51.100.1:51820\n"), Optional.empty(),
                List.of(), List.of(), () -> List.of(0xc0000235), 25, Optional.empty());
        KeyPair user = new KeyPair();
        String text = configs.configFor("bob", user, 0xc0000265, Instant.EPOCH);
        assertThat(text).contains("#   PublicKey = " + user.getPublicKey().toBase64())
                .contains("#   AllowedIPs = 192.0.2.101/32");
        Config c = parse(text);
        assertThat(c.getPeers().getFirst().getPersistentKeepalive()).contains(25);
        assertThat(c.getInterface().getDnsServers()).extracting(a -> a.getHostAddress()).containsExactly("192.0.2.53");
    }

    @Test
    void badOverridesStopTheStart() {
        var settings = wg(WireGuardMode.PER_USER, "Endpoint = 198.51.100.1:51820\n");
        assertThatThrownBy(() -> new CutoverConfigs(settings, Optional.of("no-port"), List.of(), List.of(), List::of, 0,
                Optional.empty())).hasMessageContaining("cutover.endpoint");
        assertThatThrownBy(() -> new CutoverConfigs(settings, Optional.empty(), List.of("300.1.1.1/8"), List.of(), List::of,
                0, Optional.empty())).hasMessageContaining("cutover.allowedIps");
        assertThatThrownBy(() -> new CutoverConfigs(settings, Optional.empty(), List.of(), List.of("dns.example"), List::of,
                0, Optional.empty())).hasMessageContaining("cutover.dns");
    }
}
