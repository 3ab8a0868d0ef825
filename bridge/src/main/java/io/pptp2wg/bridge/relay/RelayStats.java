package io.pptp2wg.bridge.relay;

import io.pptp2wg.stats.EnumCounters;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The relay's counters: packets and bytes each way, and every drop by reason. Thread-safe, lock-free. */
public final class RelayStats {
    private final EnumCounters<RelayDrop> drops = new EnumCounters<>(RelayDrop.class);
    final LongAdder packetsToBackend = new LongAdder();
    final LongAdder bytesToBackend = new LongAdder();
    final LongAdder packetsToClients = new LongAdder();
    final LongAdder bytesToClients = new LongAdder();
    final LongAdder packetsToLocal = new LongAdder();
    final LongAdder packetsFromLocal = new LongAdder();

    RelayStats() {}

    void drop(RelayDrop reason) {
        drops.increment(reason);
    }

    public long dropped(RelayDrop reason) {
        return drops.get(reason);
    }

    public Map<RelayDrop, Long> drops() {
        return drops.snapshot();
    }

    public long packetsToBackend() {
        return packetsToBackend.sum();
    }

    public long bytesToBackend() {
        return bytesToBackend.sum();
    }

    public long packetsToClients() {
        return packetsToClients.sum();
    }

    public long bytesToClients() {
        return bytesToClients.sum();
    }

    /** Packets between the sessions and the host's self-service page (through its TUN), each way. */
    public long packetsToLocal() {
        return packetsToLocal.sum();
    }

    public long packetsFromLocal() {
        return packetsFromLocal.sum();
    }

    @Override
    public String toString() {
        return "RelayStats[toBackend=" + packetsToBackend() + "/" + bytesToBackend() + "B, toClients=" + packetsToClients()
                + "/" + bytesToClients() + "B, drops=" + drops() + "]";
    }
}
