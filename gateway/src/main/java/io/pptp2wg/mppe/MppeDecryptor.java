package io.pptp2wg.mppe;

import io.pptp2wg.config.ppp.MppeKeyLength;

/**
 * The receiving half of MPPE (RFC 3078 §3, §7, §8), mirroring Linux's ppp_mppe decompressor:
 * stateless mode follows the coherency count forward (one key change per step, late packets
 * dropped); stateful mode detects loss, then discards until a flushed packet and catches up one key
 * change per missed flag packet (§8.2). Decrypts in place; no allocation; never throws on bad input.
 */
public final class MppeDecryptor {
    /** What became of one packet. */
    public enum Result {
        OK,
        /** Shorter than the header plus one octet. */
        TOO_SHORT,
        /** Header bits that must not occur (not encrypted, MPPC, flushed bit missing where required). */
        BAD_HEADER,
        /** Stateless: the count is not ahead of the last one (duplicate or reordered). */
        LATE,
        /** Stateful: a packet was lost; send a CCP Reset-Request and discard until flushed. */
        LOST,
        /** Stateful: still waiting for a flushed packet after a loss. */
        DISCARDING
    }

    /** Linux's SANITY_MAX: bad headers cost 100 each, good packets halve the score. */
    public static final int SANITY_MAX = 1600;
    private static final int SANITY_COST = 100;
    /** Stateless: a count more than half the space ahead is taken as late, not as a jump forward. */
    private static final int HALF_SPACE = MppeHeader.COHERENCY_COUNT_SPACE / 2;

    private final MppeKeySchedule keys;
    private final boolean stateful;
    private int coherencyCount = MppeHeader.COHERENCY_COUNT_MASK;
    private boolean discarding;
    private int sanityErrors;
    private long packets;

    public MppeDecryptor(byte[] startKey, MppeKeyLength strength, boolean stateful) {
        this.keys = new MppeKeySchedule(startKey, strength);
        this.stateful = stateful;
    }

    /**
     * Checks the header at {@code offset} and decrypts the rest of the {@code length} octets in place
     * (they start at {@code offset + MppeHeader.LENGTH}).
     */
    public Result open(byte[] buffer, int offset, int length) {
        if (length <= MppeHeader.LENGTH) {
            return Result.TOO_SHORT;
        }
        int bits = MppeHeader.bits(buffer[offset]);
        int count = MppeHeader.coherencyCount(buffer[offset], buffer[offset + 1]);
        boolean flushed = (bits & MppeHeader.FLUSHED) != 0;
        boolean flag = (count & MppeHeader.FLAG_PACKET_MASK) == MppeHeader.FLAG_PACKET_MASK;
        if ((bits & MppeHeader.ENCRYPTED) == 0 || (bits & MppeHeader.COMPRESSED) != 0
                || !stateful && !flushed || stateful && flag && !flushed) {
            sanityErrors += SANITY_COST;
            return Result.BAD_HEADER;
        }
        if (!stateful) {
            int ahead = (count - coherencyCount) & MppeHeader.COHERENCY_COUNT_MASK;
            if (ahead == 0 || ahead > HALF_SPACE) {
                return Result.LATE;
            }
            for (int i = 0; i < ahead; i++) {
                keys.rekey();
            }
            coherencyCount = count;
        } else {
            if (!discarding) {
                coherencyCount = (coherencyCount + 1) & MppeHeader.COHERENCY_COUNT_MASK;
                if (count != coherencyCount) {
                    discarding = true;
                    return Result.LOST;
                }
            } else {
                if (!flushed) {
                    return Result.DISCARDING;
                }
                // one key change for every flag packet we missed (at most 16 in a 12-bit space)
                while ((count & ~MppeHeader.FLAG_PACKET_MASK) != (coherencyCount & ~MppeHeader.FLAG_PACKET_MASK)) {
                    keys.rekey();
                    coherencyCount = (coherencyCount + 256) & MppeHeader.COHERENCY_COUNT_MASK;
                }
                discarding = false;
                coherencyCount = count;
            }
            if (flushed) {
                keys.rekey();
            }
        }
        keys.crypt(buffer, offset + MppeHeader.LENGTH, length - MppeHeader.LENGTH);
        sanityErrors >>= 1;
        packets++;
        return Result.OK;
    }

    /** Whether the peer has sent so many bad headers that the link should go down (as Linux does). */
    public boolean tooManyErrors() {
        return sanityErrors >= SANITY_MAX;
    }

    public boolean stateful() {
        return stateful;
    }

    public MppeKeyLength strength() {
        return keys.strength();
    }

    public long packets() {
        return packets;
    }

    public void destroy() {
        keys.destroy();
    }
}
