package io.pptp2wg.wireguard.crypto;

import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The whitepaper's hash functions (§5.4 "Messages", first list), on Bouncy Castle's BLAKE2s:
 * HASH = BLAKE2s-256, MAC = keyed BLAKE2s-128, HMAC = RFC 2104 HMAC over BLAKE2s-256 (block 64 bytes),
 * KDF_n = the HKDF-like chain of HMACs. One instance per thread: it reuses its digest objects.
 */
public final class Blake2s {
    public static final int HASH_LEN = 32;
    public static final int MAC_LEN = 16;

    private final Blake2sDigest hash = new Blake2sDigest(HASH_LEN * 8);
    private final HMac hmac = new HMac(new Blake2sDigest(HASH_LEN * 8));
    private final byte[] t0 = new byte[HASH_LEN];
    private final byte[] t = new byte[HASH_LEN];
    private final byte[] counter = new byte[1];

    /** out = HASH(a || b). Either input may be the output array (it is read before out is written). */
    public void hash(byte[] a, byte[] b, byte[] out) {
        hash.update(a, 0, a.length);
        hash.update(b, 0, b.length);
        hash.doFinal(out, 0);
    }

    /** out = HASH(a || b[bOff, bOff+bLen)). */
    public void hash(byte[] a, byte[] b, int bOff, int bLen, byte[] out) {
        hash.update(a, 0, a.length);
        hash.update(b, bOff, bLen);
        hash.doFinal(out, 0);
    }

    public void hash(byte[] in, byte[] out) {
        hash.update(in, 0, in.length);
        hash.doFinal(out, 0);
    }

    /** 16-byte keyed BLAKE2s of in[off, off+len) into out[outOff..]; allocates (handshake path only). */
    public static void mac(byte[] key, byte[] in, int off, int len, byte[] out, int outOff) {
        Blake2sDigest d = new Blake2sDigest(key, MAC_LEN, null, null);
        d.update(in, off, len);
        d.doFinal(out, outOff);
        d.clearKey();
    }

    /** out = HMAC(key, in). */
    public void hmac(byte[] key, byte[] in, int off, int len, byte[] out) {
        hmac.init(new KeyParameter(key));
        hmac.update(in, off, len);
        hmac.doFinal(out, 0);
    }

    /**
     * KDF_n(key, input) with n = number of non-null outputs (1..3): T0 = HMAC(key, input),
     * T1 = HMAC(T0, 0x1), T_i = HMAC(T0, T_(i-1) || i). The outputs may alias key.
     */
    public void kdf(byte[] key, byte[] in, int off, int len, byte[] out1, byte[] out2, byte[] out3) {
        hmac(key, in, off, len, t0);
        hmac.init(new KeyParameter(t0));
        counter[0] = 1;
        hmac.update(counter, 0, 1);
        hmac.doFinal(t, 0);
        System.arraycopy(t, 0, out1, 0, HASH_LEN);
        if (out2 != null) {
            hmac.init(new KeyParameter(t0));
            hmac.update(t, 0, HASH_LEN);
            counter[0] = 2;
            hmac.update(counter, 0, 1);
            hmac.doFinal(t, 0);
            System.arraycopy(t, 0, out2, 0, HASH_LEN);
            if (out3 != null) {
                hmac.init(new KeyParameter(t0));
                hmac.update(t, 0, HASH_LEN);
                counter[0] = 3;
                hmac.update(counter, 0, 1);
                hmac.doFinal(t, 0);
                System.arraycopy(t, 0, out3, 0, HASH_LEN);
            }
        }
        Bytes.zero(t0, t);
    }

    public void kdf(byte[] key, byte[] in, byte[] out1, byte[] out2, byte[] out3) {
        kdf(key, in, 0, in.length, out1, out2, out3);
    }

    /**
     * A MAC with a fixed key, ready for repeated use without allocation (the MAC1 check of every
     * incoming handshake message). Not thread-safe.
     */
    public static final class KeyedMac {
        private final Blake2sDigest digest;

        public KeyedMac(byte[] key) {
            digest = new Blake2sDigest(key, MAC_LEN, null, null);
        }

        public void compute(byte[] in, int off, int len, byte[] out, int outOff) {
            digest.update(in, off, len);
            digest.doFinal(out, outOff); // doFinal resets to the keyed initial state
        }

        public void destroy() {
            digest.clearKey();
        }
    }
}
