package io.pptp2wg.admin.selfservice;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The confirmation form's anti-CSRF token: HMAC-SHA256 (key random per process) of the session it was shown to, so
 * that only a page read through that very session can confirm (another site cannot read it: same-origin policy; the
 * Host check stops a rebound name). Compared in constant time.
 */
final class ConfirmTokens {
    private static final String HMAC = "HmacSHA256";
    private final SecretKeySpec key;

    ConfirmTokens(SecureRandom random) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        this.key = new SecretKeySpec(k, HMAC);
        java.util.Arrays.fill(k, (byte) 0);
    }

    String tokenFor(long sessionId, int address, String user) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            byte[] t = mac.doFinal((sessionId + "|" + address + "|" + user).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(t);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    boolean valid(String token, long sessionId, int address, String user) {
        if (token == null) {
            return false;
        }
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII),
                tokenFor(sessionId, address, user).getBytes(StandardCharsets.US_ASCII));
    }
}
