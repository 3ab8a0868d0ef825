package io.pptp2wg.tests.lab;

/**
 * The only addresses a lab may configure or target: the RFC 5737 documentation ranges 192.0.2.0/24,
 * 198.51.100.0/24 and 203.0.113.0/24 (the project's network rule). Everything else is refused before
 * any command runs.
 */
public final class DocumentationAddresses {
    private static final String[] NETWORKS = {"192.0.2.", "198.51.100.", "203.0.113."};

    private DocumentationAddresses() {}

    /** True for an address, {@code address/prefix} (prefix 24..32) or {@code first-last} range within one of them. */
    public static boolean isDocumentation(String value) {
        if (value == null) {
            return false;
        }
        String v = value.strip();
        int slash = v.indexOf('/');
        if (slash >= 0) {
            int prefix;
            try {
                prefix = Integer.parseInt(v.substring(slash + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            // a shorter prefix would name addresses outside the /24
            return prefix >= 24 && prefix <= 32 && isDocumentation(v.substring(0, slash));
        }
        int dash = v.indexOf('-');
        if (dash >= 0) {
            String first = v.substring(0, dash);
            String last = v.substring(dash + 1);
            if (!isDocumentation(first)) {
                return false;
            }
            // pptpd style: 198.51.100.100-199, or a full second address
            return last.contains(".") ? isDocumentation(last) && sameNetwork(first, last) : isOctet(last);
        }
        for (String net : NETWORKS) {
            if (v.startsWith(net) && isOctet(v.substring(net.length()))) {
                return true;
            }
        }
        return false;
    }

    /** Returns {@code value}, or throws naming {@code what} when it is outside the documentation ranges. */
    public static String require(String what, String value) {
        if (!isDocumentation(value)) {
            throw new IllegalArgumentException(what + "=" + value
                    + " is outside 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24: refused (network rule for tests)");
        }
        return value.strip();
    }

    /** The address part of {@code a.b.c.d/len}. */
    public static String hostOf(String cidr) {
        int slash = cidr.indexOf('/');
        return slash < 0 ? cidr : cidr.substring(0, slash);
    }

    private static boolean sameNetwork(String a, String b) {
        return a.substring(0, a.lastIndexOf('.')).equals(b.substring(0, b.lastIndexOf('.')));
    }

    private static boolean isOctet(String s) {
        if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return Integer.parseInt(s) <= 255;
    }
}
