package io.pptp2wg.wireguard.replay;

import io.pptp2wg.wireguard.Whitepaper;

/**
 * The receiving side's sliding window over message counters (whitepaper §5.4.6), as RFC 6479 describes it and
 * as the kernel and wireguard-go size it: a ring of 128 blocks of 64 bits; the block holding the newest counter
 * may be partly ahead, so the window reaches {@link #WINDOW_SIZE} = (128 - 1) x 64 = 8128 counters back.
 * Called only after the message authenticated, so a forged counter cannot move it. Not thread-safe.
 */
public final class ReplayWindow {
    private static final int BLOCK_BITS_LOG = 6;
    private static final int BLOCK_BITS = 1 << BLOCK_BITS_LOG;
    private static final int RING_BLOCKS = 128;
    public static final int WINDOW_SIZE = (RING_BLOCKS - 1) * BLOCK_BITS;

    private final long[] ring = new long[RING_BLOCKS];
    private long greatest;

    /**
     * Accepts a counter that was never seen, is below {@code limit} (REJECT_AFTER_MESSAGES) and is not more
     * than WINDOW_SIZE behind the greatest one seen, and records it. Counters are unsigned 64-bit values.
     */
    public boolean accept(long counter, long limit) {
        if (Long.compareUnsigned(counter, limit) >= 0) {
            return false;
        }
        long block = counter >>> BLOCK_BITS_LOG;
        if (Long.compareUnsigned(counter, greatest) > 0) {
            long top = greatest >>> BLOCK_BITS_LOG;
            long advance = Math.min(block - top, RING_BLOCKS); // blocks entering the window start empty
            for (long i = 1; i <= advance; i++) {
                ring[(int) ((top + i) & (RING_BLOCKS - 1))] = 0;
            }
            greatest = counter;
        } else if (greatest - counter > WINDOW_SIZE) {
            return false;
        }
        int slot = (int) (block & (RING_BLOCKS - 1));
        long bit = 1L << (counter & (BLOCK_BITS - 1));
        long old = ring[slot];
        ring[slot] = old | bit;
        return (old & bit) == 0;
    }

    public boolean accept(long counter) {
        return accept(counter, Whitepaper.REJECT_AFTER_MESSAGES);
    }

    /** The greatest counter accepted so far (0 before any). */
    public long greatest() {
        return greatest;
    }
}
