package io.pptp2wg.ppp.ccp;

import io.pptp2wg.config.ppp.MppeKeyLength;

import java.util.EnumSet;
import java.util.Set;

/**
 * The Supported Bits of the CCP MPPE option (RFC 3078 §2.1, RFC 3079 for the M bit), as one 32-bit
 * big-endian word: H in the first octet, M S L D C in the last.
 */
public final class MppeBits {
    private MppeBits() {}

    /** CCP option type 18 (RFC 3078 §2.1). */
    public static final int OPTION_TYPE = 18;
    /** The option's Data: four octets of bits. */
    public static final int VALUE_LENGTH = 4;

    /** Stateless ("historyless") mode: a new key for every packet (RFC 3078 §2.1, H). */
    public static final int H = 0x01000000;
    /** 56-bit keys (M). */
    public static final int M = 0x00000080;
    /** 128-bit keys (S). */
    public static final int S = 0x00000040;
    /** 40-bit keys (L). */
    public static final int L = 0x00000020;
    /** Obsolete (D): never set by us, cleared in Naks. */
    public static final int D = 0x00000010;
    /** MPPC compression (C): always refused. */
    public static final int C = 0x00000001;
    /** All key-length bits. */
    public static final int LENGTHS = M | S | L;

    public static int bit(MppeKeyLength k) {
        return switch (k) {
            case BITS_40 -> L;
            case BITS_56 -> M;
            case BITS_128 -> S;
        };
    }

    public static int bits(Set<MppeKeyLength> lengths) {
        int b = 0;
        for (MppeKeyLength k : lengths) {
            b |= bit(k);
        }
        return b;
    }

    public static Set<MppeKeyLength> lengths(int bits) {
        Set<MppeKeyLength> s = EnumSet.noneOf(MppeKeyLength.class);
        for (MppeKeyLength k : MppeKeyLength.values()) {
            if ((bits & bit(k)) != 0) {
                s.add(k);
            }
        }
        return s;
    }

    /** The strongest length among the bits (128 over 56 over 40), or 0. */
    public static int strongest(int bits) {
        if ((bits & S) != 0) {
            return S;
        }
        if ((bits & M) != 0) {
            return M;
        }
        return bits & L;
    }

    /** The key length of a single length bit. */
    public static MppeKeyLength keyLength(int bit) {
        return switch (bit) {
            case S -> MppeKeyLength.BITS_128;
            case M -> MppeKeyLength.BITS_56;
            case L -> MppeKeyLength.BITS_40;
            default -> throw new IllegalArgumentException("not one key-length bit: " + Integer.toHexString(bit));
        };
    }

    /** pppd's form: "mppe +H -M +S -L -D -C". */
    public static String describe(int bits) {
        return "mppe " + sign(bits, H) + "H " + sign(bits, M) + "M " + sign(bits, S) + "S " + sign(bits, L) + "L "
                + sign(bits, D) + "D " + sign(bits, C) + "C"
                + ((bits & ~(H | LENGTHS | D | C)) != 0 ? String.format(" +U (%08x)", bits) : "");
    }

    private static char sign(int bits, int bit) {
        return (bits & bit) != 0 ? '+' : '-';
    }
}
