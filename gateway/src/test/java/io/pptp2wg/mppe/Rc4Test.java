package io.pptp2wg.mppe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 6229 §2 test vectors (keystream at offset 0), and rekeying in place. */
class Rc4Test {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] keystream(byte[] key, int n) {
        Rc4 rc4 = new Rc4(key.length);
        rc4.setKey(key, 0);
        byte[] out = new byte[n];
        rc4.process(new byte[n], 0, n, out, 0);
        return out;
    }

    @Test
    void rfc6229_40bitKey() {
        assertArrayEquals(HEX.parseHex("b2396305f03dc027ccc3524a0a1118a8"),
                keystream(HEX.parseHex("0102030405"), 16));
    }

    @Test
    void rfc6229_128bitKey() {
        assertArrayEquals(HEX.parseHex("9ac7cc9a609d1ef7b2932899cde41b97"),
                keystream(HEX.parseHex("0102030405060708090a0b0c0d0e0f10"), 16));
    }

    @Test
    void rekeyingInPlaceRestartsTheKeystream() {
        byte[] k1 = HEX.parseHex("0102030405060708090a0b0c0d0e0f10");
        byte[] k2 = HEX.parseHex("00112233445566778899aabbccddeeff");
        Rc4 rc4 = new Rc4(16);
        rc4.setKey(k2, 0);
        byte[] junk = new byte[100];
        rc4.process(junk, 0, junk.length, junk, 0);
        rc4.setKey(k1, 0);
        byte[] out = new byte[16];
        rc4.process(new byte[16], 0, 16, out, 0);
        assertArrayEquals(HEX.parseHex("9ac7cc9a609d1ef7b2932899cde41b97"), out);
    }
}
