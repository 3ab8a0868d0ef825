package io.pptp2wg.mppe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.pptp2wg.config.ppp.MppeKeyLength;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 100,000 generated MPPE packets per mode into the decryptor: every header is judged (never an
 * exception), impossible bits are always refused, and a real stream still decrypts afterwards.
 */
class MppeFuzzTest {
    private static final int INPUTS = 100_000;

    private static void fuzz(boolean stateful, long seed) {
        Random r = new Random(seed);
        byte[] key = new byte[16];
        r.nextBytes(key);
        MppeDecryptor d = new MppeDecryptor(key, MppeKeyLength.BITS_128, stateful);
        int count = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] p = new byte[r.nextInt(40)];
            r.nextBytes(p);
            if (p.length >= 2 && r.nextInt(4) != 0) {
                // mostly plausible counts just ahead, so that the key schedule work stays per-packet small
                count = (count + (r.nextInt(10) == 0 ? r.nextInt(4096) : r.nextInt(4))) & 0xfff;
                p[0] = (byte) ((p[0] & 0xf0) | (count >> 8));
                p[1] = (byte) count;
            }
            MppeDecryptor.Result result = d.open(p, 0, p.length);
            assertNotNull(result);
            if (p.length > 2 && ((p[0] & MppeHeader.ENCRYPTED) == 0 || (p[0] & MppeHeader.COMPRESSED) != 0)) {
                assertEquals(MppeDecryptor.Result.BAD_HEADER, result);
            }
            if (p.length <= 2) {
                assertEquals(MppeDecryptor.Result.TOO_SHORT, result);
            }
        }
    }

    @Test
    void statelessHeaders() {
        fuzz(false, 41);
    }

    @Test
    void statefulHeaders() {
        fuzz(true, 42);
    }

    @Test
    void encryptThenDecryptAcrossTheCoherencyCountWrap() {
        for (boolean stateful : new boolean[] {false, true}) {
            for (MppeKeyLength k : MppeKeyLength.values()) {
                byte[] key = new byte[16];
                new Random(k.ordinal()).nextBytes(key);
                MppeEncryptor e = new MppeEncryptor(key, k, stateful);
                MppeDecryptor d = new MppeDecryptor(key, k, stateful);
                Random r = new Random(5);
                for (int i = 0; i < 9000; i++) {
                    byte[] plain = new byte[1 + r.nextInt(100)];
                    r.nextBytes(plain);
                    byte[] buf = new byte[2 + plain.length];
                    System.arraycopy(plain, 0, buf, 2, plain.length);
                    int n = e.seal(buf, 0, plain.length);
                    assertEquals(MppeDecryptor.Result.OK, d.open(buf, 0, n));
                    assertEquals(java.util.HexFormat.of().formatHex(plain),
                            java.util.HexFormat.of().formatHex(java.util.Arrays.copyOfRange(buf, 2, n)));
                }
            }
        }
    }
}
