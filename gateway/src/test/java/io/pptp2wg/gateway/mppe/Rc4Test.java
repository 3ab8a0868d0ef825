package io.pptp2wg.gateway.mppe;

import io.pptp2wg.mppe.Rc4;
import io.pptp2wg.mppe.Rc4Choice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 6229 §2 test vectors (keystream at offset 0) and rekeying in place, for both implementations; and the two agree. */
class Rc4Test {
    private static final HexFormat HEX = HexFormat.of();

    static Stream<Arguments> implementations() {
        return Stream.of(Arguments.of("JDK", (IntFunction<Rc4>) Rc4Choice.JDK::create),
                Arguments.of("OpenSSL", (IntFunction<Rc4>) OpenSslRc4::new));
    }

    private static byte[] keystream(IntFunction<Rc4> factory, byte[] key, int n) {
        Rc4 rc4 = factory.apply(key.length);
        rc4.setKey(key, 0);
        byte[] out = new byte[n];
        rc4.process(new byte[n], 0, n, out, 0);
        return out;
    }

    @Test
    void openSslIsChosenWhereLibcryptoIsInstalled() {
        // .ci/run installs libssl3 (Debian's libcrypto.so.3), so the OpenSSL path is the one tested and run
        assertTrue(OpenSslRc4.usable(), "libcrypto.so.3 with RC4 did not load: " + Rc4.implementation());
        OpenSslRc4.install();
        assertTrue(Rc4.create(16) instanceof OpenSslRc4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void rfc6229_40bitKey(String name, IntFunction<Rc4> factory) {
        assertArrayEquals(HEX.parseHex("b2396305f03dc027ccc3524a0a1118a8"),
                keystream(factory, HEX.parseHex("0102030405"), 16));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void rfc6229_128bitKey(String name, IntFunction<Rc4> factory) {
        assertArrayEquals(HEX.parseHex("9ac7cc9a609d1ef7b2932899cde41b97"),
                keystream(factory, HEX.parseHex("0102030405060708090a0b0c0d0e0f10"), 16));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void rekeyingInPlaceRestartsTheKeystream(String name, IntFunction<Rc4> factory) {
        byte[] k1 = HEX.parseHex("0102030405060708090a0b0c0d0e0f10");
        byte[] k2 = HEX.parseHex("00112233445566778899aabbccddeeff");
        Rc4 rc4 = factory.apply(16);
        rc4.setKey(k2, 0);
        byte[] junk = new byte[100];
        rc4.process(junk, 0, junk.length, junk, 0);
        rc4.setKey(k1, 0);
        byte[] out = new byte[16];
        rc4.process(new byte[16], 0, 16, out, 0);
        assertArrayEquals(HEX.parseHex("9ac7cc9a609d1ef7b2932899cde41b97"), out);
    }

    /** The native call is given only a start address: a range outside the array is refused before it. */
    @Test
    void openSslRefusesRangesOutsideTheArray() {
        Rc4 rc4 = new OpenSslRc4(16);
        byte[] key = new byte[20];
        rc4.setKey(key, 4);
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> rc4.setKey(key, 5));
        byte[] data = new byte[100];
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> rc4.process(data, 0, 101, data, 0));
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> rc4.process(data, 0, 10, new byte[12], 3));
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> rc4.process(data, -1, 10, data, 0));
    }

    /** Random keys (8 and 16 octets, at offsets), lengths and offsets, in place and not: the same output. */
    @Test
    void openSslAndJdkAgree() {
        Random random = new Random(6229);
        for (int round = 0; round < 200; round++) {
            int keyLength = round % 2 == 0 ? 16 : 8;
            byte[] keySource = new byte[keyLength + 7];
            random.nextBytes(keySource);
            int keyOffset = random.nextInt(8);
            Rc4 jdk = Rc4Choice.JDK.create(keyLength);
            Rc4 openSsl = new OpenSslRc4(keyLength);
            jdk.setKey(keySource, keyOffset);
            openSsl.setKey(keySource, keyOffset);
            for (int packet = 0; packet < 3; packet++) {
                int length = random.nextInt(1500);
                int offset = random.nextInt(5);
                byte[] data = new byte[offset + length + 3];
                random.nextBytes(data);
                byte[] viaJdk = new byte[data.length];
                jdk.process(data, offset, length, viaJdk, offset);
                byte[] inPlace = data.clone();
                openSsl.process(inPlace, offset, length, inPlace, offset);
                assertArrayEquals(java.util.Arrays.copyOfRange(viaJdk, offset, offset + length),
                        java.util.Arrays.copyOfRange(inPlace, offset, offset + length), "round " + round);
            }
        }
    }
}
