package io.pptp2wg.radius;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The two RFC 2548 ciphers that hide MPPE keys in an Access-Accept. Written here because aaa4j-radius
 * applies its salt cipher only to the tagged Tunnel-Password (RFC 2868) and its User-Password cipher
 * strips trailing zero octets, which would damage binary keys.
 *
 * <ul>
 * <li>§2.4.2 / §2.4.3 (MS-MPPE-Send-Key, MS-MPPE-Recv-Key): Salt (2 octets, high bit set), then
 *     Key-Length, Key and zero padding to a multiple of 16, XORed with b(1) = MD5(secret + Request
 *     Authenticator + Salt), b(i) = MD5(secret + c(i-1)).</li>
 * <li>§2.4.1 (MS-CHAP-MPPE-Keys): the 32 octets XORed like User-Password (RFC 2865 §5.2):
 *     b(1) = MD5(secret + Request Authenticator), b(i) = MD5(secret + c(i-1)).</li>
 * </ul>
 */
public final class MsMppeKeyCipher {
    public static final int SALT_LENGTH = 2;
    private static final int BLOCK = 16;

    private MsMppeKeyCipher() {}

    /** RFC 2548 §2.4.2: the attribute's String (salt + ciphertext) for {@code key}. The salt's high bit is set here. */
    public static byte[] encryptSalted(byte[] key, byte[] secret, byte[] requestAuthenticator, byte[] salt) {
        if (salt.length != SALT_LENGTH || key.length > 255) {
            throw new IllegalArgumentException("salt must be 2 octets and the key at most 255");
        }
        int plainLength = 1 + key.length;
        int padded = ((plainLength + BLOCK - 1) / BLOCK) * BLOCK;
        byte[] plain = new byte[padded];
        plain[0] = (byte) key.length;
        System.arraycopy(key, 0, plain, 1, key.length);
        byte[] out = new byte[SALT_LENGTH + padded];
        out[0] = (byte) (salt[0] | 0x80);
        out[1] = salt[1];
        byte[] seed = concat(requestAuthenticator, new byte[] {out[0], out[1]});
        xorChain(plain, secret, seed, out, SALT_LENGTH, true);
        Arrays.fill(plain, (byte) 0);
        return out;
    }

    /** RFC 2548 §2.4.2: the key inside a salt-encrypted String, or null when it is malformed. */
    public static byte[] decryptSalted(byte[] string, byte[] secret, byte[] requestAuthenticator) {
        int cipherLength = string.length - SALT_LENGTH;
        if (cipherLength < BLOCK || cipherLength % BLOCK != 0 || (string[0] & 0x80) == 0) {
            return null;
        }
        byte[] cipher = Arrays.copyOfRange(string, SALT_LENGTH, string.length);
        byte[] seed = concat(requestAuthenticator, new byte[] {string[0], string[1]});
        byte[] plain = new byte[cipherLength];
        xorChain(cipher, secret, seed, plain, 0, false);
        int keyLength = plain[0] & 0xff;
        byte[] key = keyLength + 1 <= plain.length ? Arrays.copyOfRange(plain, 1, 1 + keyLength) : null;
        Arrays.fill(plain, (byte) 0);
        return key;
    }

    /** RFC 2548 §2.4.1: the 32 octets of MS-CHAP-MPPE-Keys, or null when the length is wrong. */
    public static byte[] decryptUnsalted(byte[] string, byte[] secret, byte[] requestAuthenticator) {
        if (string.length != RadiusWire.MS_CHAP_MPPE_KEYS_LENGTH) {
            return null;
        }
        byte[] plain = new byte[string.length];
        xorChain(string, secret, requestAuthenticator, plain, 0, false);
        return plain;
    }

    /** RFC 2548 §2.4.1 in the other direction, for tests and the test server. */
    public static byte[] encryptUnsalted(byte[] plain32, byte[] secret, byte[] requestAuthenticator) {
        byte[] out = new byte[plain32.length];
        xorChain(plain32, secret, requestAuthenticator, out, 0, true);
        return out;
    }

    /** c(i) = p(i) XOR MD5(secret + previous), previous = seed then c(i-1). */
    private static void xorChain(byte[] in, byte[] secret, byte[] seed, byte[] out, int outOffset, boolean encrypting) {
        MessageDigest md5 = md5();
        byte[] previous = seed;
        for (int i = 0; i < in.length; i += BLOCK) {
            md5.update(secret);
            md5.update(previous);
            byte[] b = md5.digest();
            byte[] c = new byte[BLOCK];
            for (int j = 0; j < BLOCK; j++) {
                out[outOffset + i + j] = (byte) (in[i + j] ^ b[j]);
                c[j] = encrypting ? out[outOffset + i + j] : in[i + j];
            }
            Arrays.fill(b, (byte) 0);
            previous = c;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JRE has MD5", e);
        }
    }
}
