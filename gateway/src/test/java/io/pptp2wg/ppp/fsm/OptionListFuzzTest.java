package io.pptp2wg.ppp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.ppp.ccp.Ccp;
import io.pptp2wg.ppp.ipcp.Ipcp;
import io.pptp2wg.ppp.lcp.Lcp;
import io.pptp2wg.ppp.testing.TestConfig;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 100,000 generated option lists each for LCP, IPCP and CCP, through the real protocol objects:
 * a malformed list is always reported MALFORMED (and never answered), a Reject only echoes options
 * of the request, a Nak or Reject never exceeds the room, and nothing throws.
 */
class OptionListFuzzTest {
    private static final int INPUTS = 100_000;

    static byte[] optionList(Random r, int[] knownTypes) {
        int n = r.nextInt(8);
        ByteBuffer b = ByteBuffer.allocate(600);
        for (int i = 0; i < n; i++) {
            int type = r.nextInt(3) == 0 ? r.nextInt(256) : knownTypes[r.nextInt(knownTypes.length)];
            int valueLength = r.nextInt(10) == 0 ? r.nextInt(40) : r.nextInt(7);
            int declared = r.nextInt(20) == 0 ? r.nextInt(256) : 2 + valueLength;
            b.put((byte) type).put((byte) declared);
            byte[] v = new byte[valueLength];
            r.nextBytes(v);
            if (r.nextBoolean() && valueLength == 4) {
                v = new byte[] {0, 0, 0, 0};
            }
            b.put(v);
        }
        if (r.nextInt(30) == 0) {
            b.put((byte) r.nextInt(256)); // a dangling octet
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    static final class NullIo implements FsmIo {
        int sent;
        @Override public void send(int protocol, ByteBuffer packet) { sent++; }
        @Override public void dropped(int protocol, String reason) { }
    }

    private static void fuzz(NegotiatingProtocol p, int[] types, long seed) {
        Random r = new Random(seed);
        ByteBuffer response = ByteBuffer.allocate(1600);
        for (int i = 0; i < INPUTS; i++) {
            byte[] list = optionList(r, types);
            boolean wellFormed = OptionList.wellFormed(ByteBuffer.wrap(list));
            response.clear();
            ConfigVerdict v = p.checkRequest(ByteBuffer.wrap(list), r.nextInt(5) == 0, response);
            assertEquals(!wellFormed, v == ConfigVerdict.MALFORMED, "malformed lists are recognised");
            response.flip();
            assertTrue(OptionList.wellFormed(response.duplicate()), "our answer is a well-formed list");
            if (v == ConfigVerdict.REJECT) {
                String request = java.util.HexFormat.of().formatHex(list);
                OptionList.forEach(response.duplicate(), (type, value, off, len) -> {
                    byte[] raw = new byte[len];
                    response.duplicate().position(off).get(raw);
                    assertTrue(request.contains(java.util.HexFormat.of().formatHex(raw)), "a Reject echoes the request");
                    return true;
                });
            }
            if (v == ConfigVerdict.ACK) {
                assertEquals(0, response.remaining());
                p.requestAcked(ByteBuffer.wrap(list));
            }
            // the same lists as answers to our own request
            p.nakReceived(ByteBuffer.wrap(list), r.nextBoolean());
            p.rejectReceived(ByteBuffer.wrap(list));
            p.ackReceived(ByteBuffer.wrap(list));
            if (i % 1000 == 0) {
                p.resetRequest();
            }
            ByteBuffer ours = ByteBuffer.allocate(1600);
            p.writeRequest(ours);
            assertTrue(OptionList.wellFormed(ours.flip()));
            p.negotiator().describe(ByteBuffer.wrap(list));
        }
    }

    @Test
    void lcpOptionLists() {
        var options = TestConfig.options(List.of(AuthProtocol.MSCHAP_V2, AuthProtocol.PAP), TestConfig.mppe128(StatefulMppe.ALLOW));
        Lcp lcp = new Lcp(options, new Random(1), new NullLcpListener(), new NullIo(), 1628);
        fuzz(lcp, new int[] {1, 2, 3, 4, 5, 7, 8, 13, 17, 19}, 21);
    }

    @Test
    void ipcpOptionLists() {
        var options = TestConfig.options(List.of(AuthProtocol.MSCHAP_V2), TestConfig.mppe128(StatefulMppe.ALLOW));
        Ipcp ipcp = new Ipcp(options, TestConfig.LOCAL, new Random(2), new Ipcp.Listener() {
            @Override public void ipcpUp() { }
            @Override public void ipcpDown() { }
            @Override public void ipcpFinished() { }
        }, new NullIo(), 1628);
        ipcp.assign(0xC6336464);
        fuzz(ipcp, new int[] {1, 2, 3, 129, 130, 131, 132}, 22);
    }

    @Test
    void ccpOptionLists() {
        for (StatefulMppe mode : StatefulMppe.values()) {
            var options = TestConfig.options(List.of(AuthProtocol.MSCHAP_V2), TestConfig.mppe128(mode));
            Ccp ccp = new Ccp(options, new Random(3), new Ccp.Listener() {
                @Override public void ccpUp() { }
                @Override public void ccpDown() { }
                @Override public void ccpFinished() { }
                @Override public void ccpFailed(String reason) { }
                @Override public void resetRequested() { }
            }, new NullIo(), 1628);
            fuzz(ccp, new int[] {18, 18, 18, 17, 21, 24, 26}, 23 + mode.ordinal());
        }
    }

    static final class NullLcpListener implements Lcp.Listener {
        @Override public void lcpUp() { }
        @Override public void lcpDown() { }
        @Override public void lcpFinished() { }
        @Override public void protocolRejected(int protocol) { }
        @Override public void peerDead(String reason) { }
        @Override public void negotiationFailed(String reason) { }
    }
}
