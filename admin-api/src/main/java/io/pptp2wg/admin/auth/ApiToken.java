package io.pptp2wg.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One API token as config.yml holds it: a name and the SHA-256 of the token (never the token). */
public final class ApiToken {
    private final String name;
    private final byte[] sha256;

    private ApiToken(String name, byte[] sha256) {
        this.name = name;
        this.sha256 = sha256;
    }

    public static ApiToken ofSha256Hex(String name, String hex) {
        byte[] digest = HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
        if (digest.length != 32) {
            throw new IllegalArgumentException("a SHA-256 has 32 bytes");
        }
        return new ApiToken(name, digest);
    }

    public String name() {
        return name;
    }

    /** Whether this is the token whose digest is given, in constant time. */
    boolean matches(byte[] presentedSha256) {
        return MessageDigest.isEqual(sha256, presentedSha256);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The hex form for config.yml; for tools and tests. */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    @Override
    public String toString() {
        return "ApiToken[" + name + "]";
    }
}
