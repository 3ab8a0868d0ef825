package io.pptp2wg.bridge.relay;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The relay's counters: packets and bytes each way, and every drop by reason. Thread-safe, lock-free. */
public final class RelayStats {
    private final LongAdder[] drops = new LongAdder[RelayDrop.values().length];
    final LongAdder packetsToBackend = new LongAdder();
    final LongAdder bytesToBackend = new LongAdder();
    final LongAdder packetsToClients = new LongAdder();
    final LongAdder bytesToClients = new LongAdder();

    RelayStats() {
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
    }

    void drop(RelayDrop reason) {
        drops[reason.ordinal()].increment();
    }

    public long dropped(RelayDrop reason) {
        return drops[reason.ordinal()].sum();
    }

    public Map<RelayDrop, Long> drops() {
        Map<RelayDrop, Long> m = new EnumMap<>(RelayDrop.class);
        for (RelayDrop d : RelayDrop.values()) {
            m.put(d, dropped(d));
        }
        return m;
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

    @Override
    public String toString() {
        return "RelayStats[toBackend=" + packetsToBackend() + "/" + bytesToBackend() + "B, toClients=" + packetsToClients()
                + "/" + bytesToClients() + "B, drops=" + drops() + "]";
    }
}
