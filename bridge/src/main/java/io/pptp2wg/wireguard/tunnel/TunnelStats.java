package io.pptp2wg.wireguard.tunnel;

import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of one tunnel's counters. Bytes are WireGuard UDP payload bytes including handshake messages,
 * exactly what {@code wg show IFACE dump} counts on the other side.
 */
public record TunnelStats(long txBytes, long rxBytes, long txDataPackets, long rxDataPackets, long handshakes,
                          long droppedWhenHandshakeGaveUp, Map<SendResult, Long> sendDrops,
                          Map<Disposition, Long> received) {

    TunnelStats(Counters c) {
        this(c.get(Tunnel.TX_BYTES), c.get(Tunnel.RX_BYTES), c.get(Tunnel.TX_DATA), c.get(Tunnel.RX_DATA),
                c.get(Tunnel.HANDSHAKES), c.get(Tunnel.GAVE_UP_DROPS), sendDrops(c), received(c));
    }

    public long received(Disposition d) {
        return received.getOrDefault(d, 0L);
    }

    /** Messages refused (every disposition that is not an acceptance). */
    public long refused() {
        return received.entrySet().stream().filter(e -> !e.getKey().accepted()).mapToLong(Map.Entry::getValue).sum();
    }

    private static Map<SendResult, Long> sendDrops(Counters c) {
        Map<SendResult, Long> m = new EnumMap<>(SendResult.class);
        for (SendResult r : SendResult.values()) {
            long v = c.get(Tunnel.SEND_DROPS + r.ordinal());
            if (v != 0) {
                m.put(r, v);
            }
        }
        return m;
    }

    private static Map<Disposition, Long> received(Counters c) {
        Map<Disposition, Long> m = new EnumMap<>(Disposition.class);
        for (Disposition d : Disposition.values()) {
            long v = c.get(Tunnel.DISPOSITIONS + d.ordinal());
            if (v != 0) {
                m.put(d, v);
            }
        }
        return m;
    }
}
