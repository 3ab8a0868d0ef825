package io.pptp2wg.admin.core;

import com.wireguard.crypto.Key;
import com.wireguard.crypto.KeyFormatException;
import com.wireguard.crypto.KeyPair;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/** WireGuard key pairs stored sealed (users' and devices' alike): made fresh, or opened and checked. */
final class SealedKeyPairs {
    static final int KEY_BYTES = 32;

    /** A fresh key pair, its public key (base64) and its private key sealed with the associated data. */
    record Fresh(KeyPair pair, String publicKey, String sealed) {
    }

    private SealedKeyPairs() {
    }

    /** Makes a key pair; {@code associatedData} gets the public key (base64) the sealed key is bound to. */
    static Fresh create(SecureRandom random, KeySealer sealer, UnaryOperator<String> associatedData) {
        byte[] priv = new byte[KEY_BYTES];
        random.nextBytes(priv);
        clamp(priv);
        try {
            KeyPair pair = new KeyPair(Key.fromBytes(priv));
            String pub = pair.getPublicKey().toBase64();
            return new Fresh(pair, pub, sealer.seal(priv, associatedData.apply(pub)));
        } catch (KeyFormatException e) {
            throw new IllegalStateException("32 bytes are always a key", e);
        } finally {
            Arrays.fill(priv, (byte) 0);
        }
    }

    /** Opens a sealed key and checks it against the public key stored with it; {@code whose} names it in errors. */
    static KeyPair open(KeySealer sealer, String sealed, String associatedData, String publicKey, String whose) {
        byte[] priv;
        try {
            priv = sealer.unseal(sealed, associatedData);
        } catch (KeySealer.Unsealable e) {
            throw new IllegalStateException("the WireGuard private key of " + whose + " " + e.getMessage()
                    + ": check storage.identityKeyFile (the key file that sealed it must be used)");
        }
        try {
            KeyPair pair = new KeyPair(Key.fromBytes(priv));
            if (!pair.getPublicKey().toBase64().equals(publicKey)) {
                throw new IllegalStateException("the stored WireGuard key pair of " + whose + " does not match");
            }
            return pair;
        } catch (KeyFormatException e) {
            throw new IllegalStateException("the stored WireGuard private key of " + whose + " is malformed");
        } finally {
            Arrays.fill(priv, (byte) 0);
        }
    }

    /** RFC 7748 §5 clamping, as wireguard-tools' genkey does. */
    static void clamp(byte[] scalar) {
        scalar[0] &= (byte) 248;
        scalar[31] &= 127;
        scalar[31] |= 64;
    }
}
