package io.pptp2wg.admin.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Coverage-guided fuzz target (Jazzer) for the {@code wg show IFACE dump} parser, which reads text an operator
 * posts to the API. Contract: it returns peers or throws {@link HandshakeDump.Malformed}, nothing else; peers
 * are within the cap, each with its key and a line number inside the text, byte counts never negative; a
 * refusal never quotes a field of the text (the interface line holds the private key).
 * {@code mvn verify} replays {@code HandshakeDumpFuzzTestInputs/}; tools/fuzz.sh fuzzes it.
 */
class HandshakeDumpFuzzTest {

    @FuzzTest
    void dumpText(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        long lines = text.chars().filter(c -> c == '\n').count() + 1;
        try {
            List<HandshakeDump.PeerLine> peers = HandshakeDump.parse(text);
            assertTrue(peers.size() <= HandshakeDump.MAX_PEERS);
            for (HandshakeDump.PeerLine p : peers) {
                assertNotNull(p.publicKey());
                assertTrue(p.line() >= 1 && p.line() <= lines, "line " + p.line());
                assertTrue(p.rxBytes() >= 0 && p.txBytes() >= 0, "bytes " + p.rxBytes() + "/" + p.txBytes());
            }
        } catch (HandshakeDump.Malformed e) {
            String message = e.getMessage();
            assertNotNull(message);
            for (String line : text.split("\n")) {
                for (String field : line.split("\t")) {
                    if (field.strip().length() >= 40) { // a key is 44 base64 characters
                        assertFalse(message.contains(field.strip()), "a refusal quotes the text: " + message);
                    }
                }
            }
        }
    }
}
