package io.pptp2wg.radius;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.pptp2wg.radius.RadiusTesting.conf;
import static io.pptp2wg.radius.RadiusTesting.msChapV2Login;
import static io.pptp2wg.radius.RadiusTesting.vectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10^5 hostile replies (random bytes, and the reference Accept with bytes flipped, cut or grown) into the
 * client core while a login waits: nothing escapes, nothing is accepted, and the real reply still works.
 */
class RadiusReplyHostileTest {
    private static final int ROUNDS = 100_000;

    @Test
    void hostileRepliesNeverEscapeNorAreTrusted() {
        Map<String, byte[]> v = vectors();
        byte[] reqAuth = v.get("request_authenticator");
        int id = v.get("identifier")[0] & 0xff;
        List<RadiusReply> replies = new ArrayList<>();
        RadiusAuthClient c = new RadiusAuthClient(conf(new String(v.get("secret"), StandardCharsets.US_ASCII), 1, 3, 3), "gw1",
                List.of(), new RadiusTesting.FixedRandom(reqAuth, id), (s, d) -> { }, n -> { });
        c.submit(msChapV2Login(v.get("chap_id")[0] & 0xff), 0, replies::add);
        byte[] accept = v.get("accept_mschapv2");
        Random r = new Random(20261207L);
        for (int i = 0; i < ROUNDS; i++) {
            byte[] d;
            switch (i % 4) {
                case 0 -> {
                    d = new byte[r.nextInt(120)];
                    r.nextBytes(d);
                    if (d.length > 1) {
                        d[1] = (byte) id; // reach the verification, not just the Identifier check
                    }
                }
                case 1 -> {
                    d = accept.clone();
                    for (int k = 1 + r.nextInt(4); k > 0; k--) {
                        int at = r.nextInt(d.length);
                        d[at] ^= (byte) (1 + r.nextInt(255));
                    }
                    if (java.util.Arrays.equals(d, accept)) {
                        d[d.length - 1] ^= 1;
                    }
                }
                case 2 -> d = java.util.Arrays.copyOf(accept, r.nextInt(accept.length));
                default -> {
                    d = java.util.Arrays.copyOf(accept, accept.length + 1 + r.nextInt(40));
                    int len = accept.length + 1 + r.nextInt(40);
                    d[2] = (byte) (len >> 8);
                    d[3] = (byte) len;
                }
            }
            c.receive(0, d, i);
        }
        assertTrue(replies.isEmpty(), "a hostile reply was trusted: " + replies);
        long dropped = c.drops().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(ROUNDS, dropped, c.drops().toString());
        c.receive(0, accept, ROUNDS);
        assertInstanceOf(RadiusReply.Accept.class, replies.getFirst());
    }
}
