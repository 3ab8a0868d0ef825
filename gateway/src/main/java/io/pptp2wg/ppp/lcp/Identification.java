package io.pptp2wg.ppp.lcp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The peer's LCP Identification texts (RFC 1570 §2.3: code 12, Magic-Number, then a Message of any
 * length, not NUL-terminated; it needs no answer and may come in any LCP state). Windows sends its RAS
 * version and its computer name ("MSRASV5.20", "MSRAS-0-LAPTOP1"; "MSRAS-1-" with Messenger) right after
 * LCP opens, before its CHAP Response, and a binary blob as a third one (not kept). Kept cleaned and bounded: printable ASCII only, at most {@link #MAX_LENGTH} characters,
 * at most {@link #MAX_TEXTS} distinct texts per link. Not thread-safe (the link's thread).
 */
public final class Identification {
    /** RFC 1570 §2.3: the data starts with the sender's Magic-Number. */
    static final int MAGIC_LENGTH = 4;
    /** A Windows computer name is at most 15 (NetBIOS) or 63 (DNS label) characters; its prefix adds 8. */
    public static final int MAX_LENGTH = 80;
    /** Windows sends three per link; a peer that sends more is not telling us anything new. */
    public static final int MAX_TEXTS = 4;

    private final List<String> texts = new ArrayList<>(2);
    private long malformed;

    /** Takes one Identification packet's data (after the LCP header); false when too short to be one. */
    boolean receive(ByteBuffer data) {
        if (data.remaining() < MAGIC_LENGTH) {
            malformed++;
            return false;
        }
        String text = message(data.duplicate().position(data.position() + MAGIC_LENGTH));
        if (!text.isEmpty() && texts.size() < MAX_TEXTS && !texts.contains(text)) {
            texts.add(text);
        }
        return true;
    }

    /**
     * The Message as text: printable ASCII octets kept, others (control, NUL, 8-bit) dropped, then trimmed. A
     * Message that is mostly not printable (Windows' third Identification, a binary blob that differs from one
     * connection to the next) is not text: it gives "" and is not kept.
     */
    static String message(ByteBuffer message) {
        int length = message.remaining();
        int printable = 0;
        StringBuilder sb = new StringBuilder(Math.min(length, MAX_LENGTH));
        while (message.hasRemaining()) {
            int c = message.get() & 0xff;
            if (c >= 0x20 && c < 0x7f) {
                printable++;
                if (sb.length() < MAX_LENGTH) {
                    sb.append((char) c);
                }
            }
        }
        return printable * 2 < length ? "" : sb.toString().strip();
    }

    /** The distinct texts so far, in arrival order. */
    public List<String> texts() {
        return List.copyOf(texts);
    }

    /** Identification packets too short to hold a Magic-Number. */
    public long malformed() {
        return malformed;
    }
}
