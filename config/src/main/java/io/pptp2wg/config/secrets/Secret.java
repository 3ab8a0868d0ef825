package io.pptp2wg.config.secrets;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A user's secret from chap-secrets or pap-secrets: either the password itself or (beyond what pppd
 * reads) its NT hash, written {@code $NT$} followed by 32 hex digits, so that a host need not keep
 * plaintext passwords for MS-CHAP users. Never printed: {@link #toString()} is a mask. Copies are handed
 * out so that callers can zero them when done; {@link #destroy()} zeroes this one.
 */
public final class Secret {
    /** Marks a secret stored as an NT hash (MD4 of the UTF-16LE password, RFC 2759 §8.3). */
    public static final String NT_HASH_PREFIX = "$NT$";
    /** An NT hash is an MD4 digest, RFC 1320. */
    public static final int NT_HASH_LENGTH = 16;

    private final char[] password;
    private final byte[] ntHash;

    private Secret(char[] password, byte[] ntHash) {
        this.password = password;
        this.ntHash = ntHash;
    }

    public static Secret ofPassword(char[] password) {
        return new Secret(password.clone(), null);
    }

    public static Secret ofNtHash(byte[] hash) {
        if (hash.length != NT_HASH_LENGTH) {
            throw new IllegalArgumentException("an NT hash has " + NT_HASH_LENGTH + " bytes");
        }
        return new Secret(null, hash.clone());
    }

    /** Reads a secrets-file value: {@code $NT$<32 hex>} is an NT hash, anything else a password. */
    static Secret fromFileValue(String value) {
        if (value.startsWith(NT_HASH_PREFIX) && value.length() == NT_HASH_PREFIX.length() + 2 * NT_HASH_LENGTH) {
            String hex = value.substring(NT_HASH_PREFIX.length());
            if (hex.chars().allMatch(HexFormat::isHexDigit)) { // ASCII only, as parseHex: Character.digit takes other scripts' digits
                return ofNtHash(HexFormat.of().parseHex(hex));
            }
        }
        return new Secret(value.toCharArray(), null);
    }

    /** Whether the plaintext is known (PAP, CHAP-MD5 need it; MS-CHAP works from the NT hash too). */
    public boolean hasPassword() {
        return password != null;
    }

    public boolean isNtHash() {
        return ntHash != null;
    }

    /** A copy of the password; the caller zeroes it. Throws if only the NT hash is stored. */
    public char[] password() {
        if (password == null) {
            throw new IllegalStateException("only the NT hash of this secret is stored");
        }
        return password.clone();
    }

    /** The password's octets as pppd and RADIUS take them (its UTF-8 text): a fresh array the caller zeroes. */
    public byte[] passwordOctets() {
        char[] pw = password();
        try {
            return utf8(pw);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    /** {@code text} as UTF-8 octets without making a String of it, the encoder's buffer zeroed; the caller zeroes both. */
    public static byte[] utf8(char[] text) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        if (b.hasArray()) {
            Arrays.fill(b.array(), (byte) 0);
        }
        return out;
    }

    /** A copy of the stored NT hash; the caller zeroes it. Throws if the password is stored instead. */
    public byte[] storedNtHash() {
        if (ntHash == null) {
            throw new IllegalStateException("this secret is stored as a password");
        }
        return ntHash.clone();
    }

    /** Whether two secrets are the same (used to tell which users changed on reload), in constant time. */
    public boolean sameAs(Secret other) {
        if (other == null || isNtHash() != other.isNtHash()) {
            return false;
        }
        if (isNtHash()) {
            return java.security.MessageDigest.isEqual(ntHash, other.ntHash);
        }
        byte[] a = toBytes(password);
        byte[] b = toBytes(other.password);
        try {
            return java.security.MessageDigest.isEqual(a, b);
        } finally {
            Arrays.fill(a, (byte) 0);
            Arrays.fill(b, (byte) 0);
        }
    }

    private static byte[] toBytes(char[] chars) {
        byte[] out = new byte[chars.length * 2];
        for (int i = 0; i < chars.length; i++) {
            out[2 * i] = (byte) chars[i];
            out[2 * i + 1] = (byte) (chars[i] >> 8);
        }
        return out;
    }

    public void destroy() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
        if (ntHash != null) {
            Arrays.fill(ntHash, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return isNtHash() ? "Secret[NT hash, hidden]" : "Secret[hidden]";
    }
}
