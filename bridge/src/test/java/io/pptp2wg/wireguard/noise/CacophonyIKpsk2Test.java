package io.pptp2wg.wireguard.noise;

import io.pptp2wg.wireguard.crypto.Blake2s;
import io.pptp2wg.wireguard.crypto.ChaChaPoly;
import io.pptp2wg.wireguard.crypto.Curve25519;
import io.pptp2wg.wireguard.crypto.SymmetricKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.pptp2wg.wireguard.Hex.bytes;
import static io.pptp2wg.wireguard.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The entry "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s" of cacophony's test vectors
 * (haskell-cryptography/cacophony, vectors/cacophony.txt, read at commit 36c1e5c3a799): both handshake
 * messages and four transport messages, byte for byte, from fixed ephemeral keys. The handshake hash is the
 * value in the project's reference list (shared/reference/test-vectors.md).
 */
class CacophonyIKpsk2Test {
    static final byte[] PROTOCOL = "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PROLOGUE = bytes("4a6f686e2047616c74"); // "John Galt"
    static final byte[] PSK = bytes("54686973206973206d7920417573747269616e20706572737065637469766521");
    static final byte[] INIT_STATIC = bytes("e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1");
    static final byte[] INIT_EPHEMERAL = bytes("893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a");
    static final byte[] INIT_REMOTE_STATIC = bytes("31e0303fd6418d2f8c0e78b91f22e8caed0fbe48656dcf4767e4834f701b8f62");
    static final byte[] RESP_STATIC = bytes("4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893");
    static final byte[] RESP_EPHEMERAL = bytes("bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b");
    static final String HANDSHAKE_HASH = "f5191b875290abcd41347ac3622d9679688a7e980229cb937ef748336cfde0e5";

    static final String[][] MESSAGES = {
        {"4c756477696720766f6e204d69736573", "ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c7944001e21de"
            + "9f98ddd8e2ad57527207feb56253c9c94a9e496782ecfcb2a75fbcaf1b52948cc48daefe660c62119ab5000980c84831215f24"
            + "41eba616548e832985464cf17e51ee93109008399a21f7e13f"},
        {"4d757272617920526f746862617264", "95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f144808843cb765f2c"
            + "aef0751b8f007572dab0322217755c0632f365717edbf34d33e87a"},
        {"462e20412e20486179656b", "8153ca9833bc3c1b91a7e66e5f4d4f5b59bf9e64c2f20d15f0bba7"},
        {"4361726c204d656e676572", "07af0c9c86e1b4e80f36b04ff7688d51141af3debd0332f0a705ef"},
        {"4a65616e2d426170746973746520536179", "6ab1467c0448cc78394494abaaf23afce0e234315d6e2624dcbfa8a21c1c4d073d"},
        {"457567656e2042f6686d20766f6e2042617765726b",
            "dfc346c0d2296ae6cf1acf6f12b8456a1dba228cf8d8b774aacf1c47fc53aa80ebc7a4c292"},
    };

    @Test
    void replaysTheVectorByteForByte() {
        Blake2s blake = new Blake2s();
        ChaChaPoly aead = new ChaChaPoly();
        byte[] respPublic = new byte[32];
        Curve25519.publicKey(RESP_STATIC, respPublic);
        assertArrayEquals(INIT_REMOTE_STATIC, respPublic, "the vector's init_remote_static is the responder's key");

        IKpsk2 initiator = new IKpsk2(blake, aead, true, PROTOCOL, PROLOGUE, INIT_STATIC, INIT_REMOTE_STATIC);
        IKpsk2 responder = new IKpsk2(blake, aead, false, PROTOCOL, PROLOGUE, RESP_STATIC, null);

        byte[] wire = new byte[512];
        byte[] payload = bytes(MESSAGES[0][0]);
        int n = initiator.writeMessageA(INIT_EPHEMERAL, null, payload, 0, payload.length, wire, 0);
        assertEquals(MESSAGES[0][1], hex(Arrays.copyOf(wire, n)), "message 1");

        assertTrue(responder.readMessageAStatic(wire, 0));
        byte[] initPublic = new byte[32];
        Curve25519.publicKey(INIT_STATIC, initPublic);
        assertArrayEquals(initPublic, responder.remoteStatic());
        byte[] plain = new byte[512];
        int p = responder.readMessageAPayload(null, wire, 0, n, plain, 0);
        assertEquals(MESSAGES[0][0], hex(Arrays.copyOf(plain, p)));

        payload = bytes(MESSAGES[1][0]);
        n = responder.writeMessageB(RESP_EPHEMERAL, PSK, payload, 0, payload.length, wire, 0);
        assertEquals(MESSAGES[1][1], hex(Arrays.copyOf(wire, n)), "message 2");
        p = initiator.readMessageB(PSK, wire, 0, n, plain, 0);
        assertEquals(MESSAGES[1][0], hex(Arrays.copyOf(plain, p)));

        assertEquals(HANDSHAKE_HASH, hex(initiator.handshakeHash()));
        assertEquals(HANDSHAKE_HASH, hex(responder.handshakeHash()));

        byte[] i1 = new byte[32], i2 = new byte[32], r1 = new byte[32], r2 = new byte[32];
        initiator.split(i1, i2);
        responder.split(r1, r2);
        assertArrayEquals(i1, r1);
        assertArrayEquals(i2, r2);
        // transport: initiator sends with k1, responder with k2, each with its own nonce from 0
        long[] nonces = {0, 0};
        for (int m = 2; m < MESSAGES.length; m++) {
            boolean fromInitiator = m % 2 == 0;
            SymmetricKey k = new SymmetricKey(fromInitiator ? i1 : i2, 0);
            byte[] pt = bytes(MESSAGES[m][0]);
            int c = aead.seal(k, nonces[fromInitiator ? 0 : 1]++, new byte[0], pt, 0, pt.length, wire, 0);
            assertEquals(MESSAGES[m][1], hex(Arrays.copyOf(wire, c)), "message " + (m + 1));
        }
    }

    @Test
    void aTamperedMessageIsRefused() {
        Blake2s blake = new Blake2s();
        ChaChaPoly aead = new ChaChaPoly();
        IKpsk2 initiator = new IKpsk2(blake, aead, true, PROTOCOL, PROLOGUE, INIT_STATIC, INIT_REMOTE_STATIC);
        byte[] wire = new byte[512];
        byte[] payload = bytes(MESSAGES[0][0]);
        int n = initiator.writeMessageA(INIT_EPHEMERAL, null, payload, 0, payload.length, wire, 0);
        for (int at : new int[] {0, 40, 90}) {
            byte[] bad = Arrays.copyOf(wire, n);
            bad[at] ^= 0x20;
            IKpsk2 responder = new IKpsk2(blake, aead, false, PROTOCOL, PROLOGUE, RESP_STATIC, null);
            boolean ok = responder.readMessageAStatic(bad, 0)
                    && responder.readMessageAPayload(null, bad, 0, n, new byte[512], 0) >= 0;
            assertEquals(false, ok, "byte " + at);
        }
    }
}
