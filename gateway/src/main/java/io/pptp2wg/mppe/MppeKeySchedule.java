package io.pptp2wg.mppe;

import io.pptp2wg.config.ppp.MppeKeyLength;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import java.util.Arrays;

/**
 * One direction's MPPE keys: the start key, the current session key and the RC4 state keyed with it.
 * The initial session key is GetNewKeyFromSHA(start, start) (RFC 3079 §3); each later change is
 * RFC 3078 §7.3's: interim = GetNewKeyFromSHA(start, current), current = RC4(interim, interim).
 * No allocation after construction.
 */
final class MppeKeySchedule {
    private final MppeKeyLength strength;
    private final int keyLength;
    private final byte[] startKey;
    private final byte[] sessionKey;
    private final byte[] digest;
    /**
     * SHA-1 from the JDK (its compression function is an intrinsic: 0.1 µs per key change here against 0.45 µs with
     * Bouncy Castle's), one per thread: a key schedule runs on its link's thread, and sessions need not hold one each.
     */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    });
    private final Rc4 rc4;

    MppeKeySchedule(byte[] startKey, MppeKeyLength strength) {
        this.strength = strength;
        this.keyLength = MppeKeys.keyBytes(strength);
        if (startKey.length < keyLength) {
            throw new IllegalArgumentException("start key shorter than " + keyLength);
        }
        this.startKey = Arrays.copyOf(startKey, keyLength);
        this.sessionKey = Arrays.copyOf(startKey, keyLength);
        this.digest = new byte[MppeKeys.SHA1_LENGTH];
        this.rc4 = Rc4.create(keyLength);
        MppeKeys.newKeyFromSha(SHA1.get(), this.startKey, sessionKey, keyLength, digest);
        System.arraycopy(digest, 0, sessionKey, 0, keyLength);
        MppeKeys.reduceStrength(sessionKey, strength);
        rc4.setKey(sessionKey, 0);
    }

    /** RFC 3078 §7.3: the next session key; the RC4 state restarts with it. */
    void rekey() {
        MppeKeys.newKeyFromSha(SHA1.get(), startKey, sessionKey, keyLength, digest);
        rc4.setKey(digest, 0);
        rc4.process(digest, 0, keyLength, sessionKey, 0);
        MppeKeys.reduceStrength(sessionKey, strength);
        rc4.setKey(sessionKey, 0);
    }

    void crypt(byte[] buffer, int offset, int length) {
        rc4.process(buffer, offset, length, buffer, offset);
    }

    /** A copy of the current session key (tests only). */
    byte[] sessionKey() {
        return sessionKey.clone();
    }

    MppeKeyLength strength() {
        return strength;
    }

    void destroy() {
        Arrays.fill(startKey, (byte) 0);
        Arrays.fill(sessionKey, (byte) 0);
        Arrays.fill(digest, (byte) 0);
        rc4.destroy();
    }
}
