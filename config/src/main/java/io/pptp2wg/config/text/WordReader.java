package io.pptp2wg.config.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a pppd-style file into words the way pppd's {@code getword()} does: words are separated
 * by white space (CR of CRLF files included); {@code #} at the start of a word comments out the
 * rest of the line; single or double quotes group white space into a word; backslash escapes
 * ({@code \\ \" \' \n \t \r \s}, octal {@code \ddd}, hex {@code \xhh}) work inside and outside
 * quotes, and a backslash before a newline joins the lines.
 */
public final class WordReader {
    private WordReader() {}

    /** A word that runs into the end of the file inside quotes. */
    public record Unterminated(int line) {}

    public record Result(List<Word> words, List<Unterminated> unterminated) {}

    public static Result read(String content) {
        List<Word> words = new ArrayList<>();
        List<Unterminated> unterminated = new ArrayList<>();
        int n = content.length();
        int i = 0;
        int line = 1;
        boolean atLineStart = true;
        while (i < n) {
            char c = content.charAt(i);
            if (c == '\n') {
                line++;
                atLineStart = true;
                i++;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b) {
                i++;
                continue;
            }
            if (c == '#') {
                while (i < n && content.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            // a word starts here
            int startLine = line;
            StringBuilder text = new StringBuilder();
            boolean quotedAny = false;
            char quote = 0;
            while (i < n) {
                c = content.charAt(i);
                if (quote == 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b)) {
                    break;
                }
                if (c == '\\' && i + 1 < n) {
                    i = escape(content, i + 1, text);
                    if (content.charAt(i - 1) == '\n') {
                        line++;
                    }
                    continue;
                }
                if (quote != 0 && c == quote) {
                    quote = 0;
                    i++;
                    continue;
                }
                if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                    quotedAny = true;
                    i++;
                    continue;
                }
                if (c == '\n') {
                    line++;
                }
                text.append(c);
                i++;
            }
            if (quote != 0) {
                unterminated.add(new Unterminated(startLine));
            }
            words.add(new Word(text.toString(), startLine, atLineStart, quotedAny));
            atLineStart = false;
        }
        return new Result(words, unterminated);
    }

    /** Resolves the escape whose character is at {@code i}; returns the index after it. */
    private static int escape(String s, int i, StringBuilder out) {
        char c = s.charAt(i);
        switch (c) {
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case 's' -> out.append(' ');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'a' -> out.append((char) 7);
            case 'v' -> out.append((char) 0x0b);
            case '\n' -> { /* line continuation: nothing */ }
            case 'x' -> {
                int end = i + 1;
                int value = 0;
                while (end < s.length() && end < i + 3 && Character.digit(s.charAt(end), 16) >= 0) {
                    value = value * 16 + Character.digit(s.charAt(end), 16);
                    end++;
                }
                if (end == i + 1) {
                    out.append('x');
                    return i + 1;
                }
                out.append((char) value);
                return end;
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int end = i;
                    int value = 0;
                    while (end < s.length() && end < i + 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
                        value = value * 8 + (s.charAt(end) - '0');
                        end++;
                    }
                    out.append((char) value);
                    return end;
                }
                out.append(c);
            }
        }
        return i + 1;
    }
}
