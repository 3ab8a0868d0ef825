package io.pptp2wg.ppp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
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

/**
 * Coverage-guided fuzz target (Jazzer) for PPP frames and the option lists inside them, fed raw into a server
 * link: negotiating (MS-CHAPv2 + MPPE), open with MPPE, or open with PAP and no encryption, as the first input
 * byte says. Contract: every frame is counted received, the drop counters never go back, the link answers
 * each frame with a bounded number of frames, and nothing escapes.
 * {@code mvn verify} replays {@code PppLinkFuzzTestInputs/}; tools/fuzz.sh fuzzes it.
 */
class PppLinkFuzzTest {

    private static Wire link(int mode) {
        if (mode == 2) {
            TestPppClient.Settings s = new TestPppClient.Settings();
            s.mppe = false;
            s.accepts = List.of(AuthProtocol.PAP);
            Wire w = Wire.of(TestConfig.config(TestConfig.options(List.of(AuthProtocol.PAP), MppePolicy.refused(),
                    0, 0, 0, 0, false), TestConfig.users("test", "test"), LoginPolicy.allowAll(), new TestAddresses(1), 13), s, 13);
            w.start();
            assertTrue(w.server.isNetworkOpen());
            return w;
        }
        Wire w = Wire.of(TestConfig.config(TestConfig.options(List.of(AuthProtocol.MSCHAP_V2),
                        TestConfig.mppe128(StatefulMppe.REFUSE), 0, 0, 0, 0, false),
                TestConfig.users("test", "test"), LoginPolicy.allowAll(), new TestAddresses(1), 11),
                new TestPppClient.Settings(), 11);
        if (mode == 1) {
            w.start();
            assertTrue(w.server.isNetworkOpen());
        } else {
            w.server.start(w.now, w.out);
        }
        return w;
    }

    @FuzzTest
    void framesIntoServerLink(FuzzedDataProvider data) {
        Wire w = link(data.consumeInt(0, 2));
        w.out.frames.clear();
        long frames = w.server.counters().framesReceived();
        for (int i = 0; i < 64 && data.remainingBytes() > 0; i++) {
            byte[] f = data.consumeBytes(data.consumeInt(0, 300));
            long drops = w.server.counters().droppedTotal();
            w.server.receiveFrame(ByteBuffer.wrap(f), w.now, w.out);
            frames++;
            assertEquals(frames, w.server.counters().framesReceived(), "every frame counted");
            assertTrue(w.server.counters().droppedTotal() >= drops);
            assertTrue(w.out.frames.size() <= 4, "bounded output per input: " + w.out.frames.size());
            w.out.frames.clear();
            w.out.ips.clear();
            if (data.consumeBoolean()) {
                w.now += 700_000_000L;
                w.server.poll(w.now, w.out);
                w.out.frames.clear();
            }
            if (!w.out.events(PppLinkEvent.Closed.class).isEmpty()) {
                return;
            }
        }
    }
}
