package io.pptp2wg.pptp.gre;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input for the GRE header parser and a call's sequence logic: 200,000 generated packets,
 * half random bytes, half mutations of valid headers. Nothing may throw, every refusal is counted,
 * the hold-back queue stays bounded.
 */
class GreHeaderFuzzTest {
    static final int INPUTS = 200_000;

    @Test
    void nothingEscapesAndEveryRefusalIsCounted() {
        SplittableRandom rnd = new SplittableRandom(0x6E3L);
        GreStats stats = new GreStats();
        GreHeader h = new GreHeader();
        GreCall call = new GreCall(7, 1 + rnd.nextInt(64), GreConfig.defaults(), stats);
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
        for (int i = 0; i < INPUTS; i++) {
            ByteBuffer b = i % 2 == 0 ? random(rnd) : mutated(rnd);
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
            assertTrue(h.payloadOffset() + h.payloadLength() <= lim);
            now += rnd.nextInt(1_000_000);
            call.receive(h, now, sink);
            if (rnd.nextInt(4) == 0) {
                call.send(ByteBuffer.allocate(rnd.nextInt(1500)), now, sink);
            }
            call.poll(now, sink);
            assertTrue(call.heldBack() <= GreConfig.defaults().holdBackPackets());
        }
        assertEquals(refused, stats.get(GreCounter.MALFORMED));
        assertEquals(accepted, stats.get(GreCounter.PACKETS_RECEIVED));
        assertTrue(accepted > INPUTS / 10, "the mutations should reach the sequence logic: " + accepted);
        System.out.printf("GRE fuzz: %d inputs, %d refused (%s), %d accepted%n", INPUTS, refused,
                stats.malformedSnapshot(), accepted);
    }

    private static ByteBuffer random(SplittableRandom rnd) {
        byte[] b = new byte[rnd.nextInt(40)];
        rnd.nextBytes(b);
        return ByteBuffer.wrap(b);
    }

    private static ByteBuffer mutated(SplittableRandom rnd) {
        int payload = rnd.nextInt(64);
        ByteBuffer b = ByteBuffer.allocate(16 + payload + rnd.nextInt(4));
        boolean ack = rnd.nextBoolean();
        GreHeader.write(b, 0x4242, payload, rnd.nextInt(200), ack, rnd.nextInt(200));
        b.position(b.position() + payload).flip();
        if (rnd.nextInt(3) == 0) {
            int at = rnd.nextInt(Math.max(1, b.limit()));
            b.put(at, (byte) (b.get(at) ^ (1 << rnd.nextInt(8))));
        }
        if (rnd.nextInt(5) == 0) {
            b.limit(rnd.nextInt(b.limit() + 1));
        }
        return b;
    }
}
