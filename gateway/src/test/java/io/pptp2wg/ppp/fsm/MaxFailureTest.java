package io.pptp2wg.ppp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.ppp.lcp.Lcp;
import io.pptp2wg.ppp.testing.TestConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 1661 §4.6 Max-Failure: after that many Naks in a row, the option is Rejected instead. */
class MaxFailureTest {
    @Test
    void nakTurnsIntoRejectAfterMaxFailure() {
        List<Integer> codes = new ArrayList<>();
        FsmIo io = new FsmIo() {
            @Override public void send(int protocol, ByteBuffer packet) { codes.add(packet.get(packet.position()) & 0xff); }
            @Override public void dropped(int protocol, String reason) { }
        };
        Lcp lcp = new Lcp(TestConfig.options(List.of(AuthProtocol.MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE)),
                new Random(1), new OptionListFuzzTest.NullLcpListener(), io, 1628);
        lcp.start(0);
        codes.clear();
        for (int i = 0; i < 7; i++) {
            // <mru 64>: below pppd's minimum, so we Nak with 128
            ByteBuffer req = ByteBuffer.wrap(new byte[] {1, (byte) i, 0, 8, 1, 4, 0, 64});
            lcp.receive(req, 0);
        }
        // Max-Failure is 5 (RFC 1661 default): five Naks, then Rejects
        assertEquals(List.of(3, 3, 3, 3, 3, 4, 4), codes);
    }
}
