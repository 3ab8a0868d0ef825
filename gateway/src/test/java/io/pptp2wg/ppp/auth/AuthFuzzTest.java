package io.pptp2wg.ppp.auth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.mppe.MppeKeyMaterial;
import io.pptp2wg.ppp.fsm.FsmIo;
import io.pptp2wg.ppp.testing.TestConfig;
import io.pptp2wg.session.LoginPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 100,000 generated CHAP and PAP packets per method into the authenticators: every input is
 * either counted as dropped or answered (a verdict or a repeated verdict); nothing throws.
 */
class AuthFuzzTest {
    private static final int INPUTS = 100_000;

    static final class Counting implements FsmIo, AuthListener {
        int sent, dropped, events;
        @Override public void send(int protocol, ByteBuffer packet) { sent++; }
        @Override public void dropped(int protocol, String reason) { dropped++; }
        @Override public void authSucceeded(String user, AuthProtocol method, MppeKeyMaterial keys) {
            events++;
            if (keys != null) {
                keys.destroy();
            }
        }
        @Override public void authFailed(String user, AuthProtocol method, String reason, boolean lastAttempt) { events++; }
        @Override public void authRefused(String user, AuthProtocol method, String message) { events++; }
        @Override public void authLockedOut(String user, AuthProtocol method, String message) { events++; }
        @Override public void authTimedOut(String reason) { events++; }
        int total() { return sent + dropped + events; }
    }

    static byte[] packet(Random r, int valueSize) {
        int kind = r.nextInt(6);
        byte[] name = ("user" + r.nextInt(3)).getBytes(StandardCharsets.UTF_8);
        if (kind == 0) {
            byte[] b = new byte[r.nextInt(80)];
            r.nextBytes(b);
            return b;
        }
        int vs = kind == 1 ? r.nextInt(256) : valueSize;
        int length = 4 + 1 + vs + name.length;
        int declared = kind == 2 ? r.nextInt(65536) : length;
        ByteBuffer b = ByteBuffer.allocate(Math.max(length, 5));
        b.put((byte) (kind == 3 ? r.nextInt(8) : 2)).put((byte) r.nextInt(4)).putShort((short) declared).put((byte) vs);
        byte[] v = new byte[Math.min(vs, b.remaining())];
        r.nextBytes(v);
        b.put(v);
        b.put(name, 0, Math.min(name.length, b.remaining()));
        return b.array();
    }

    private static void fuzz(AuthProtocol method, long seed) {
        Random r = new Random(seed);
        Counting c = new Counting();
        var ctx = new AuthContext(TestConfig.options(List.of(method), TestConfig.mppe128(StatefulMppe.REFUSE)),
                () -> TestConfig.users("user0", "pw", "user1", MsChapCrypto.ntPasswordHash("x".toCharArray())),
                u -> LoginPolicy.ALLOW, new Random(seed), c, c);
        Authenticator a = method == AuthProtocol.PAP ? new PapServer(ctx) : new ChapServer(ctx, ChapMethod.of(method));
        a.start(0);
        int valueSize = method == AuthProtocol.PAP ? 0 : ChapMethod.of(method).responseLength();
        long now = 0;
        for (int i = 0; i < INPUTS; i++) {
            int before = c.total();
            a.receive(ByteBuffer.wrap(packet(r, valueSize)), now);
            assertTrue(c.total() > before, "every input is answered or counted");
            if (i % 5000 == 0) {
                now += 100_000_000_000L;
                a.poll(now);
                a = method == AuthProtocol.PAP ? new PapServer(ctx) : new ChapServer(ctx, ChapMethod.of(method));
                a.start(now);
            }
        }
    }

    @Test
    void msChapV2() {
        fuzz(AuthProtocol.MSCHAP_V2, 31);
    }

    @Test
    void msChapV1() {
        fuzz(AuthProtocol.MSCHAP_V1, 32);
    }

    @Test
    void chapMd5() {
        fuzz(AuthProtocol.CHAP_MD5, 33);
    }

    @Test
    void pap() {
        fuzz(AuthProtocol.PAP, 34);
    }
}
