package io.pptp2wg.ppp.lcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pptp2wg.session.PppTraits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 1570 §2.3 Identification as Windows sends it, and as a hostile peer might. */
class IdentificationTest {
    static ByteBuffer data(int magic, byte[] message) {
        return ByteBuffer.allocate(4 + message.length).putInt(magic).put(message).flip();
    }

    static ByteBuffer data(String message) {
        return data(0x1234abcd, message.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void windowsSendsItsRasVersionAndItsComputerName() {
        Identification id = new Identification();
        assertTrue(id.receive(data("MSRASV5.20")));
        assertTrue(id.receive(data("MSRAS-0-LAPTOP1")));
        // the binary third, as pppd logs one: "\002\37777777632`!\37777777753LbH\37777777617..." (mostly not text)
        assertTrue(id.receive(data(0x1234abcd, new byte[] {0x02, (byte) 0x9a, '`', '!', (byte) 0xeb, 'L', 'b', 'H',
                (byte) 0x8f, (byte) 0xab, 'p', '/', (byte) 0xe0, (byte) 0xae, (byte) 0xea, (byte) 0xea})));
        assertEquals(List.of("MSRASV5.20", "MSRAS-0-LAPTOP1"), id.texts());
        assertEquals("LAPTOP1", new PppTraits(id.texts(), PppTraits.NameForm.UNSEEN).identificationHost().orElseThrow());
        assertEquals("PC2", new PppTraits(List.of("MSRAS-1-PC2"), PppTraits.NameForm.UNSEEN).identificationHost()
                .orElseThrow(), "with Messenger");
    }

    @Test
    void repeatsAreKeptOnceAndAtMostAFewTextsPerLink() {
        Identification id = new Identification();
        for (int i = 0; i < 3; i++) {
            id.receive(data("MSRASV5.20"));
        }
        for (int i = 0; i < 100; i++) {
            id.receive(data("text " + i));
        }
        assertEquals(Identification.MAX_TEXTS, id.texts().size());
        assertEquals("MSRASV5.20", id.texts().get(0));
    }

    @Test
    void tooShortForAMagicNumberIsMalformedAndCounted() {
        Identification id = new Identification();
        assertFalse(id.receive(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertTrue(id.receive(ByteBuffer.wrap(new byte[] {1, 2, 3, 4})), "an empty Message is allowed");
        assertEquals(1, id.malformed());
        assertEquals(List.of(), id.texts());
    }

    @Test
    void controlCharactersAreRemovedAndTheLengthBounded() {
        Identification id = new Identification();
        id.receive(data(1, "MSRAS-0-\u0000PC\r\n\u001b[2J\u00ff".getBytes(StandardCharsets.ISO_8859_1)));
        id.receive(data("A".repeat(2000)));
        assertEquals("MSRAS-0-PC[2J", id.texts().get(0));
        assertEquals(Identification.MAX_LENGTH, id.texts().get(1).length());
    }

    @Test
    void hostileDataNeverEscapes() {
        Random r = new Random(1570);
        Identification id = new Identification();
        for (int i = 0; i < 100_000; i++) {
            byte[] b = new byte[r.nextInt(r.nextBoolean() ? 8 : 300)];
            r.nextBytes(b);
            ByteBuffer buf = ByteBuffer.wrap(b);
            int position = r.nextInt(b.length + 1);
            buf.position(position);
            assertEquals(b.length - position >= 4, id.receive(buf));
            assertEquals(position, buf.position(), "the packet is only read");
        }
        assertTrue(id.texts().size() <= Identification.MAX_TEXTS);
        for (String t : id.texts()) {
            assertTrue(t.length() <= Identification.MAX_LENGTH && t.chars().allMatch(c -> c >= 0x20 && c < 0x7f), t);
        }
    }
}
