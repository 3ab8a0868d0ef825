package io.pptp2wg.config;

import org.junit.jupiter.api.Test;

import static io.pptp2wg.config.Fixtures.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressListTest {
    @Test
    void pptpdRangeForms() {
        AddressList l = AddressList.parse("192.0.2.234-238,192.0.2.245,198.51.100.1-198.51.100.3").list().orElseThrow();
        assertEquals(9, l.size());
        assertEquals(ip("192.0.2.234"), l.get(0).orElseThrow());
        assertEquals(ip("192.0.2.245"), l.get(5).orElseThrow());
        assertEquals(ip("198.51.100.3"), l.get(8).orElseThrow());
        assertTrue(l.get(9).isEmpty());
        assertTrue(l.contains(ip("192.0.2.236")));
    }

    @Test
    void refusals() {
        assertEquals("'192.0.2' is not an IPv4 address", AddressList.parse("192.0.2").error());
        assertEquals("range end 300 is not an octet (0-255) in '192.0.2.1-300'", AddressList.parse("192.0.2.1-300").error());
        assertEquals("empty item in address list '192.0.2.1,'", AddressList.parse("192.0.2.1,").error());
        assertTrue(AddressList.parse("0.0.0.0-255.255.255.255").error().contains("more than"));
    }
}
