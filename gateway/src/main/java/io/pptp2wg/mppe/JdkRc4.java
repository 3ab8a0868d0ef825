package io.pptp2wg.mppe;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The JDK's RC4 (SunJCE "ARCFOUR"), rekeyed in place: the fallback where OpenSSL's libcrypto cannot be loaded
 * ({@link OpenSslRc4}). Chosen over Bouncy Castle's RC4Engine by measurement here (tools/path-bench.sh, the
 * {@code mppe} benchmark): the key change plus 1,402 octets took 5.3 µs with Bouncy Castle (its key schedule divides
 * once per step) and 4.0 µs with the JDK. The JDK cipher takes its key as a {@link java.security.Key}; one mutable
 * key object is reused, so a key change allocates only the copy the cipher keeps (zeroed by the cipher at the next
 * change). A known-answer test (RFC 6229) guards this use of the library.
 */
final class JdkRc4 implements Rc4 {
    private final Cipher cipher;
    private final ReusableKey key;

    JdkRc4(int keyLength) {
        this.key = new ReusableKey(keyLength);
        try {
            this.cipher = Cipher.getInstance("ARCFOUR");
            cipher.init(Cipher.ENCRYPT_MODE, key); // a zero key until the first setKey
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no usable ARCFOUR", e);
        }
    }

    @Override
    public int keyLength() {
        return key.bytes.length;
    }

    @Override
    public void setKey(byte[] source, int offset) {
        System.arraycopy(source, offset, key.bytes, 0, key.bytes.length);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key);
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException("ARCFOUR refused a " + key.bytes.length + "-octet key", e); // only a bug
        }
    }

    @Override
    public void process(byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        try {
            cipher.update(in, inOffset, length, out, outOffset);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("ARCFOUR: output too short", e); // only a bug
        }
    }

    /** Zeroes the key; the cipher's state is rekeyed from zeros (the JDK zeroes its own copy of the old key). */
    @Override
    public void destroy() {
        Arrays.fill(key.bytes, (byte) 0);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key);
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A raw ARCFOUR key whose octets change in place; the cipher copies them at each init. */
    private static final class ReusableKey implements SecretKey {
        final byte[] bytes;

        ReusableKey(int length) {
            this.bytes = new byte[length];
        }

        @Override
        public String getAlgorithm() {
            return "ARCFOUR";
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return bytes.clone();
        }
    }
}
