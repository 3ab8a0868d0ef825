package io.pptp2wg.ppp;

import static io.pptp2wg.config.ppp.AuthProtocol.MSCHAP_V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.MppePolicy;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.ppp.testing.TestAddresses;
import io.pptp2wg.ppp.testing.TestConfig;
import io.pptp2wg.ppp.testing.TestPppClient;
import io.pptp2wg.ppp.testing.Wire;
import io.pptp2wg.session.LoginPolicy;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile PPP frames into a live server link (100,000 per test, seeded): nothing escapes, output
 * stays bounded per input, and every input that is broken at the frame or packet layer is counted.
 */
class PppFuzzTest {
    static final int INPUTS = 100_000;
    private static final int[] PROTOCOLS = {PppProtocol.LCP, PppProtocol.IPCP, PppProtocol.CCP, PppProtocol.CHAP,
            PppProtocol.PAP, PppProtocol.IP, PppProtocol.COMPRESSED_DATAGRAM, PppProtocol.IPV6CP, 0x002b, 0x8001};

    private static Wire openLink(long seed, List<AuthProtocol> auth, MppePolicy mppe, boolean open) {
        Wire w = Wire.of(TestConfig.config(TestConfig.options(auth, mppe, 0, 0, 0, 0, false),
                TestConfig.users("test", "test"), LoginPolicy.allowAll(), new TestAddresses(1), seed),
                new TestPppClient.Settings(), seed);
        if (open) {
            w.start();
            assertTrue(w.server.isNetworkOpen());
        } else {
            w.server.start(w.now, w.out);
        }
        w.out.frames.clear();
        return w;
    }

    /** A frame with a valid header for a random protocol and a random body (often a valid control header). */
    static byte[] frame(Random r) {
        int protocol = PROTOCOLS[r.nextInt(PROTOCOLS.length)];
        int bodyLength = r.nextInt(r.nextBoolean() ? 16 : 200);
        byte[] body = new byte[bodyLength];
        r.nextBytes(body);
        if (bodyLength >= 4 && r.nextInt(4) != 0) {
            body[0] = (byte) (1 + r.nextInt(r.nextBoolean() ? 15 : 255));
            int length = r.nextInt(8) == 0 ? r.nextInt(65536) : bodyLength - r.nextInt(Math.min(4, bodyLength - 3));
            body[2] = (byte) (length >> 8);
            body[3] = (byte) length;
            // options: mostly well-formed lists of known types
            if (r.nextBoolean()) {
                int p = 4;
                while (p + 2 <= Math.min(length, bodyLength)) {
                    int len = r.nextInt(10) == 0 ? r.nextInt(256) : 2 + r.nextInt(6);
                    body[p] = (byte) (r.nextInt(3) == 0 ? r.nextInt(256) : 1 + r.nextInt(20));
                    body[p + 1] = (byte) len;
                    p += Math.max(2, len);
                }
            }
        }
        ByteBuffer b = ByteBuffer.allocate(4 + bodyLength);
        if (r.nextBoolean()) {
            b.put((byte) 0xff).put((byte) 0x03);
        }
        if (protocol < 0x100 && r.nextBoolean()) {
            b.put((byte) protocol);
        } else {
            b.putShort((short) protocol);
        }
        b.put(body);
        byte[] f = new byte[b.position()];
        b.flip().get(f);
        return f;
    }

    private static void fuzz(long seed, boolean open) {
        Random r = new Random(seed);
        Wire w = openLink(seed, List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), open);
        int links = 1;
        for (int i = 0; i < INPUTS; i++) {
            byte[] f;
            String expectDrop = null;
            switch (r.nextInt(10)) {
                case 0 -> { // broken frame header: empty, FF without 03, or a Protocol field with an even last octet
                    f = switch (r.nextInt(3)) {
                        case 0 -> new byte[0];
                        case 1 -> new byte[] {(byte) 0xff, (byte) (r.nextInt(255) + 4), 1, 2};
                        default -> new byte[] {(byte) (r.nextInt(128) * 2), (byte) (r.nextInt(128) * 2), 9, 9};
                    };
                    expectDrop = "MALFORMED_FRAME";
                }
                case 1 -> { // a control packet whose Length exceeds the frame
                    f = new byte[] {(byte) 0xc0, 0x21, 1, 1, 0x7f, (byte) 0xff, 1, 4};
                    expectDrop = "CONTROL";
                }
                default -> f = frame(r);
            }
            long drops = w.server.counters().droppedTotal();
            long malformed = w.server.counters().dropped(PppCounters.Drop.MALFORMED_FRAME);
            long control = w.server.counters().dropped(PppCounters.Drop.CONTROL);
            w.server.receiveFrame(ByteBuffer.wrap(f), w.now, w.out);
            assertTrue(w.out.frames.size() <= 4, "bounded output per input");
            w.out.frames.clear();
            w.out.ips.clear();
            if ("MALFORMED_FRAME".equals(expectDrop)) {
                assertEquals(malformed + 1, w.server.counters().dropped(PppCounters.Drop.MALFORMED_FRAME));
            } else if ("CONTROL".equals(expectDrop) && !w.out.events.stream().anyMatch(e -> e instanceof PppLinkEvent.Closed)) {
                assertEquals(control + 1, w.server.counters().dropped(PppCounters.Drop.CONTROL));
            }
            assertTrue(w.server.counters().droppedTotal() >= drops);
            if (i % 97 == 0) {
                w.now += 700_000_000L;
                w.server.poll(w.now, w.out);
                w.out.frames.clear();
            }
            if (!w.out.events(PppLinkEvent.Closed.class).isEmpty()) {
                w = openLink(seed + i, List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), open);
                links++;
            }
        }
        assertTrue(links < INPUTS / 10, "most inputs ran against a live link: " + links + " links");
    }

    @Test
    void randomFramesIntoAnOpenLink() {
        fuzz(11, true);
    }

    @Test
    void randomFramesIntoANegotiatingLink() {
        fuzz(12, false);
    }

    @Test
    void randomFramesIntoAnUnencryptedLink() {
        Random r = new Random(13);
        TestPppClient.Settings s = new TestPppClient.Settings();
        s.mppe = false;
        s.accepts = List.of(AuthProtocol.PAP);
        Wire w = Wire.of(TestConfig.config(TestConfig.options(List.of(AuthProtocol.PAP), MppePolicy.refused(), 0, 0, 0, 0, false),
                TestConfig.users("test", "test"), LoginPolicy.allowAll(), new TestAddresses(1), 13), s, 13).start();
        assertTrue(w.server.isNetworkOpen());
        for (int i = 0; i < INPUTS; i++) {
            w.server.receiveFrame(ByteBuffer.wrap(frame(r)), w.now, w.out);
            assertTrue(w.out.frames.size() <= 4);
            w.out.frames.clear();
            w.out.ips.clear();
        }
        assertTrue(w.server.counters().framesReceived() >= INPUTS);
    }
}
