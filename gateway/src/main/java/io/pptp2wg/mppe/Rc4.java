package io.pptp2wg.mppe;

import org.bouncycastle.crypto.engines.RC4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

import java.util.Arrays;

/**
 * Bouncy Castle's RC4, rekeyed in place without allocating: MPPE may change keys on every packet
 * (RFC 3078 §7.2), and the per-packet path must not allocate. Bouncy Castle's engine keeps the
 * array its {@link KeyParameter} holds and re-runs the key schedule from it on {@link RC4Engine#reset()};
 * we write the new key into that array and reset. (The JDK's SunJCE RC4 cannot be rekeyed without
 * a new key object.) A known-answer test (RFC 6229) guards this use of the library.
 */
public final class Rc4 {
    private final RC4Engine engine = new RC4Engine();
    private final byte[] key;

    public Rc4(int keyLength) {
        KeyParameter parameter = new KeyParameter(new byte[keyLength]);
        this.key = parameter.getKey();
        if (parameter.getKey() != key) {
            throw new IllegalStateException("this Bouncy Castle copies keys; RC4 cannot be rekeyed in place");
        }
        engine.init(true, parameter);
    }

    public int keyLength() {
        return key.length;
    }

    /** Keys the cipher with {@code keyLength()} bytes of {@code source} from {@code offset}. */
    public void setKey(byte[] source, int offset) {
        System.arraycopy(source, offset, key, 0, key.length);
        engine.reset();
    }

    /** XORs the keystream into {@code length} bytes (in place when the arrays are the same). */
    public void process(byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        engine.processBytes(in, inOffset, length, out, outOffset);
    }

    /** Zeroes the key and the cipher state. */
    public void destroy() {
        Arrays.fill(key, (byte) 0);
        engine.reset();
    }
}
