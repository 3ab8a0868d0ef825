package io.pptp2wg.wireguard.tunnel;

import io.pptp2wg.stats.EnumCounters;

import java.util.Map;

/**
 * A snapshot of one tunnel's counters. Bytes are WireGuard UDP payload bytes including handshake messages,
 * exactly what {@code wg show IFACE dump} counts on the other side.
 */
public record TunnelStats(long txBytes, long rxBytes, long txDataPackets, long rxDataPackets, long handshakes,
                          long droppedWhenHandshakeGaveUp, Map<SendResult, Long> sendDrops,
                          Map<Disposition, Long> received) {

    static TunnelStats of(EnumCounters<TunnelCounter> totals, EnumCounters<SendResult> sendDrops,
                          EnumCounters<Disposition> received) {
        return new TunnelStats(totals.get(TunnelCounter.TX_BYTES), totals.get(TunnelCounter.RX_BYTES),
                totals.get(TunnelCounter.TX_DATA), totals.get(TunnelCounter.RX_DATA),
                totals.get(TunnelCounter.HANDSHAKES), totals.get(TunnelCounter.GAVE_UP_DROPS), nonZero(sendDrops),
                nonZero(received));
    }

    public long received(Disposition d) {
        return received.getOrDefault(d, 0L);
    }

    /** Messages refused (every disposition that is not an acceptance). */
    public long refused() {
        return received.entrySet().stream().filter(e -> !e.getKey().accepted()).mapToLong(Map.Entry::getValue).sum();
    }

    private static <E extends Enum<E>> Map<E, Long> nonZero(EnumCounters<E> c) {
        Map<E, Long> m = c.snapshot();
        m.values().removeIf(v -> v == 0);
        return m;
    }
}
