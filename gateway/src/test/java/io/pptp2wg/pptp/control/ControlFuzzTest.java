package io.pptp2wg.pptp.control;

import io.pptp2wg.pptp.control.ControlMessage.OutgoingCallRequest;
import io.pptp2wg.pptp.control.ControlMessage.StartControlConnectionRequest;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input for the control codec and the connection core: 200,000 generated frames (random
 * bytes, and valid messages of every type with mutated octets). Nothing may throw; every refusal is
 * counted; the number of open calls stays within what was admitted.
 */
class ControlFuzzTest {
    static final int INPUTS = 200_000;

    @Test
    void nothingEscapesAndEveryRefusalIsCounted() {
        SplittableRandom rnd = new SplittableRandom(2637);
        ControlStats stats = new ControlStats();
        int[] openCalls = {0};
        long[] decoded = {0};
        CallControl calls = new CallControl() {
            int next = 1;

            @Override
            public void started(StartControlConnectionRequest request) {}

            @Override
            public Admission admit(OutgoingCallRequest request) {
                return openCalls[0] >= 8 ? new Admission.Refused(2, 4, "limit") : new Admission.Admitted(next++);
            }

            @Override
            public void opened(Call call) {
                openCalls[0]++;
            }

            @Override
            public void cleared(Call call, String reason) {
                openCalls[0]--;
            }
        };
        ControlOutput out = new ControlOutput() {
            @Override
            public void send(ControlMessage message) {
                ControlCodec.encode(message); // what we send must always encode
            }

            @Override
            public void close(String reason) {}
        };
        long now = 0;
        ControlConnection cc = new ControlConnection(ControlConfig.defaults(8, 10), calls, stats, "fuzz", now);
        long refusedByCodec = 0;
        for (int i = 0; i < INPUTS; i++) {
            ByteBuffer frame = i % 3 == 0 ? random(rnd) : mutated(rnd);
            if (ControlCodec.decode(frame.duplicate()) instanceof ControlCodec.Decoded.Refused) {
                refusedByCodec++;
            } else {
                decoded[0]++;
            }
            if (cc.state() == ControlConnection.State.CLOSED) {
                cc.lowerDown("fuzz");
                assertEquals(0, openCalls[0]);
                cc = new ControlConnection(ControlConfig.defaults(8, 10), calls, stats, "fuzz", now);
                cc.receive(ControlCodec.encode(new StartControlConnectionRequest(0x100, 1, 1, 0, 1, "h", "v")), now, out);
            }
            now += rnd.nextLong(5_000_000_000L);
            cc.receive(frame, now, out);
            cc.poll(now, out);
            assertTrue(openCalls[0] >= 0 && openCalls[0] <= 8);
        }
        assertEquals(refusedByCodec, stats.get(ControlCounter.MALFORMED));
        assertTrue(decoded[0] > INPUTS / 4, "mutations should reach the core: " + decoded[0]);
        System.out.printf("control fuzz: %d inputs, %d refused by the codec (%s), %d decoded, counters %s%n",
                INPUTS, refusedByCodec, stats.malformedSnapshot(), decoded[0], stats.snapshot());
    }

    private static ByteBuffer random(SplittableRandom rnd) {
        byte[] b = new byte[rnd.nextInt(240)];
        rnd.nextBytes(b);
        if (b.length >= 2 && rnd.nextBoolean()) {
            b[0] = (byte) (b.length >> 8);
            b[1] = (byte) b.length;
        }
        return ByteBuffer.wrap(b);
    }

    private static ByteBuffer mutated(SplittableRandom rnd) {
        MessageType type = MessageType.values()[rnd.nextInt(MessageType.values().length)];
        ByteBuffer b = ByteBuffer.allocate(type.length());
        byte[] body = new byte[type.length() - ControlProtocol.HEADER_LENGTH];
        rnd.nextBytes(body);
        if (type == MessageType.START_CONTROL_CONNECTION_REQUEST && rnd.nextBoolean()) {
            body[0] = 1;
            body[1] = 0;
        }
        b.putShort((short) type.length()).putShort((short) 1).putInt(ControlProtocol.MAGIC_COOKIE)
                .putShort((short) type.code()).putShort((short) 0).put(body).flip();
        if (rnd.nextInt(4) == 0) {
            int at = rnd.nextInt(ControlProtocol.HEADER_LENGTH);
            b.put(at, (byte) (b.get(at) ^ (1 << rnd.nextInt(8))));
        }
        return b;
    }
}
