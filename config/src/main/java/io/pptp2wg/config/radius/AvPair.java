package io.pptp2wg.config.radius;

/**
 * pppd's radius plugin {@code avpair ATTR=VALUE}: an attribute added to every request. The name is
 * resolved against the built-in dictionary (RFC 2865/2866 and Microsoft, RFC 2548) when the client starts.
 *
 * @param attribute the attribute name as written, e.g. {@code Service-Type}
 * @param value     the value as written (a number, an address, a name from the dictionary or text)
 * @param file      where it was written
 * @param line      its line
 */
public record AvPair(String attribute, String value, String file, int line) {
    /** {@code ATTR=VALUE}, or null when there is no '=' or no name. */
    public static AvPair parse(String word, String file, int line) {
        int eq = word.indexOf('=');
        if (eq <= 0) {
            return null;
        }
        return new AvPair(word.substring(0, eq).strip(), word.substring(eq + 1).strip(), file, line);
    }
}
