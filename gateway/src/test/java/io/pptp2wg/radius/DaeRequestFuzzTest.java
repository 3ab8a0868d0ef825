package io.pptp2wg.radius;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzz target (Jazzer) for the Dynamic Authorization Server's decoder: datagrams, some signed with
 * the right secret so that the attribute parser is reached. Contract: nothing throws; an answer is a well-formed
 * ACK or NAK to the request's Identifier; nothing is acted on unless a Disconnect was ACKed.
 * {@code mvn verify} replays {@code DaeRequestFuzzTestInputs/}; tools/fuzz.sh fuzzes it.
 */
class DaeRequestFuzzTest {
    @FuzzTest
    void requests(FuzzedDataProvider data) {
        DaeTesting.FakeSession alice = new DaeTesting.FakeSession("SID-1", "alice", 0xC0000264);
        DynamicAuthServer dae = DaeTesting.server(List.of(alice), new ArrayList<>());
        for (int i = 0; i < 8 && data.remainingBytes() > 0; i++) {
            boolean sign = data.consumeBoolean();
            byte[] d = data.consumeBytes(data.consumeInt(0, 200));
            if (sign && d.length >= RadiusWire.HEADER_LENGTH) {
                d[2] = (byte) (d.length >> 8);
                d[3] = (byte) d.length;
                RadiusPackets.signRequest(d, DaeTesting.SECRET.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            byte[] reply = dae.receive(DaeTesting.CLIENT, d, i, 0);
            if (reply != null) {
                assertTrue(RadiusPackets.frame(reply) != null && reply[1] == d[1]);
                int code = reply[0] & 0xff;
                assertTrue(code >= RadiusWire.DISCONNECT_ACK && code <= RadiusWire.COA_NAK && code != RadiusWire.COA_REQUEST);
            }
        }
        assertTrue(alice.disconnects.size() <= dae.disconnectAcks());
    }
}
