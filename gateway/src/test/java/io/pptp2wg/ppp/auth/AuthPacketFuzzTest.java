package io.pptp2wg.ppp.auth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.ppp.testing.TestConfig;
import io.pptp2wg.session.LoginPolicy;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

/**
 * Coverage-guided fuzz target (Jazzer) for CHAP (MD5, MS-CHAPv1, MS-CHAPv2) and PAP packets into the server's
 * authenticator, the method picked by the first input byte. Contract: every packet is either answered (sent,
 * a verdict, a repeated verdict) or counted as dropped, and nothing throws.
 * {@code mvn verify} replays {@code AuthPacketFuzzTestInputs/}; tools/fuzz.sh fuzzes it.
 */
class AuthPacketFuzzTest {
    private static final AuthProtocol[] METHODS = {AuthProtocol.MSCHAP_V2, AuthProtocol.MSCHAP_V1,
            AuthProtocol.CHAP_MD5, AuthProtocol.PAP};

    @FuzzTest
    void chapAndPapPackets(FuzzedDataProvider data) {
        AuthProtocol method = METHODS[data.consumeInt(0, METHODS.length - 1)];
        AuthFuzzTest.Counting c = new AuthFuzzTest.Counting();
        var ctx = new AuthContext(TestConfig.options(List.of(method), TestConfig.mppe128(StatefulMppe.REFUSE)),
                () -> TestConfig.users("user0", "pw", "user1", MsChapCrypto.ntPasswordHash("x".toCharArray())),
                u -> LoginPolicy.ALLOW, new Random(1), c, c);
        Authenticator a = method == AuthProtocol.PAP ? new PapServer(ctx) : new ChapServer(ctx, ChapMethod.of(method));
        long now = 0;
        a.start(now);
        for (int i = 0; i < 32 && data.remainingBytes() > 0; i++) {
            byte[] packet = data.consumeBytes(data.consumeInt(0, 120));
            int before = c.total();
            a.receive(ByteBuffer.wrap(packet), now);
            assertTrue(c.total() > before, "every input is answered or counted");
            if (data.consumeBoolean()) {
                now += data.consumeLong(0, 30_000_000_000L);
                a.poll(now);
            }
        }
    }
}
