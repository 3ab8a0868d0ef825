package io.pptp2wg.pptp.gre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzz target (Jazzer) for the enhanced GRE header parser and a call's sequence logic: a run of
 * packets the fuzzer writes, with time between them. Contract: the parser leaves the buffer as it was and
 * either refuses (counted MALFORMED) or describes a payload inside the packet; every accepted packet is counted
 * received; the hold-back queue stays within its bound; nothing throws.
 * {@code mvn verify} replays {@code GreCallFuzzTestInputs/}; tools/fuzz.sh fuzzes it.
 */
class GreCallFuzzTest {

    @FuzzTest
    void greCall(FuzzedDataProvider data) {
        GreStats stats = new GreStats();
        GreHeader h = new GreHeader();
        GreCall call = new GreCall(7, data.consumeInt(1, 64), GreConfig.defaults(), stats);
        ByteBuffer tx = ByteBuffer.allocate(2048);
        GreSink sink = new GreSink() {
            @Override
            public ByteBuffer txBuffer() {
                return tx;
            }

            @Override
            public void transmit(ByteBuffer packet) {
                packet.position(packet.limit());
            }
        };
        long refused = 0;
        long accepted = 0;
        long now = 0;
        for (int i = 0; i < 256 && data.remainingBytes() > 0; i++) {
            byte[] packet = data.consumeBytes(data.consumeInt(0, 80));
            int offset = packet.length == 0 ? 0 : data.consumeInt(0, packet.length);
            ByteBuffer b = ByteBuffer.wrap(packet, offset, packet.length - offset);
            int pos = b.position();
            int lim = b.limit();
            GreMalformed why = h.parse(b);
            assertEquals(pos, b.position());
            assertEquals(lim, b.limit());
            if (why != null) {
                stats.malformed(why);
                refused++;
                continue;
            }
            accepted++;
            assertTrue(h.payloadOffset() >= pos && h.payloadOffset() + h.payloadLength() <= lim, "payload inside");
            now += data.consumeLong(0, 2_000_000_000L);
            call.receive(h, now, sink);
            if (data.consumeBoolean()) {
                call.send(ByteBuffer.allocate(data.consumeInt(0, 1500)), now, sink);
            }
            call.poll(now, sink);
            assertTrue(call.heldBack() <= GreConfig.defaults().holdBackPackets(), "held back " + call.heldBack());
        }
        assertEquals(refused, stats.get(GreCounter.MALFORMED));
        assertEquals(accepted, stats.get(GreCounter.PACKETS_RECEIVED));
    }
}
