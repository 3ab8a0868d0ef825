package io.pptp2wg.wireguard.crypto;

import javax.crypto.SecretKey;
import java.util.Arrays;

/**
 * A 256-bit ChaCha20-Poly1305 key that can be wiped. javax.crypto.spec.SecretKeySpec cannot
 * ({@code destroy()} is not implemented), so keys of expired sessions would linger until GC.
 */
public final class SymmetricKey implements SecretKey {
    private final byte[] key;
    private volatile boolean destroyed;

    /** Copies {@code key[off, off+32)}. */
    public SymmetricKey(byte[] key, int off) {
        this.key = Arrays.copyOfRange(key, off, off + ChaChaPoly.KEY_LEN);
    }

    @Override
    public String getAlgorithm() {
        return "ChaCha20";
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    @Override
    public byte[] getEncoded() {
        return key.clone();
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "SymmetricKey[" + (destroyed ? "destroyed" : "hidden") + "]";
    }
}
