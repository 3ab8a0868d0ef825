package io.pptp2wg.bench;

import io.netty.util.collection.IntObjectHashMap;
import io.pptp2wg.wireguard.device.IndexTable;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The device's receiver-index lookup (once per received WireGuard message): our {@link IndexTable} against Netty's
 * {@code IntObjectHashMap} it replaced, same keys (random, a lane's low octets as Device gives them out), same lookup order, 1 of 16 misses.
 * {@code mvn -B -ntp -pl bridge -am -Pjmh verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Djmh.args='IndexTableBenchmark'}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IndexTableBenchmark {
    private static final int LOOKUPS = 1024;

    @Param({"1000", "20000"})
    int entries;

    /** The device's lanes: a lane's indices share low octets (LaneIndices.ownLane), 1 of 2 here for lane 0 of 2. */
    @Param({"1", "2"})
    int lanes;

    private final IntObjectHashMap<Object> netty = new IntObjectHashMap<>();
    private final IndexTable<Object> ours = new IndexTable<>();
    private final int[] lookups = new int[LOOKUPS];

    @Setup
    public void setUp() {
        Random random = new Random(42);
        int[] keys = new int[entries];
        Object value = new Object();
        for (int i = 0; i < entries; i++) {
            keys[i] = ownLane(random.nextInt());
            netty.put(keys[i], value);
            ours.put(keys[i], value);
        }
        for (int i = 0; i < LOOKUPS; i++) {
            lookups[i] = i % 16 == 0 ? ownLane(random.nextInt()) : keys[random.nextInt(entries)];
        }
    }

    /** As LaneIndices.ownLane for lane 0. */
    private int ownLane(int r) {
        if (lanes == 1) {
            return r;
        }
        int slots = (255 - 0) / lanes + 1;
        return r & ~0xFF | lanes * Integer.remainderUnsigned(r, slots);
    }

    @Benchmark
    public int nettyIntObjectHashMap() {
        int found = 0;
        for (int key : lookups) {
            found += netty.get(key) != null ? 1 : 0;
        }
        return found;
    }

    @Benchmark
    public int indexTable() {
        int found = 0;
        for (int key : lookups) {
            found += ours.get(key) != null ? 1 : 0;
        }
        return found;
    }
}
