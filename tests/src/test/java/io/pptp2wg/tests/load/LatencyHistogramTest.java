package io.pptp2wg.tests.load;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyHistogramTest {
    @Test
    void percentilesAreWithinTheBucketPrecision() {
        LatencyHistogram h = new LatencyHistogram();
        Random r = new Random(1);
        long[] values = new long[100_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(r.nextDouble() * Math.log(5e9)); // 1 ns .. 5 s, log-uniform
            h.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {1, 50, 90, 99, 99.9}) {
            long exact = values[(int) Math.ceil(values.length * p / 100) - 1];
            assertThat((double) h.percentile(p)).as("p" + p).isCloseTo(exact, within(exact * 0.02 + 1));
        }
        assertThat(h.max()).isEqualTo(values[values.length - 1]);
        assertThat(h.count()).isEqualTo(values.length);
    }

    @Test
    void bucketsRoundTripAndMergesAdd() {
        for (long v : new long[] {0, 1, 63, 64, 65, 1000, 1 << 20, 123_456_789_012L}) {
            long low = LatencyHistogram.lowest(LatencyHistogram.index(v));
            assertThat(low).isLessThanOrEqualTo(v);
            assertThat(v - low).isLessThanOrEqualTo(Math.max(1, v / 64));
        }
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(10);
        b.record(1000);
        b.record(2000);
        a.add(b);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.percentile(50)).isBetween(985L, 1000L);
        assertThat(new LatencyHistogram().percentile(50)).isEqualTo(-1);
    }
}
