package io.pptp2wg.admin.metrics;

import io.pptp2wg.bridge.relay.Relay;
import io.pptp2wg.bridge.relay.RelayStats;
import io.pptp2wg.bridge.relay.WireGuardTotals;

import java.util.List;
import java.util.function.Supplier;

import static io.pptp2wg.admin.metrics.PrometheusText.Family;
import static io.pptp2wg.admin.metrics.PrometheusText.Sample;
import static io.pptp2wg.admin.metrics.PrometheusText.byLabel;
import static io.pptp2wg.admin.metrics.PrometheusText.labels;

/**
 * The relay's counters and its WireGuard identities' (summed; removed identities included, so counters only
 * grow), read at scrape time. Labels are the enum names in lower case, e.g.
 * {@code pptp2wg_relay_dropped_total{reason="wrong_identity"}}.
 */
public final class RelayMetrics {
    private RelayMetrics() {}

    /** Nothing while {@code relay} gives null (the data plane is not started). */
    public static Supplier<List<Family>> of(Supplier<Relay> relay) {
        return () -> {
            Relay r = relay.get();
            return r == null ? List.of() : families(r.stats(), r.wireGuardTotals());
        };
    }

    static List<Family> families(RelayStats s, WireGuardTotals wg) {
        return List.of(
                new Family("pptp2wg_relay_packets_total", "counter", "IP packets relayed between PPTP sessions and the backend",
                        List.of(new Sample(labels("direction", "to_backend"), s.packetsToBackend()),
                                new Sample(labels("direction", "to_clients"), s.packetsToClients()))),
                new Family("pptp2wg_relay_bytes_total", "counter", "IP bytes relayed between PPTP sessions and the backend",
                        List.of(new Sample(labels("direction", "to_backend"), s.bytesToBackend()),
                                new Sample(labels("direction", "to_clients"), s.bytesToClients()))),
                new Family("pptp2wg_relay_dropped_total", "counter", "IP packets the relay did not forward, by reason", byLabel("reason", s.drops())),
                new Family("pptp2wg_wireguard_identities", "gauge", "WireGuard identities on the socket (per-user: users on)",
                        List.of(Sample.of(wg.identities()))),
                new Family("pptp2wg_wireguard_transport_bytes_total", "counter",
                        "WireGuard UDP payload bytes with the backend, handshakes included (as wg show counts them)",
                        List.of(new Sample(labels("direction", "tx"), wg.txBytes()),
                                new Sample(labels("direction", "rx"), wg.rxBytes()))),
                new Family("pptp2wg_wireguard_received_total", "counter",
                        "WireGuard messages received, by what became of them", byLabel("disposition", wg.received())),
                new Family("pptp2wg_wireguard_refused_unattributed_total", "counter",
                        "WireGuard messages refused before an identity could be named", byLabel("disposition", wg.refusedUnattributed())),
                new Family("pptp2wg_wireguard_send_dropped_total", "counter",
                        "IP packets WireGuard could not send, by reason", byLabel("reason", wg.sendDrops())),
                new Family("pptp2wg_wireguard_socket_write_drops_total", "counter",
                        "datagrams dropped because the UDP socket was full", List.of(Sample.of(wg.writeDrops()))));
    }
}
