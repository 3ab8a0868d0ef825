package io.pptp2wg.wireguard.noise;

import io.pptp2wg.wireguard.crypto.Blake2s;
import io.pptp2wg.wireguard.crypto.Bytes;
import io.pptp2wg.wireguard.crypto.ChaChaPoly;
import io.pptp2wg.wireguard.crypto.Curve25519;

/**
 * The Noise handshake pattern IKpsk2 (Noise spec §7.5 and §9) for one handshake, 25519 + ChaChaPoly + BLAKE2s:
 * <pre>
 *   IKpsk2:
 *     &lt;- s
 *     ...
 *     -&gt; e, es, s, ss
 *     &lt;- e, ee, se, psk
 * </pre>
 * In PSK handshakes every "e" token also does MixKey(e.public_key) (§9.2). WireGuard (whitepaper §5.4.2, §5.4.3)
 * is exactly this with prologue = IDENTIFIER, first payload = TAI64N timestamp and an empty second payload; the
 * framing, indices and MACs around it are WireGuard's and live in the handshake package.
 * Ephemeral keys come from the caller (so that published vectors replay exactly). One object per handshake,
 * not reusable; {@link #destroy()} wipes every secret it holds.
 */
public final class IKpsk2 {
    public static final int DH_LEN = Curve25519.KEY_LEN;
    /** Length of message A without payload: e (32) + encrypted s (32 + 16) + the payload's tag. */
    public static final int MESSAGE_A_OVERHEAD = DH_LEN + ChaChaPoly.sealedLength(DH_LEN) + ChaChaPoly.TAG_LEN;
    /** Length of message B without payload: e (32) + the payload's tag. */
    public static final int MESSAGE_B_OVERHEAD = DH_LEN + ChaChaPoly.TAG_LEN;

    private final SymmetricState ss;
    private final boolean initiator;
    private final byte[] s; // local static private
    private final byte[] sPub = new byte[DH_LEN];
    private final byte[] e = new byte[DH_LEN]; // local ephemeral private
    private final byte[] rs = new byte[DH_LEN];
    private final byte[] re = new byte[DH_LEN];
    private final byte[] dh = new byte[DH_LEN];
    private boolean hasRs;

    /**
     * @param localStaticPrivate our static private key (copied)
     * @param remoteStaticPublic the responder's static public key (initiator; the pre-message), or null (responder)
     */
    public IKpsk2(Blake2s blake, ChaChaPoly aead, boolean initiator, byte[] protocolName, byte[] prologue,
                  byte[] localStaticPrivate, byte[] remoteStaticPublic) {
        this.ss = new SymmetricState(blake, aead);
        this.initiator = initiator;
        this.s = localStaticPrivate.clone();
        Curve25519.publicKey(s, sPub);
        ss.initialize(protocolName);
        ss.mixHash(prologue);
        // pre-message "<- s": both sides hash the responder's static public key
        if (initiator) {
            System.arraycopy(remoteStaticPublic, 0, rs, 0, DH_LEN);
            hasRs = true;
            ss.mixHash(rs);
        } else {
            ss.mixHash(sPub);
        }
    }

    private IKpsk2(IKpsk2 o) {
        this.ss = o.ss.copy();
        this.initiator = o.initiator;
        this.s = o.s.clone();
        System.arraycopy(o.sPub, 0, sPub, 0, DH_LEN);
        System.arraycopy(o.e, 0, e, 0, DH_LEN);
        System.arraycopy(o.rs, 0, rs, 0, DH_LEN);
        System.arraycopy(o.re, 0, re, 0, DH_LEN);
        this.hasRs = o.hasRs;
    }

    /** An independent copy (to read a message that may not verify without spoiling this state). */
    public IKpsk2 copy() {
        return new IKpsk2(this);
    }

    /** -&gt; e, es, s, ss, payload. Writes message A to out[off..]; returns its length. False DH = -1. */
    public int writeMessageA(byte[] ephemeralPrivate, byte[] precomputedSs, byte[] payload, int pOff, int pLen,
                             byte[] out, int off) {
        requireRole(true);
        int p = off;
        System.arraycopy(ephemeralPrivate, 0, e, 0, DH_LEN);
        Curve25519.publicKey(e, dh);
        System.arraycopy(dh, 0, out, p, DH_LEN);
        ss.mixHash(out, p, DH_LEN);
        ss.mixKey(out, p, DH_LEN);
        p += DH_LEN;
        if (!dh(e, rs, 0)) { // es
            return -1;
        }
        p += ss.encryptAndHash(sPub, 0, DH_LEN, out, p); // s
        if (precomputedSs != null) { // ss
            ss.mixKey(precomputedSs);
        } else if (!dh(s, rs, 0)) {
            return -1;
        }
        p += ss.encryptAndHash(payload, pOff, pLen, out, p);
        return p - off;
    }

