package io.pptp2wg.gateway.gre;

import io.pptp2wg.pptp.gre.GreCounter;
import io.pptp2wg.pptp.gre.GreHeader;
import io.pptp2wg.pptp.gre.GreStats;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The socket reader's checks (IPv4 header, GRE header, Call ID, source address) on 200,000 hostile
 * datagrams, without a socket: every datagram is either handed to its call or counted as dropped.
 */
class GreReaderFuzzTest {
    static final int INPUTS = 200_000;
    static final int PEER = 0xC0000214;   // 192.0.2.20
    static final int CALL_ID = 4242;

    @Test
    void everyDatagramIsDeliveredOrCounted() {
        GreStats stats = new GreStats();
        CallTable table = new CallTable(CALL_ID);
        int[] delivered = {0};
        GreInbox inbox = new GreInbox(Runnable::run, 64, 4096);
        GreEndpoint endpoint = new GreEndpoint() {
            final GreHeader h = new GreHeader();

            @Override
            public int peerAddress() {
                return PEER;
            }

            @Override
            public GreInbox inbox() {
                return inbox;
            }

            @Override
            public void onGre(ByteBuffer grePacket) {
                assertEquals(null, h.parse(grePacket), "the reader hands on only valid GRE");
                delivered[0]++;
            }
        };
        assertEquals(CALL_ID, table.reserve());
        table.attach(CALL_ID, endpoint);
        GreReader reader = new GreReader(null, table, stats);
        SplittableRandom rnd = new SplittableRandom(47);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(65_536);
            ByteBuffer view = data.asByteBuffer();
            for (int i = 0; i < INPUTS; i++) {
                byte[] d = i % 4 == 0 ? random(rnd) : datagram(rnd);
                MemorySegment.copy(d, 0, data, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, d.length);
                GreInbox woken = reader.dispatch(data, view, d.length, new GreHeader());
                if (woken != null) {
                    woken.wake();
                }
            }
        }
        long dropped = stats.get(GreCounter.MALFORMED) + stats.get(GreCounter.UNKNOWN_CALL_ID)
                + stats.get(GreCounter.WRONG_SOURCE) + stats.get(GreCounter.INBOX_FULL_DROPS);
        assertEquals(INPUTS, delivered[0] + dropped);
        assertTrue(delivered[0] > INPUTS / 10, "valid datagrams should get through: " + delivered[0]);
        System.out.printf("GRE reader fuzz: %d datagrams, %d delivered, %d dropped (malformed %s, unknown call %d, wrong source %d)%n",
                INPUTS, delivered[0], dropped, stats.malformedSnapshot(), stats.get(GreCounter.UNKNOWN_CALL_ID),
                stats.get(GreCounter.WRONG_SOURCE));
    }

    private static byte[] random(SplittableRandom rnd) {
        byte[] b = new byte[rnd.nextInt(80)];
        rnd.nextBytes(b);
        return b;
    }

    /** An IPv4 + GRE datagram as the kernel delivers it, sometimes damaged. */
    private static byte[] datagram(SplittableRandom rnd) {
        int options = rnd.nextInt(4) == 0 ? 4 * rnd.nextInt(10) : 0;
        int payload = rnd.nextInt(1500);
        ByteBuffer b = ByteBuffer.allocate(20 + options + 16 + payload);
        b.put((byte) (0x45 + options / 4)).put((byte) 0).putShort((short) b.capacity()).putInt(0)
                .put((byte) 64).put((byte) 47).putShort((short) 0)
                .putInt(rnd.nextInt(8) == 0 ? PEER + 1 : PEER).putInt(0xC0000201);
        b.position(20 + options);
        GreHeader.write(b, rnd.nextInt(8) == 0 ? CALL_ID + 1 : CALL_ID, payload, rnd.nextInt(), rnd.nextBoolean(), rnd.nextInt());
        b.position(b.position() + payload);
        byte[] a = new byte[b.position()];
        b.flip().get(a);
        if (rnd.nextInt(3) == 0) {
            int at = rnd.nextInt(Math.min(a.length, 20 + options + 16));
            a[at] ^= (byte) (1 << rnd.nextInt(8));
        }
        if (rnd.nextInt(6) == 0) {
            byte[] cut = new byte[rnd.nextInt(a.length + 1)];
            System.arraycopy(a, 0, cut, 0, cut.length);
            return cut;
        }
        return a;
    }
}
