package io.pptp2wg.dhcp;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ClasslessRoutesTest {
    @Test
    void encodesOnlyTheSignificantOctetsAsRfc3442Section5Shows() {
        // RFC 3442 §5: 0/0 → 0, 10.17/16 → 16.10.17, 10.27.129/24 → 24.10.27.129, 10.229.0.128/25 → 25.10.229.0.128
        ByteBuffer b = ByteBuffer.allocate(64);
        int router = 0xC0000201;
        for (Ipv4Prefix p : List.of(new Ipv4Prefix(0, 0), new Ipv4Prefix(0x0A110000, 16), new Ipv4Prefix(0x0A1B8100, 24),
                new Ipv4Prefix(0x0AE50080, 25))) {
            ClasslessRoutes.put(b, p, router);
        }
        assertEquals("00c0000201" + "100a11c0000201" + "180a1b81c0000201" + "190ae50080c0000201",
                HexFormat.of().formatHex(b.array(), 0, b.position()));
        var decoded = ClasslessRoutes.decode(b.flip());
        assertEquals(4, decoded.size());
        assertEquals(new Ipv4Prefix(0x0AE50080, 25), decoded.get(3).destination());
    }

    @Test
    void hostBitsAreClearedAndBadDataRefused() {
        assertEquals(0x0A000000, new Ipv4Prefix(0x0A0B0C0D, 8).network());
        assertNull(ClasslessRoutes.decode(ByteBuffer.wrap(new byte[] {33, 1, 2, 3, 4, 5, 6, 7, 8})));
        assertNull(ClasslessRoutes.decode(ByteBuffer.wrap(new byte[] {24, 10, 0, 0, 1, 2, 3})));
    }
}
