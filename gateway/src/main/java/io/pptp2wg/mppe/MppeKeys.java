package io.pptp2wg.mppe;

import org.bouncycastle.crypto.digests.SHA1Digest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The key derivation functions of RFC 3079 (§2.4 for MS-CHAPv1, §3.4 for MS-CHAP-2) and RFC 3078 §7.3. */
public final class MppeKeys {
    private MppeKeys() {}

    /** 128-bit keys are 16 octets. */
    public static final int KEY_LENGTH_128 = 16;
    /** 40- and 56-bit keys are carried in 8 octets, the leading ones fixed (RFC 3079 §3.1, §3.2). */
    public static final int KEY_LENGTH_40_56 = 8;
    /** RFC 3079 §3.4 SHSpad1: 40 octets of zero. */
    private static final byte[] SHS_PAD1 = new byte[40];
    /** RFC 3079 §3.4 SHSpad2: 40 octets of 0xF2. */
    private static final byte[] SHS_PAD2 = filled(40, (byte) 0xF2);
    /** RFC 3079 §3.4 Magic1. */
    private static final byte[] MAGIC1 = ascii("This is the MPPE Master Key");
    /** RFC 3079 §3.4 Magic2. */
    private static final byte[] MAGIC2 =
            ascii("On the client side, this is the send key; on the server side, it is the receive key.");
    /** RFC 3079 §3.4 Magic3. */
    private static final byte[] MAGIC3 =
            ascii("On the client side, this is the receive key; on the server side, it is the send key.");

    private static byte[] filled(int n, byte b) {
        byte[] a = new byte[n];
        Arrays.fill(a, b);
        return a;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** RFC 3079 §3.4 GetMasterKey: SHA-1(PasswordHashHash, NT-Response, Magic1), first 16 octets. */
    public static byte[] masterKey(byte[] passwordHashHash, byte[] ntResponse) {
        SHA1Digest sha = new SHA1Digest();
        sha.update(passwordHashHash, 0, 16);
        sha.update(ntResponse, 0, 24);
        sha.update(MAGIC1, 0, MAGIC1.length);
        return finish(sha, KEY_LENGTH_128);
    }

    /**
     * RFC 3079 §3.4 GetAsymmetricStartKey: the start key for one direction, seen from the client or
     * the server (the server's send key is the client's receive key: Magic3).
     */
    public static byte[] asymmetricStartKey(byte[] masterKey, int keyLength, boolean isSend, boolean isServer) {
        byte[] magic = isSend == isServer ? MAGIC3 : MAGIC2;
        SHA1Digest sha = new SHA1Digest();
        sha.update(masterKey, 0, 16);
        sha.update(SHS_PAD1, 0, SHS_PAD1.length);
        sha.update(magic, 0, magic.length);
        sha.update(SHS_PAD2, 0, SHS_PAD2.length);
        return finish(sha, keyLength);
    }

    /** RFC 3079 §2.4 Get_Start_Key (MS-CHAPv1, 128-bit): SHA-1(PasswordHashHash twice, Challenge). */
    public static byte[] startKeyV1(byte[] passwordHashHash, byte[] challenge) {
        SHA1Digest sha = new SHA1Digest();
        sha.update(passwordHashHash, 0, 16);
        sha.update(passwordHashHash, 0, 16);
        sha.update(challenge, 0, 8);
        return finish(sha, KEY_LENGTH_128);
    }

    /** RFC 3079 §3.4 GetNewKeyFromSHA: SHA-1(StartKey, SHSpad1, SessionKey, SHSpad2), first keyLength octets. */
    public static byte[] newKeyFromSha(byte[] startKey, byte[] sessionKey, int keyLength) {
        SHA1Digest sha = new SHA1Digest();
        byte[] out = new byte[sha.getDigestSize()];
        newKeyFromSha(sha, startKey, sessionKey, keyLength, out);
        byte[] key = Arrays.copyOf(out, keyLength);
        Arrays.fill(out, (byte) 0);
        return key;
    }

    /** The allocation-free form, for per-packet rekeying: the digest goes to {@code digest} (20 octets). */
    static void newKeyFromSha(SHA1Digest sha, byte[] startKey, byte[] sessionKey, int keyLength, byte[] digest) {
        sha.update(startKey, 0, keyLength);
        sha.update(SHS_PAD1, 0, SHS_PAD1.length);
        sha.update(sessionKey, 0, keyLength);
        sha.update(SHS_PAD2, 0, SHS_PAD2.length);
        sha.doFinal(digest, 0);
    }

    /** SHA-1's output, octets. */
    static final int SHA1_LENGTH = 20;

    /** The same with the JDK's SHA-1 (the per-packet key change's: see MppeKeySchedule). */
    static void newKeyFromSha(java.security.MessageDigest sha, byte[] startKey, byte[] sessionKey, int keyLength,
                              byte[] digest) {
        sha.update(startKey, 0, keyLength);
        sha.update(SHS_PAD1, 0, SHS_PAD1.length);
        sha.update(sessionKey, 0, keyLength);
        sha.update(SHS_PAD2, 0, SHS_PAD2.length);
        try {
            sha.digest(digest, 0, SHA1_LENGTH);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e); // 20 octets always fit
        }
    }

    /** RFC 3079 §3.1/§3.2 (and §2.1/§2.2): the fixed leading octets of 40- and 56-bit keys. */
    static void reduceStrength(byte[] key, io.pptp2wg.config.ppp.MppeKeyLength strength) {
        switch (strength) {
            case BITS_40 -> {
                key[0] = (byte) 0xD1;
                key[1] = (byte) 0x26;
                key[2] = (byte) 0x9E;
            }
            case BITS_56 -> key[0] = (byte) 0xD1;
            case BITS_128 -> { }
        }
    }

    /** Key octets for a strength. */
    public static int keyBytes(io.pptp2wg.config.ppp.MppeKeyLength strength) {
        return strength == io.pptp2wg.config.ppp.MppeKeyLength.BITS_128 ? KEY_LENGTH_128 : KEY_LENGTH_40_56;
    }

    private static byte[] finish(SHA1Digest sha, int keyLength) {
        byte[] digest = new byte[sha.getDigestSize()];
        sha.doFinal(digest, 0);
        byte[] key = Arrays.copyOf(digest, keyLength);
        Arrays.fill(digest, (byte) 0);
        return key;
    }
}
