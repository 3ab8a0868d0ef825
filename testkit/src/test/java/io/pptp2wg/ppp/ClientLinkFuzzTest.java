package io.pptp2wg.ppp;

import static io.pptp2wg.config.ppp.AuthProtocol.MSCHAP_V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.ppp.testing.LinkPair;
import io.pptp2wg.ppp.testing.RecordingOutput;
import io.pptp2wg.ppp.testing.TestAddresses;
import io.pptp2wg.ppp.testing.TestConfig;
import io.pptp2wg.session.LoginPolicy;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile frames into the client link (100,000 per test, seeded), as a server might send them: while
 * negotiating (where the CHAP peer parses Challenges, Successes and Failures) and once open. Nothing
 * escapes, output stays bounded per input, broken frames are counted.
 */
class ClientLinkFuzzTest {
    private static LinkPair pair(long seed, boolean open) {
        LinkPair p = new LinkPair(TestConfig.config(TestConfig.options(List.of(MSCHAP_V2),
                TestConfig.mppe128(StatefulMppe.ALLOW), 0, 0, 0, 0, false), TestConfig.users("test", "test"),
                LoginPolicy.allowAll(), new TestAddresses(1), seed),
                new PppClientConfig(PppClientConfig.options(List.of(MSCHAP_V2,
                        AuthProtocol.MSCHAP_V1, AuthProtocol.CHAP_MD5, AuthProtocol.PAP),
                        TestConfig.mppe128(StatefulMppe.PREFER), 0, 0, false), "test",
                        Secret.ofPassword("test".toCharArray()), new Random(seed)));
        if (open) {
            p.start();
            assertTrue(p.client.isNetworkOpen());
        } else {
            p.client.start(p.now, p.clientOut);
        }
        p.clientOut.frames.clear();
        return p;
    }

    /** A CHAP packet of any code with a random body: challenges of every size, messages with and without "S=". */
    private static byte[] chap(Random r) {
        int code = 1 + r.nextInt(5);
        byte[] body = new byte[r.nextInt(80)];
        r.nextBytes(body);
        if (code == 3 && body.length > 44 && r.nextBoolean()) {
            body[0] = 'S';
            body[1] = '=';
        } else if (code == 1 && body.length > 0) {
            body[0] = (byte) (r.nextBoolean() ? 16 : r.nextInt(256));
        }
        int length = r.nextInt(10) == 0 ? r.nextInt(256) : 4 + body.length;
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + body.length);
        b.put((byte) 0xff).put((byte) 0x03).putShort((short) PppProtocol.CHAP)
                .put((byte) code).put((byte) r.nextInt(256)).putShort((short) length).put(body);
        return b.array();
    }

    private static void fuzz(long seed, boolean open) {
        Random r = new Random(seed);
        LinkPair p = pair(seed, open);
        int links = 1;
        for (int i = 0; i < PppFuzzTest.INPUTS; i++) {
            byte[] f = r.nextInt(3) == 0 ? chap(r) : PppFuzzTest.frame(r);
            RecordingOutput out = p.clientOut;
            long malformed = p.client.counters().dropped(PppCounters.Drop.MALFORMED_FRAME);
            boolean emptyFrame = f.length == 0;
            p.client.receiveFrame(ByteBuffer.wrap(f), p.now, out);
            assertTrue(out.frames.size() <= 4, "bounded output per input");
            if (emptyFrame) {
                assertEquals(malformed + 1, p.client.counters().dropped(PppCounters.Drop.MALFORMED_FRAME));
            }
            out.frames.clear();
            out.ips.clear();
            if (i % 97 == 0) {
                p.now += 700_000_000L;
                p.client.poll(p.now, out);
                out.frames.clear();
            }
            if (!out.events(PppLinkEvent.Closed.class).isEmpty()) {
                p = pair(seed + i, open);
                links++;
            }
        }
        assertTrue(links < PppFuzzTest.INPUTS / 10, "most inputs ran against a live link: " + links + " links");
    }

    @Test
    void randomFramesIntoAnOpenClientLink() {
        fuzz(21, true);
    }

    @Test
    void randomFramesIntoANegotiatingClientLink() {
        fuzz(22, false);
    }
}
