package io.pptp2wg.mppe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pptp2wg.config.ppp.MppeKeyLength;
import java.util.Arrays;

/**
 * Coverage-guided fuzz target (Jazzer) for the MPPE decryptor (RFC 3078), stateless or stateful and of any key
 * length as the input says, fed a run of packets. Contract: every packet gets a verdict and nothing throws;
 * two octets or fewer are TOO_SHORT, impossible header bits are BAD_HEADER; only OK counts a packet; the
 * header and every octet outside the packet are left alone, and a refused packet is not touched at all.
 * {@code mvn verify} replays {@code MppeDecryptorFuzzTestInputs/}; tools/fuzz.sh fuzzes it.
 */
class MppeDecryptorFuzzTest {

    @FuzzTest
    void packetsIntoDecryptor(FuzzedDataProvider data) {
        boolean stateful = data.consumeBoolean();
        MppeKeyLength strength = MppeKeyLength.values()[data.consumeInt(0, MppeKeyLength.values().length - 1)];
        byte[] key = new byte[16];
        Arrays.fill(key, (byte) 0x5a);
        MppeDecryptor d = new MppeDecryptor(key, strength, stateful);
        for (int i = 0; i < 64 && data.remainingBytes() > 0; i++) {
            byte[] buffer = data.consumeBytes(data.consumeInt(0, 60));
            int offset = buffer.length == 0 ? 0 : data.consumeInt(0, buffer.length);
            int length = buffer.length - offset;
            byte[] before = buffer.clone();
            long packets = d.packets();
            MppeDecryptor.Result r = d.open(buffer, offset, length);
            assertNotNull(r);
            if (length <= MppeHeader.LENGTH) {
                assertEquals(MppeDecryptor.Result.TOO_SHORT, r);
            } else if ((buffer[offset] & MppeHeader.ENCRYPTED) == 0 || (buffer[offset] & MppeHeader.COMPRESSED) != 0) {
                assertEquals(MppeDecryptor.Result.BAD_HEADER, r);
            }
            assertEquals(packets + (r == MppeDecryptor.Result.OK ? 1 : 0), d.packets(), "only OK counts a packet");
            int bodyFrom = r == MppeDecryptor.Result.OK ? offset + MppeHeader.LENGTH : buffer.length;
            assertArrayEquals(Arrays.copyOfRange(before, 0, Math.min(bodyFrom, buffer.length)),
                    Arrays.copyOfRange(buffer, 0, Math.min(bodyFrom, buffer.length)), "header and what precedes untouched");
        }
        d.destroy();
    }
}
