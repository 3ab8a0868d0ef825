package io.pptp2wg.wireguard.crypto;

import org.junit.jupiter.api.Test;

import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.pptp2wg.wireguard.Hex.bytes;
import static io.pptp2wg.wireguard.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AeadKnownAnswerTest {
    private static final byte[] SUNSCREEN = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip"
            + " for the future, sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY = bytes("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    private static final byte[] AAD = bytes("50515253c0c1c2c3c4c5c6c7");

    /** RFC 7539 §2.8.2. */
    @Test
    void chaCha20Poly1305Rfc7539Vector() {
        ChaChaPoly aead = new ChaChaPoly();
        byte[] out = new byte[SUNSCREEN.length + 16];
        IvParameterSpec nonce = new IvParameterSpec(bytes("070000004041424344454647"));
        int n = aead.seal(new SecretKeySpec(KEY, "ChaCha20"), nonce, AAD, SUNSCREEN, 0, SUNSCREEN.length, out, 0);
        assertEquals(SUNSCREEN.length + 16, n);
        assertEquals("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b"
                + "1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4"
                + "def08e4b7a9de576d26586cec64b6116", hex(Arrays.copyOf(out, SUNSCREEN.length)));
        assertEquals("1ae10b594f09e26a7e902ecbd0600691", hex(Arrays.copyOfRange(out, SUNSCREEN.length, n)));

        byte[] back = new byte[SUNSCREEN.length];
        assertEquals(SUNSCREEN.length, aead.open(new SecretKeySpec(KEY, "ChaCha20"), nonce, AAD, out, 0, n, back, 0));
        assertArrayEquals(SUNSCREEN, back);
        out[3] ^= 1;
        assertEquals(-1, aead.open(new SecretKeySpec(KEY, "ChaCha20"), nonce, AAD, out, 0, n, back, 0));
    }

    /** WireGuard's nonce: 32 zero bits then the counter, little-endian (whitepaper §5.4.6). */
    @Test
    void counterNonceIsFourZeroBytesThenLittleEndianCounter() {
        ChaChaPoly aead = new ChaChaPoly();
        long counter = 0x0706050403020100L;
        byte[] a = new byte[SUNSCREEN.length + 16], b = new byte[SUNSCREEN.length + 16];
        aead.seal(new SymmetricKey(KEY, 0), counter, null, SUNSCREEN, 0, SUNSCREEN.length, a, 0);
        // a second Cipher: the JDK refuses the same key and nonce twice on one (as it should)
        new ChaChaPoly().seal(new SecretKeySpec(KEY, "ChaCha20"), new IvParameterSpec(bytes("000000000001020304050607")), null,
                SUNSCREEN, 0, SUNSCREEN.length, b, 0);
        assertArrayEquals(b, a);
    }

    @Test
    void sealsAndOpensInPlace() {
        ChaChaPoly aead = new ChaChaPoly();
        byte[] buf = new byte[16 + SUNSCREEN.length + 16];
        System.arraycopy(SUNSCREEN, 0, buf, 16, SUNSCREEN.length);
        SymmetricKey key = new SymmetricKey(KEY, 0);
        int n = aead.seal(key, 5, null, buf, 16, SUNSCREEN.length, buf, 16);
        assertEquals(SUNSCREEN.length, aead.open(key, 5, null, buf, 16, n, buf, 16));
        assertArrayEquals(SUNSCREEN, Arrays.copyOfRange(buf, 16, 16 + SUNSCREEN.length));
    }

    /** draft-irtf-cfrg-xchacha-03 §A.3.1 (the cookie reply's XAEAD). */
    @Test
    void xChaCha20Poly1305DraftVector() {
        byte[] nonce = bytes("404142434445464748494a4b4c4d4e4f5051525354555657");
        byte[] out = new byte[SUNSCREEN.length + 16];
        int n = XChaChaPoly.seal(KEY, nonce, AAD, SUNSCREEN, 0, SUNSCREEN.length, out, 0);
        assertEquals("bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39"
                + "ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9"
                + "664c97637da9768812f615c68b13b52e" + "c0875924c1c7987947deafd8780acf49", hex(Arrays.copyOf(out, n)));
        byte[] back = new byte[SUNSCREEN.length];
        assertEquals(SUNSCREEN.length, XChaChaPoly.open(KEY, nonce, AAD, out, 0, n, back, 0));
        assertArrayEquals(SUNSCREEN, back);
        out[n - 1] ^= 1;
        byte[] untouched = new byte[SUNSCREEN.length];
        assertEquals(-1, XChaChaPoly.open(KEY, nonce, AAD, out, 0, n, untouched, 0));
        assertArrayEquals(new byte[SUNSCREEN.length], untouched, "nothing written on a bad tag");
    }
}
