package io.pptp2wg.ppp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.ppp.testing.TestAddresses;
import io.pptp2wg.ppp.testing.TestConfig;
import io.pptp2wg.ppp.testing.TestPppClient;
import io.pptp2wg.ppp.testing.Wire;
import io.pptp2wg.session.LoginPolicy;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Single packets against an open link: the LCP codes beyond negotiation and the frame forms. */
class LinkBehaviourTest {
    private static final HexFormat HEX = HexFormat.of();

    private static Wire open() {
        Wire w = Wire.of(TestConfig.config(TestConfig.options(List.of(AuthProtocol.MSCHAP_V2),
                TestConfig.mppe128(StatefulMppe.REFUSE)), TestConfig.users("test", "test"), LoginPolicy.allowAll(),
                new TestAddresses(1), 5), new TestPppClient.Settings(), 5).start();
        assertTrue(w.server.isNetworkOpen());
        w.out.frames.clear();
        return w;
    }

    private static byte[] send(Wire w, String hexFrame) {
        w.server.receiveFrame(ByteBuffer.wrap(HEX.parseHex(hexFrame)), w.now, w.out);
        return w.out.frames.poll();
    }

    @Test
    void unknownLcpCodeIsCodeRejectedWithThePacket() {
        Wire w = open();
        byte[] reply = send(w, "ff03c021" + "2a070006beef");
        assertEquals("ff03c021" + "07", HEX.formatHex(reply).substring(0, 10));
        assertTrue(HEX.formatHex(reply).endsWith("2a070006beef"));
    }

    @Test
    void identificationIsAcceptedSilently() {
        Wire w = open();
        long drops = w.server.counters().droppedTotal();
        assertEquals(null, send(w, "ff03c021" + "0c01000c" + "00000000" + "4d535241"));
        assertEquals(drops, w.server.counters().droppedTotal());
    }

    @Test
    void echoRequestIsAnsweredWithOurMagicAndTheData() {
        Wire w = open();
        byte[] reply = send(w, "ff03c021" + "09220010" + "01020304" + "6461746164617461");
        String r = HEX.formatHex(reply);
        assertTrue(r.startsWith("ff03c021" + "0a220010"), r);
        assertTrue(r.endsWith("6461746164617461"), r);
        assertTrue(!r.substring(16, 24).equals("01020304"), "our magic, not theirs");
    }

    @Test
    void unknownProtocolIsProtocolRejected() {
        Wire w = open();
        assertEquals(1, w.server.counters().dropped(PppCounters.Drop.PROTOCOL_REJECTED), "the client's IPV6CP, while opening");
        byte[] reply = send(w, "ff03" + "8057" + "0101000e010a1122334455667788");
        String r = HEX.formatHex(reply);
        assertTrue(r.startsWith("ff03c021" + "08"), r);
        assertTrue(r.substring(16).startsWith("8057" + "0101000e"), r);
        assertEquals(2, w.server.counters().dropped(PppCounters.Drop.PROTOCOL_REJECTED));
    }

    @Test
    void compressedHeadersAreAcceptedOnReceive() {
        Wire w = open();
        // LCP Echo-Request without the address/control field (allowed on receive even for LCP)
        byte[] reply = send(w, "c021" + "09230008" + "01020304");
        assertTrue(HEX.formatHex(reply).startsWith("ff03c021" + "0a23"), "LCP is always sent with FF 03");
        // an MPPE data frame with a one-octet protocol field and no address/control field
        w.client.sendIp(new byte[] {0x45, 0, 0, 20, 1, 2, 3, 4, 64, 1, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2});
        byte[] frame = w.client.toServer.removeLast();
        assertEquals("fd", HEX.formatHex(frame, 0, 1), "the client compresses, as LCP agreed");
        w.server.receiveFrame(ByteBuffer.wrap(frame), w.now, w.out);
        assertEquals(1, w.out.ips.size());
    }

    @Test
    void ourDataFramesAreCompressedAsTheClientAgreed() {
        Wire w = open();
        w.server.sendIp(ByteBuffer.wrap(new byte[40]), w.now, w.out);
        assertEquals("fd", HEX.formatHex(w.out.frames.peek(), 0, 1));
    }

    @Test
    void frameLayerRejectsAreCounted() {
        Wire w = open();
        send(w, "ff04c021");
        send(w, "");
        send(w, "0202");
        assertEquals(3, w.server.counters().dropped(PppCounters.Drop.MALFORMED_FRAME));
        send(w, "c223" + "0201ffff");
        assertEquals(1, w.server.counters().dropped(PppCounters.Drop.AUTHENTICATION));
    }

    @Test
    void frameCodecRoundTrips() {
        byte[] out = new byte[4];
        for (boolean acfc : new boolean[] {false, true}) {
            for (boolean pfc : new boolean[] {false, true}) {
                for (int protocol : new int[] {PppProtocol.IP, PppProtocol.COMPRESSED_DATAGRAM, PppProtocol.LCP, PppProtocol.IPCP}) {
                    int n = PppFrame.writeHeader(out, 0, protocol, acfc, pfc);
                    assertEquals(n, PppFrame.headerLength(protocol, acfc, pfc));
                    ByteBuffer b = ByteBuffer.wrap(out, 0, n);
                    assertEquals(protocol, PppFrame.readHeader(b));
                    assertEquals(n, b.position());
                }
            }
        }
        assertArrayEquals(new byte[] {(byte) 0xff, 0x03, (byte) 0xc0, 0x21},
                java.util.Arrays.copyOf(out, PppFrame.writeHeader(out, 0, PppProtocol.LCP, true, true)));
    }

    @Test
    void silentPeerEndsLcpAfterMaxConfigureRequests() {
        Wire w = Wire.of(TestConfig.config(TestConfig.options(List.of(AuthProtocol.MSCHAP_V2),
                TestConfig.mppe128(StatefulMppe.REFUSE)), TestConfig.users("test", "test"), LoginPolicy.allowAll(),
                new TestAddresses(1), 5), new TestPppClient.Settings(), 5);
        w.dropToClient = f -> true;
        w.server.start(w.now, w.out);
        w.advance(29);
        assertTrue(w.out.events.isEmpty());
        w.advance(5);
        assertEquals(10, w.framesToClient, "Max-Configure (10) Configure-Requests, 3 s apart");
        assertEquals(List.of(new PppLinkEvent.Closed("LCP: timeout sending Config-Requests")), w.out.events);
        assertEquals(Long.MAX_VALUE, w.server.nextDeadlineNanos());
    }
}
