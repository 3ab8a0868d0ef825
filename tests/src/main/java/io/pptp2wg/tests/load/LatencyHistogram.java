package io.pptp2wg.tests.load;

/**
 * Latencies in nanoseconds, log-linear buckets (64 per power of two: within 1.6 % of the value), from
 * 1 ns to about 18 minutes; fixed size, no allocation per value. One writer thread; {@link #add}
 * merges others' after the run. Written here because nothing among the project's dependencies has a
 * histogram without a per-value allocation or a clock of its own (HdrHistogram is not one of them).
 */
final class LatencyHistogram {
    private static final int SUB_BUCKET_BITS = 6;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    /** Values up to 2^40 ns (~18 min); larger ones land in the last bucket. */
    private static final int MAX_EXPONENT = 40;
    private static final int BUCKETS = (MAX_EXPONENT - SUB_BUCKET_BITS + 2) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    static int index(long v) {
        if (v < SUB_BUCKETS) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BUCKET_BITS
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (v >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
        return (exponent - SUB_BUCKET_BITS + 1) * SUB_BUCKETS + sub;
    }

    /** The smallest value a bucket holds. */
    static long lowest(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = index / SUB_BUCKETS - 1 + SUB_BUCKET_BITS;
        int sub = index % SUB_BUCKETS;
        return (1L << exponent) | ((long) sub << (exponent - SUB_BUCKET_BITS));
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** The value at {@code percentile} (0-100): the lower edge of its bucket, or -1 when empty. */
    long percentile(double percentile) {
        if (total == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(total * percentile / 100.0));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(lowest(i), max);
            }
        }
        return max;
    }
}
