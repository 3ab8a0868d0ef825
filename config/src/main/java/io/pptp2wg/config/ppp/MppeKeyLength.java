package io.pptp2wg.config.ppp;

/** MPPE session key strengths, RFC 3078 §2.1 (the L, M and S bits of the CCP option). */
public enum MppeKeyLength {
    BITS_40(40),
    BITS_56(56),
    BITS_128(128);

    private final int bits;

    MppeKeyLength(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }
}
