package io.pptp2wg.radius;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzz target (Jazzer) for the RADIUS client core's reply path, while an MS-CHAPv2 login waits:
 * replies whose attributes are the fuzzer's, most of them with a right Response Authenticator and Message-Authenticator
 * (the vectors' secret and Request Authenticator), so that the attribute parser, the MS-CHAP2-Success check and the
 * RFC 2548 key decryption are reached, not only the signature checks (RadiusReplyHostileTest covers those with
 * seeded random bytes). Contract: nothing throws; at most one answer reaches the login, and a dropped reply is counted.
 * {@code mvn verify} replays {@code RadiusReplyFuzzTestInputs/}; tools/fuzz.sh fuzzes it.
 */
class RadiusReplyFuzzTest {
    private static final Map<String, byte[]> V = RadiusTesting.vectors();
    private static final byte[] SECRET = V.get("secret");
    private static final byte[] REQUEST_AUTHENTICATOR = V.get("request_authenticator");
    private static final int ID = V.get("identifier")[0] & 0xff;

    @FuzzTest
    void replies(FuzzedDataProvider data) {
        List<RadiusReply> answers = new ArrayList<>();
        RadiusAuthClient c = new RadiusAuthClient(RadiusTesting.conf(new String(SECRET, StandardCharsets.US_ASCII), 1, 3, 3),
                "gw1", List.of(), new RadiusTesting.FixedRandom(REQUEST_AUTHENTICATOR, ID), (s, d) -> { }, n -> { });
        c.submit(RadiusTesting.msChapV2Login(V.get("chap_id")[0] & 0xff), 0, answers::add);
        int sent = 0;
        for (int i = 0; i < 4 && data.remainingBytes() > 0; i++) {
            c.receive(0, reply(data), i + 1);
            sent++;
        }
        long dropped = c.drops().values().stream().mapToLong(Long::longValue).sum();
        assertTrue(answers.size() <= 1, "one login, one answer: " + answers);
        assertTrue(dropped + answers.size() >= sent, "every reply answered or counted: " + c.drops());
    }

    /** Code and attributes from the fuzzer; signed (Message-Authenticator last, then the Response Authenticator) unless it says not. */
    private static byte[] reply(FuzzedDataProvider data) {
        int code = data.pickValue(new int[] {RadiusWire.ACCESS_ACCEPT, RadiusWire.ACCESS_REJECT, RadiusWire.ACCESS_CHALLENGE,
                data.consumeInt(0, 255)});
        boolean sign = data.consumeProbabilityDouble() < 0.9;
        boolean messageAuthenticator = data.consumeProbabilityDouble() < 0.9;
        byte[] attributes = data.consumeBytes(data.consumeInt(0, 400));
        int length = RadiusWire.HEADER_LENGTH + attributes.length + (messageAuthenticator ? 18 : 0);
        byte[] d = new byte[Math.min(length, 4096)];
        d[0] = (byte) code;
        d[1] = (byte) ID;
        d[2] = (byte) (d.length >> 8);
        d[3] = (byte) d.length;
        System.arraycopy(attributes, 0, d, RadiusWire.HEADER_LENGTH, Math.min(attributes.length, d.length - RadiusWire.HEADER_LENGTH));
        if (messageAuthenticator && d.length >= RadiusWire.HEADER_LENGTH + attributes.length + 18) {
            int at = RadiusWire.HEADER_LENGTH + attributes.length;
            d[at] = (byte) RadiusWire.MESSAGE_AUTHENTICATOR;
            d[at + 1] = 18;
            if (sign) {
                byte[] mac = RadiusPackets.hmac(d, at + 2, SECRET, REQUEST_AUTHENTICATOR);
                System.arraycopy(mac, 0, d, at + 2, mac.length);
            }
        }
        if (sign) {
            RadiusPackets.signResponse(d, SECRET, REQUEST_AUTHENTICATOR);
        }
        return d;
    }
}
