package io.pptp2wg.config.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The octets CHAP-MD5, PAP and the RADIUS shared secrets take from a secret: its UTF-8 text, as pppd reads the file. */
class SecretOctetsTest {
    @Test
    void aPasswordIsItsUtf8Text() {
        String text = "Pässwörd-€1";
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Secret.ofPassword(text.toCharArray()).passwordOctets());
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Secret.utf8(text.toCharArray()));
        assertArrayEquals(new byte[0], Secret.utf8(new char[0]));
    }

    @Test
    void anNtHashHasNoPasswordOctets() {
        assertThrows(IllegalStateException.class, () -> Secret.ofNtHash(new byte[Secret.NT_HASH_LENGTH]).passwordOctets());
    }
}