    /**
     * Reads message A up to and including "s": afterwards {@link #remoteStatic()} is the initiator's
     * claimed static key (authenticated by the AEAD), so the caller can look up the peer (and its
     * precomputed ss) before {@link #readMessageAPayload}. Returns false (state unusable) if it does not verify.
     */
    public boolean readMessageAStatic(byte[] in, int off) {
        requireRole(false);
        System.arraycopy(in, off, re, 0, DH_LEN);
        ss.mixHash(re);
        ss.mixKey(re);
        if (!dh(s, re, 0)) { // es
            return false;
        }
        int c = ChaChaPoly.sealedLength(DH_LEN);
        if (ss.decryptAndHash(in, off + DH_LEN, c, rs, 0) != DH_LEN) {
            return false;
        }
        hasRs = true;
        return true;
    }

    /** The rest of message A ("ss", payload): payload to out; returns its length, or -1. */
    public int readMessageAPayload(byte[] precomputedSs, byte[] in, int off, int len, byte[] out, int outOff) {
        if (!hasRs) {
            throw new IllegalStateException("readMessageAStatic first");
        }
        if (precomputedSs != null) {
            ss.mixKey(precomputedSs);
        } else if (!dh(s, rs, 0)) {
            return -1;
        }
        int start = off + DH_LEN + ChaChaPoly.sealedLength(DH_LEN);
        return ss.decryptAndHash(in, start, len - (start - off), out, outOff);
    }

    /** &lt;- e, ee, se, psk, payload. Writes message B; returns its length, or -1 on a zero DH. */
    public int writeMessageB(byte[] ephemeralPrivate, byte[] psk, byte[] payload, int pOff, int pLen,
                             byte[] out, int off) {
        requireRole(false);
        int p = off;
        System.arraycopy(ephemeralPrivate, 0, e, 0, DH_LEN);
        Curve25519.publicKey(e, dh);
        System.arraycopy(dh, 0, out, p, DH_LEN);
        ss.mixHash(out, p, DH_LEN);
        ss.mixKey(out, p, DH_LEN);
        p += DH_LEN;
        if (!dh(e, re, 0) || !dh(e, rs, 0)) { // ee, se
            return -1;
        }
        ss.mixKeyAndHash(psk);
        p += ss.encryptAndHash(payload, pOff, pLen, out, p);
        return p - off;
    }

    /** Reads message B in[off, off+len); payload to out; returns its length or -1 if it does not verify. */
    public int readMessageB(byte[] psk, byte[] in, int off, int len, byte[] out, int outOff) {
        requireRole(true);
        if (len < MESSAGE_B_OVERHEAD) {
            return -1;
        }
        System.arraycopy(in, off, re, 0, DH_LEN);
        ss.mixHash(re);
        ss.mixKey(re);
        if (!dh(e, re, 0) || !dh(s, re, 0)) { // ee, se
            return -1;
        }
        ss.mixKeyAndHash(psk);
        return ss.decryptAndHash(in, off + DH_LEN, len - DH_LEN, out, outOff);
    }

    /** Split: k1 (initiator → responder) and k2 (responder → initiator), 32 bytes each. */
    public void split(byte[] k1, byte[] k2) {
        ss.split(k1, k2);
    }

    public byte[] remoteStatic() {
        return rs.clone();
    }

    public byte[] remoteEphemeral() {
        return re.clone();
    }

    public byte[] handshakeHash() {
        return ss.handshakeHash();
    }

    public void destroy() {
        ss.destroy();
        Bytes.zero(s, e, dh, re);
    }

    private boolean dh(byte[] priv, byte[] pub, int pubOff) {
        boolean ok = Curve25519.agree(priv, pub, pubOff, dh);
        if (ok) {
            ss.mixKey(dh);
        }
        Bytes.zero(dh);
        return ok;
    }

    private void requireRole(boolean wantInitiator) {
        if (initiator != wantInitiator) {
            throw new IllegalStateException("wrong role for this Noise message");
        }
    }
}
