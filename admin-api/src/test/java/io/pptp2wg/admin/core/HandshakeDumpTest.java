package io.pptp2wg.admin.core;

import com.wireguard.crypto.KeyPair;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandshakeDumpTest {
    static final String IFACE = new KeyPair().getPrivateKey().toBase64() + "\t" + new KeyPair().getPublicKey().toBase64()
            + "\t51820\toff";

    static String peer(String key, String endpoint, long handshake) {
        return key + "\t(none)\t" + endpoint + "\t192.0.2.100/32\t" + handshake + "\t123\t456\t25";
    }

    @Test
    void readsPeersAndSkipsTheInterfaceLine() {
        String k1 = new KeyPair().getPublicKey().toBase64();
        String k2 = new KeyPair().getPublicKey().toBase64();
        var peers = HandshakeDump.parse(IFACE + "\n" + peer(k1, "198.51.100.5:1234", 1700000000) + "\r\n"
                + peer(k2, "(none)", 0) + "\n\n");
        assertThat(peers).hasSize(2);
        assertThat(peers.get(0).publicKey().toBase64()).isEqualTo(k1);
        assertThat(peers.get(0).endpointAddress()).contains("198.51.100.5");
        assertThat(peers.get(0).latestHandshake()).contains(Instant.ofEpochSecond(1700000000));
        assertThat(peers.get(0).rxBytes()).isEqualTo(123);
        assertThat(peers.get(0).txBytes()).isEqualTo(456);
        assertThat(peers.get(1).endpoint()).isEmpty();
        assertThat(peers.get(1).latestHandshake()).isEmpty();
    }

    @Test
    void readsIpv6EndpointsAndAllDumpsWithInterfaceNames() {
        String k = new KeyPair().getPublicKey().toBase64();
        var peers = HandshakeDump.parse("wg0\t" + IFACE + "\nwg0\t" + peer(k, "[2001:db8::1]:51820", 5));
        assertThat(peers).singleElement().satisfies(p -> assertThat(p.endpointAddress()).contains("2001:db8::1"));
    }

    @Test
    void anInterfaceWithoutPeersIsAnEmptyListButNothingAtAllIsRefused() {
        assertThat(HandshakeDump.parse(IFACE + "\n")).isEmpty();
        for (String empty : List.of("", "   ", "\n\n")) {
            assertThatThrownBy(() -> HandshakeDump.parse(empty)).isInstanceOf(HandshakeDump.Malformed.class)
                    .hasMessageContaining("empty");
        }
    }

    @Test
    void everyFieldIsChecked() {
        String k = new KeyPair().getPublicKey().toBase64();
        List<String[]> bad = List.of(
                new String[] {peer("not-a-key", "(none)", 0), "public key"},
                new String[] {peer(k, "198.51.100.5", 0), "endpoint is not address:port"},
                new String[] {peer(k, "host.example:51820", 0), "endpoint is not address:port"},
                new String[] {peer(k, "198.51.100.5:0", 0), "port out of range"},
                new String[] {peer(k, "[2001:db8::1]51820", 0), "endpoint is not [address]:port"},
                new String[] {peer(k, "(none)", 0).replace("\t123\t", "\t-1\t"), "transfer-rx is not a number"},
                new String[] {peer(k, "(none)", 0).replace("\t25", "\tsoon"), "persistent-keepalive is not a number"},
                new String[] {k + "\t(none)\t(none)", "expected 8 tab-separated fields"},
                new String[] {peer(k, "(none)", 0).replace("\t", " "), "expected 8"},
                new String[] {peer(k, "(none)", 0).replace("\t0\t", "\t99999999999999999999\t"), "latest-handshake"});
        for (String[] c : bad) {
            assertThatThrownBy(() -> HandshakeDump.parse(IFACE + "\n" + c[0]))
                    .isInstanceOf(HandshakeDump.Malformed.class)
                    .hasMessageStartingWith("line 2: ")
                    .hasMessageContaining(c[1])
                    .message().doesNotContain(IFACE.substring(0, 44));
        }
    }
}
