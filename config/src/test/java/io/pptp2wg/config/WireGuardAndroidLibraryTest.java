package io.pptp2wg.config;

import com.wireguard.config.Config;
import com.wireguard.crypto.Key;
import com.wireguard.crypto.KeyPair;
import io.pptp2wg.config.wireguard.WgQuickReader;
import io.pptp2wg.config.wireguard.WireGuardMode;
import io.pptp2wg.config.wireguard.WireGuardSettings;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wireguard-android classes extracted from the AAR (see config/pom.xml) work on a plain JVM: keys in
 * wg's base64 form, and Config.parse with the android.os.Build stand-in.
 */
class WireGuardAndroidLibraryTest {
    // RFC 7748 §6.1 Alice's key pair, in wg's base64 form
    private static final String ALICE_PRIVATE = "dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=";
    private static final String ALICE_PUBLIC = "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=";

    @Test
    void keyPairFromBase64MatchesRfc7748() throws Exception {
        KeyPair pair = new KeyPair(Key.fromBase64(ALICE_PRIVATE));
        assertEquals(ALICE_PUBLIC, pair.getPublicKey().toBase64());
    }

    @Test
    void configParseRunsOnThePlainJvm() throws Exception {
        String text = "[Interface]\nPrivateKey = " + ALICE_PRIVATE + "\nAddress = 198.51.100.7/32\nListenPort = 51821\n\n"
                + "[Peer]\nPublicKey = " + ALICE_PUBLIC + "\nEndpoint = 192.0.2.2:51820\nAllowedIPs = 203.0.113.0/24\n";
        Config c = Config.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.of(51821), c.getInterface().getListenPort());
        assertEquals("192.0.2.2", c.getPeers().getFirst().getEndpoint().orElseThrow().getHost());
        assertEquals("203.0.113.0/24", c.getPeers().getFirst().getAllowedIps().iterator().next().toString());
    }

    @Test
    void wgQuickScriptKeysAreIgnoredAndErrorsHaveLines() {
        String good = "[Interface]\nPrivateKey = " + ALICE_PRIVATE + "\nPostUp = iptables -A FORWARD\nTable = off\n"
                + "[Peer]\nPublicKey = " + ALICE_PUBLIC + "\nEndpoint = 192.0.2.2:51820\nAllowedIPs = 203.0.113.0/24\n";
        Problems problems = new Problems();
        Optional<WireGuardSettings> s = WgQuickReader.parse(Path.of("wg.conf"), good, WireGuardMode.SHARED, problems);
        assertTrue(s.isPresent(), problems.all().toString());
        assertEquals("wg.conf:3: ignored: PostUp: a wg-quick script setting; the gateway has no interface to run it on",
                problems.all().getFirst().toString());
        assertFalse(s.get().toString().contains(ALICE_PRIVATE));

        String bad = "[Interface]\nPrivateKey = " + ALICE_PRIVATE + "\n[Peer]\nPublicKey = nope\nAllowedIPs = 203.0.113.0/24\n";
        Problems p2 = new Problems();
        assertTrue(WgQuickReader.parse(Path.of("wg.conf"), bad, WireGuardMode.SHARED, p2).isEmpty());
        assertTrue(p2.errors().getFirst().toString().startsWith("wg.conf:4: Peer PublicKey is not a valid base64 WireGuard key"),
                p2.errors().toString());

        String badPrivate = "[Interface]\nPrivateKey = secretbutbroken\n[Peer]\nPublicKey = " + ALICE_PUBLIC + "\n";
        Problems p3 = new Problems();
        WgQuickReader.parse(Path.of("wg.conf"), badPrivate, WireGuardMode.SHARED, p3);
        assertFalse(p3.errors().toString().contains("secretbutbroken"), "a private key must never be echoed");
    }
}
