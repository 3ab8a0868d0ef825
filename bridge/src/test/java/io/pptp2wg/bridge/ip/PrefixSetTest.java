package io.pptp2wg.bridge.ip;

import org.junit.jupiter.api.Test;

import static io.pptp2wg.bridge.ip.Packets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefixSetTest {
    @Test
    void matchesPrefixesAndClearsHostBits() {
        PrefixSet s = PrefixSet.of(new int[] {ip("203.0.113.77"), ip("198.51.100.9")}, new int[] {24, 32});
        assertTrue(s.contains(ip("203.0.113.0")));
        assertTrue(s.contains(ip("203.0.113.255")));
        assertTrue(s.contains(ip("198.51.100.9")));
        assertFalse(s.contains(ip("198.51.100.10")));
        assertFalse(s.contains(ip("192.0.2.1")));
        assertEquals("203.0.113.0/24,198.51.100.9/32", s.toString());
        assertTrue(PrefixSet.of(new int[] {0}, new int[] {0}).contains(ip("192.0.2.1")), "0.0.0.0/0 matches all");
    }
}
