package io.pptp2wg.wireguard.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.XChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * XAEAD(key, nonce, plain, authtext) of the whitepaper (§5.4.7, cookie replies): XChaCha20-Poly1305
 * with a 24-byte random nonce (draft-irtf-cfrg-xchacha), from Bouncy Castle. Cookie path only.
 */
public final class XChaChaPoly {
    public static final int NONCE_LEN = 24;

    private XChaChaPoly() {
    }

    public static int seal(byte[] key, byte[] nonce, byte[] ad, byte[] in, int off, int len, byte[] out, int outOff) {
        XChaCha20Poly1305 c = new XChaCha20Poly1305();
        c.init(true, new AEADParameters(new KeyParameter(key), ChaChaPoly.TAG_LEN * 8, nonce, ad));
        int n = c.processBytes(in, off, len, out, outOff);
        try {
            return n + c.doFinal(out, outOff + n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(e); // cannot happen when encrypting
        }
    }

    /** Returns the plaintext length, or -1 if the tag does not verify. */
    public static int open(byte[] key, byte[] nonce, byte[] ad, byte[] in, int off, int len, byte[] out, int outOff) {
        if (len < ChaChaPoly.TAG_LEN) {
            return -1;
        }
        XChaCha20Poly1305 c = new XChaCha20Poly1305();
        c.init(false, new AEADParameters(new KeyParameter(key), ChaChaPoly.TAG_LEN * 8, nonce, ad));
        byte[] tmp = new byte[len]; // BC writes plaintext before checking the tag: never into the caller's buffer
        int n = c.processBytes(in, off, len, tmp, 0);
        try {
            n += c.doFinal(tmp, n);
        } catch (InvalidCipherTextException e) {
            Bytes.zero(tmp);
            return -1;
        }
        System.arraycopy(tmp, 0, out, outOff, n);
        Bytes.zero(tmp);
        return n;
    }
}
