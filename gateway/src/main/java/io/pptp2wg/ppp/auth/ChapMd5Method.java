package io.pptp2wg.ppp.auth;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.secrets.Secret;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** CHAP with MD5 (RFC 1994 §4.1): Response = MD5(Identifier, secret, Challenge). Needs the plaintext secret. */
public final class ChapMd5Method implements ChapMethod {
    /** Our challenge length (RFC 1994 leaves it open; pppd uses 16 to 24 octets). */
    public static final int CHALLENGE_LENGTH = 16;
    /** MD5's digest length. */
    public static final int RESPONSE_LENGTH = 16;

    private static final Form FORM = new Form(AuthProtocol.CHAP_MD5, CHALLENGE_LENGTH, RESPONSE_LENGTH, false);

    @Override
    public Form form() {
        return FORM;
    }

    /** RFC 1994 §4.1 response, shared with the test client. */
    public static byte[] response(int id, byte[] secret, byte[] challenge) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update((byte) id);
            md5.update(secret);
            md5.update(challenge);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }

    @Override
    public Verification verify(int id, byte[] challenge, byte[] response, String nameAsSent, Secret secret) {
        if (!secret.hasPassword()) {
            return Verification.failed("the secret is stored as an NT hash, which cannot check CHAP-MD5");
        }
        char[] password = secret.password();
        byte[] bytes = Secret.utf8(password);
        byte[] expected = response(id, bytes, challenge);
        try {
            return MessageDigest.isEqual(expected, response)
                    ? new Verification(true, null, null, null)
                    : Verification.failed("wrong password (CHAP-MD5 response does not match)");
        } finally {
            Arrays.fill(password, '\0');
            Arrays.fill(bytes, (byte) 0);
            Arrays.fill(expected, (byte) 0);
        }
    }

    /** RFC 1994 §4.2: CHAP's Failure carries only a message, no error code. */
    @Override
    public String failureMessage(int error, String text, boolean retry, byte[] nextChallenge) {
        return text;
    }
}
