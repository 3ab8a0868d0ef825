package io.pptp2wg.bridge.ip;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static io.pptp2wg.bridge.ip.Packets.hex;
import static io.pptp2wg.bridge.ip.Packets.ip;
import static io.pptp2wg.bridge.ip.Packets.tcpChecksum;
import static io.pptp2wg.bridge.ip.Packets.tcpSyn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TcpMssClampTest {
    private static final int A = ip("198.51.100.100");
    private static final int B = ip("203.0.113.5");

    @Test
    void clampsAlignedMssAndKeepsChecksumRight() {
        // MSS 1460, SACK-permitted, NOP, NOP
        ByteBuffer p = tcpSyn(A, B, hex("020405b4" + "04020101"), true);
        assertTrue(Ipv4Header.isValid(p));
        assertTrue(TcpMssClamp.clamp(p, 1340));
        assertEquals(1340, p.getShort(42) & 0xffff);
        assertEquals(tcpChecksum(p), p.getShort(36) & 0xffff);
    }

    @Test
    void clampsMssThatStartsOnAnOddByte() {
        // NOP, MSS 1460, NOP, NOP, NOP: the MSS value starts at an odd offset of the TCP header
        ByteBuffer p = tcpSyn(A, B, hex("01020405b4010101"), false);
        assertTrue(TcpMssClamp.clamp(p, 1200));
        assertEquals(1200, p.getShort(43) & 0xffff);
        assertEquals(tcpChecksum(p), p.getShort(36) & 0xffff);
    }

    @Test
    void leavesSmallerMssNonSynAndMalformedAlone() {
        ByteBuffer small = tcpSyn(A, B, hex("02040400"), false);
        assertFalse(TcpMssClamp.clamp(small, 1340));
        ByteBuffer ack = tcpSyn(A, B, hex("020405b4"), false);
        ack.put(33, (byte) 0x10);
        assertFalse(TcpMssClamp.clamp(ack, 1340));
        ByteBuffer badLen = tcpSyn(A, B, hex("0209000000000000"), false); // option length runs past the header
        assertFalse(TcpMssClamp.clamp(badLen, 1340));
        ByteBuffer zeroLen = tcpSyn(A, B, hex("02000000"), false);
        assertFalse(TcpMssClamp.clamp(zeroLen, 1340));
    }
}
