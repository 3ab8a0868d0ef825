package io.pptp2wg.wireguard.noise;

import io.pptp2wg.wireguard.crypto.Blake2s;
import io.pptp2wg.wireguard.crypto.Bytes;
import io.pptp2wg.wireguard.crypto.ChaChaPoly;
import io.pptp2wg.wireguard.crypto.SymmetricKey;

/**
 * The Noise SymmetricState (Noise spec rev 34 §5.2) for HASH = BLAKE2s, cipher = ChaChaPoly: the chaining
 * key ck (the whitepaper's C), the handshake hash h (H) and the current cipher key k with its nonce n.
 * The whitepaper writes the same steps out by hand; the names here are Noise's, with WireGuard's in comments.
 */
public final class SymmetricState {
    public static final int HASH_LEN = Blake2s.HASH_LEN;

    final byte[] ck = new byte[HASH_LEN];
    final byte[] h = new byte[HASH_LEN];
    private final byte[] k = new byte[ChaChaPoly.KEY_LEN];
    private boolean hasKey;
    private long n;
    private final byte[] scratch = new byte[HASH_LEN];
    private final Blake2s blake;
    private final ChaChaPoly aead;

    public SymmetricState(Blake2s blake, ChaChaPoly aead) {
        this.blake = blake;
        this.aead = aead;
    }

    /** A copy to try a message on: the original stays as it was if the message does not verify. */
    public SymmetricState copy() {
        SymmetricState c = new SymmetricState(blake, aead);
        System.arraycopy(ck, 0, c.ck, 0, HASH_LEN);
        System.arraycopy(h, 0, c.h, 0, HASH_LEN);
        System.arraycopy(k, 0, c.k, 0, k.length);
        c.hasKey = hasKey;
        c.n = n;
        return c;
    }

    /** InitializeSymmetric(protocolName): h = HASH(name) (names longer than HASHLEN), ck = h. */
    public void initialize(byte[] protocolName) {
        if (protocolName.length <= HASH_LEN) {
            java.util.Arrays.fill(h, (byte) 0);
            System.arraycopy(protocolName, 0, h, 0, protocolName.length);
        } else {
            blake.hash(protocolName, h);
        }
        System.arraycopy(h, 0, ck, 0, HASH_LEN);
        hasKey = false;
        n = 0;
    }

    /** h = HASH(h || data). */
    public void mixHash(byte[] data, int off, int len) {
        blake.hash(h, data, off, len, h);
    }

    public void mixHash(byte[] data) {
        mixHash(data, 0, data.length);
    }

    /** ck, k = KDF2(ck, ikm) (WireGuard: (C, κ) = KDF2(C, ...); KDF1 when κ is not used before the next MixKey). */
    public void mixKey(byte[] ikm, int off, int len) {
        blake.kdf(ck, ikm, off, len, ck, scratch, null);
        System.arraycopy(scratch, 0, k, 0, ChaChaPoly.KEY_LEN);
        Bytes.zero(scratch);
        hasKey = true;
        n = 0;
    }

    public void mixKey(byte[] ikm) {
        mixKey(ikm, 0, ikm.length);
    }

    /** ck, temp_h, k = KDF3(ck, psk); MixHash(temp_h) (WireGuard: (C, τ, κ) = KDF3(C, Q); H = HASH(H || τ)). */
    public void mixKeyAndHash(byte[] psk) {
        byte[] tempH = new byte[HASH_LEN];
        blake.kdf(ck, psk, 0, psk.length, ck, tempH, scratch);
        mixHash(tempH);
        System.arraycopy(scratch, 0, k, 0, ChaChaPoly.KEY_LEN);
        Bytes.zero(tempH, scratch);
        hasKey = true;
        n = 0;
    }

    /** Writes AEAD(k, n, plain, h) to out and mixes the ciphertext into h; returns its length. */
    public int encryptAndHash(byte[] plain, int off, int len, byte[] out, int outOff) {
        if (!hasKey) {
            throw new IllegalStateException("Noise: EncryptAndHash before any MixKey (not used by IKpsk2)");
        }
        SymmetricKey key = new SymmetricKey(k, 0);
        int c = aead.seal(key, n++, h, plain, off, len, out, outOff);
        key.destroy();
        mixHash(out, outOff, c);
        return c;
    }

    /**
     * Opens in[off, off+len) with AEAD(k, n, ·, h) into out; on success mixes the ciphertext into h and
     * returns the plaintext length, else returns -1 and leaves the state unchanged.
     */
    public int decryptAndHash(byte[] in, int off, int len, byte[] out, int outOff) {
        if (!hasKey) {
            throw new IllegalStateException("Noise: DecryptAndHash before any MixKey (not used by IKpsk2)");
        }
        SymmetricKey key = new SymmetricKey(k, 0);
        int p = aead.open(key, n, h, in, off, len, out, outOff);
        key.destroy();
        if (p < 0) {
            return -1;
        }
        n++;
        mixHash(in, off, len);
        return p;
    }

    /** Split(): (k1, k2) = KDF2(ck, empty); k1 is the initiator's sending key. */
    public void split(byte[] k1, byte[] k2) {
        blake.kdf(ck, new byte[0], 0, 0, k1, k2, null);
    }

    public byte[] handshakeHash() {
        return h.clone();
    }

    public void destroy() {
        Bytes.zero(ck, h, k, scratch);
        hasKey = false;
    }
}
