package io.pptp2wg.config.text;

/**
 * One word of a pppd-style file (options, chap-secrets, pap-secrets).
 *
 * @param text       the word with quotes and escapes resolved
 * @param line       the 1-based line it starts on
 * @param firstOnLine whether it is the first word of its line (a secrets entry starts there)
 * @param quoted     whether any part of it was quoted (a quoted {@code *} is not a wildcard)
 */
public record Word(String text, int line, boolean firstOnLine, boolean quoted) {
    @Override
    public String toString() {
        return text + "@" + line;
    }
}
