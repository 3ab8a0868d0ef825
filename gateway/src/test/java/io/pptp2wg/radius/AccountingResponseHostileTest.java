package io.pptp2wg.radius;

import io.pptp2wg.session.SessionCounters;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static io.pptp2wg.radius.AcctTesting.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10^5 hostile Accounting-Responses (random bytes, and the right answer with bytes flipped, cut or grown) into the
 * accounting core while a Start waits: nothing escapes, none is taken as the answer, the real answer still is.
 */
class AccountingResponseHostileTest {
    private static final int ROUNDS = 100_000;

    @Test
    void hostileResponsesNeverEscapeNorAnswerTheRecord() {
        List<byte[]> out = new ArrayList<>();
        RadiusAcctClient c = new RadiusAcctClient(AcctTesting.conf(1, 3, 3), "gw1", OptionalInt.empty(), List.of(),
                new SecureRandom(), (s, d) -> out.add(d), n -> { });
        c.start(AcctTesting.session("S-1", 0, 0, new AtomicReference<>(SessionCounters.ZERO)), 0);
        byte[] request = out.getFirst();
        int id = request[1] & 0xff;
        byte[] answer = AcctTesting.response(request, SECRET);
        Random r = new Random(20261207L);
        for (int i = 0; i < ROUNDS; i++) {
            byte[] d;
            switch (i % 4) {
                case 0 -> {
                    d = new byte[r.nextInt(120)];
                    r.nextBytes(d);
                    if (d.length > 1) {
                        d[1] = (byte) id;
                    }
                }
                case 1 -> {
                    d = answer.clone();
                    for (int k = 1 + r.nextInt(4); k > 0; k--) {
                        d[r.nextInt(d.length)] ^= (byte) (1 + r.nextInt(255));
                    }
                    if (java.util.Arrays.equals(d, answer)) {
                        d[4] ^= 1;
                    }
                }
                case 2 -> d = java.util.Arrays.copyOf(answer, r.nextInt(answer.length));
                default -> {
                    // grown: attributes after the header, Length covering them, the authenticator not
                    int extra = 2 + r.nextInt(40);
                    d = java.util.Arrays.copyOf(answer, answer.length + extra);
                    d[answer.length] = (byte) (1 + r.nextInt(254));
                    d[answer.length + 1] = (byte) extra;
                    for (int k = answer.length + 2; k < d.length; k++) {
                        d[k] = (byte) r.nextInt(256);
                    }
                    d[2] = (byte) (d.length >> 8);
                    d[3] = (byte) d.length;
                }
            }
            c.receive(0, d, i);
            assertFalse(c.idle(), "a hostile datagram was taken as the answer at round " + i);
        }
        long dropped = c.drops().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(ROUNDS, dropped, c.drops().toString());
        c.receive(0, answer, ROUNDS);
        assertTrue(c.idle());
    }
}
