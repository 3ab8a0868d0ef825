package io.pptp2wg.bridge.ip;

import io.pptp2wg.ip.InternetChecksum;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static io.pptp2wg.bridge.ip.Packets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IcmpFragmentationNeededTest {
    @Test
    void quotesTheHeaderAndCarriesTheMtu() {
        ByteBuffer big = Packets.tcpSyn(ip("198.51.100.100"), ip("203.0.113.5"), Packets.hex("020405b4"), true);
        ByteBuffer out = ByteBuffer.allocate(IcmpFragmentationNeeded.MAX_LENGTH);
        int n = IcmpFragmentationNeeded.write(big, ip("198.51.100.1"), 1420, out);
        out.limit(n);
        assertTrue(Ipv4Header.isValid(out));
        assertEquals(20 + 8 + 28, n);
        assertEquals(ip("198.51.100.100"), Ipv4Header.destination(out));
        assertEquals(ip("198.51.100.1"), Ipv4Header.source(out));
        assertEquals(0, InternetChecksum.checksum(out, 0, 20), "IP header checksum verifies");
        assertEquals(0, InternetChecksum.checksum(out, 20, n - 20), "ICMP checksum verifies");
        assertEquals(3, out.get(20));
        assertEquals(4, out.get(21));
        assertEquals(1420, out.getShort(26) & 0xffff);
        assertEquals(big.getInt(12), out.getInt(28 + 12), "the original header is quoted");
    }
}
