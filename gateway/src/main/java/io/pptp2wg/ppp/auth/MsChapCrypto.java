package io.pptp2wg.ppp.auth;

import org.bouncycastle.crypto.digests.MD4Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.params.KeyParameter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The MS-CHAP computations of RFC 2759 §8 (and RFC 2433 §A for v1's NT response), with MD4, SHA-1
 * and DES from Bouncy Castle. Intermediate secrets are zeroed before returning.
 */
public final class MsChapCrypto {
    private MsChapCrypto() {}

    public static final int NT_HASH_LENGTH = 16;
    public static final int CHALLENGE_HASH_LENGTH = 8;
    public static final int NT_RESPONSE_LENGTH = 24;
    /** RFC 2759 §8.7: the authenticator response is "S=" and 40 hex digits. */
    public static final int AUTHENTICATOR_RESPONSE_LENGTH = 42;
    private static final int DES_KEY_LENGTH = 7;
    private static final int DES_BLOCK = 8;

    /** RFC 2759 §8.7 Magic1. */
    private static final byte[] SIGNING_MAGIC = "Magic server to client signing constant".getBytes(StandardCharsets.US_ASCII);
    /** RFC 2759 §8.7 Magic2. */
    private static final byte[] PAD_MAGIC = "Pad to make it do more than one iteration".getBytes(StandardCharsets.US_ASCII);

    /** RFC 2759 §8.3 NtPasswordHash: MD4 of the UTF-16LE (Unicode) password. */
    public static byte[] ntPasswordHash(char[] password) {
        byte[] unicode = new byte[password.length * 2];
        for (int i = 0; i < password.length; i++) {
            unicode[2 * i] = (byte) password[i];
            unicode[2 * i + 1] = (byte) (password[i] >> 8);
        }
        try {
            return md4(unicode);
        } finally {
            Arrays.fill(unicode, (byte) 0);
        }
    }

    /**
     * The NT password hash (RFC 2759 §8.3) of a stored secret: computed from the password (which is zeroed
     * again at once) or, for a secret stored as an NT hash, that hash. The caller zeroes the result.
     */
    public static byte[] ntPasswordHash(io.pptp2wg.config.secrets.Secret secret) {
        if (!secret.hasPassword()) {
            return secret.storedNtHash();
        }
        char[] password = secret.password();
        try {
            return ntPasswordHash(password);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /** Zeroes key material (any of the arrays may be null). */
    static void zero(byte[]... arrays) {
        for (byte[] b : arrays) {
            if (b != null) {
                java.util.Arrays.fill(b, (byte) 0);
            }
        }
    }

    /** RFC 2759 §8.4 HashNtPasswordHash. */
    public static byte[] hashNtPasswordHash(byte[] passwordHash) {
        return md4(passwordHash);
    }

    private static byte[] md4(byte[] in) {
        MD4Digest md4 = new MD4Digest();
        md4.update(in, 0, in.length);
        byte[] out = new byte[md4.getDigestSize()];
        md4.doFinal(out, 0);
        return out;
    }

    /** RFC 2759 §8.2 ChallengeHash; only the user name after any "DOMAIN\" goes in. */
    public static byte[] challengeHash(byte[] peerChallenge, byte[] authenticatorChallenge, String userName) {
        byte[] user = stripDomain(userName).getBytes(StandardCharsets.UTF_8);
        SHA1Digest sha = new SHA1Digest();
        sha.update(peerChallenge, 0, 16);
        sha.update(authenticatorChallenge, 0, 16);
        sha.update(user, 0, user.length);
        byte[] digest = new byte[sha.getDigestSize()];
        sha.doFinal(digest, 0);
        byte[] hash = Arrays.copyOf(digest, CHALLENGE_HASH_LENGTH);
        Arrays.fill(digest, (byte) 0);
        return hash;
    }

    /** "DOMAIN\\user" becomes "user" (RFC 2759 §8.2; pppd's chapms-strip-domain for look-ups). */
    public static String stripDomain(String userName) {
        int slash = userName.lastIndexOf('\\');
        return slash >= 0 ? userName.substring(slash + 1) : userName;
    }

    /** RFC 2759 §8.5 ChallengeResponse: three DES encryptions of the challenge, keyed by the zero-padded hash. */
    public static byte[] challengeResponse(byte[] challenge, byte[] passwordHash) {
        byte[] zPasswordHash = Arrays.copyOf(passwordHash, 3 * DES_KEY_LENGTH);
        byte[] response = new byte[NT_RESPONSE_LENGTH];
        byte[] key = new byte[DES_BLOCK];
        try {
            for (int i = 0; i < 3; i++) {
                desEncrypt(challenge, zPasswordHash, i * DES_KEY_LENGTH, key, response, i * DES_BLOCK);
            }
            return response;
        } finally {
            Arrays.fill(zPasswordHash, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
    }

    /** RFC 2759 §8.6 DesEncrypt: the 7-octet key is spread over 8 octets (the parity bits, unused by DES). */
    private static void desEncrypt(byte[] clear, byte[] keyMaterial, int keyOffset, byte[] key, byte[] out, int outOffset) {
        long k = 0;
        for (int i = 0; i < DES_KEY_LENGTH; i++) {
            k = (k << 8) | (keyMaterial[keyOffset + i] & 0xff);
        }
        for (int i = 0; i < DES_BLOCK; i++) {
            key[i] = (byte) (((k >>> (49 - 7 * i)) & 0x7f) << 1);
        }
        KeyParameter parameter = new KeyParameter(key);
        DESEngine des = new DESEngine();
        des.init(true, parameter);
        des.processBlock(clear, 0, out, outOffset);
        Arrays.fill(parameter.getKey(), (byte) 0);
    }

    /** RFC 2759 §8.1 GenerateNTResponse. */
    public static byte[] generateNtResponse(byte[] authenticatorChallenge, byte[] peerChallenge, String userName,
                                            byte[] passwordHash) {
        byte[] challenge = challengeHash(peerChallenge, authenticatorChallenge, userName);
        try {
            return challengeResponse(challenge, passwordHash);
        } finally {
            Arrays.fill(challenge, (byte) 0);
        }
    }

    /** RFC 2759 §8.7 GenerateAuthenticatorResponse: "S=" and 40 upper-case hex digits. */
    public static String generateAuthenticatorResponse(byte[] passwordHash, byte[] ntResponse, byte[] peerChallenge,
                                                       byte[] authenticatorChallenge, String userName) {
        byte[] hashHash = hashNtPasswordHash(passwordHash);
        byte[] digest = new byte[20];
        byte[] challenge = challengeHash(peerChallenge, authenticatorChallenge, userName);
        try {
            SHA1Digest sha = new SHA1Digest();
            sha.update(hashHash, 0, NT_HASH_LENGTH);
            sha.update(ntResponse, 0, NT_RESPONSE_LENGTH);
            sha.update(SIGNING_MAGIC, 0, SIGNING_MAGIC.length);
            sha.doFinal(digest, 0);
            sha.update(digest, 0, digest.length);
            sha.update(challenge, 0, CHALLENGE_HASH_LENGTH);
            sha.update(PAD_MAGIC, 0, PAD_MAGIC.length);
            sha.doFinal(digest, 0);
            return "S=" + HexFormat.of().withUpperCase().formatHex(digest);
        } finally {
            Arrays.fill(hashHash, (byte) 0);
            Arrays.fill(digest, (byte) 0);
            Arrays.fill(challenge, (byte) 0);
        }
    }
}
