package io.pptp2wg.bridge.relay;

import io.pptp2wg.wireguard.tunnel.Disposition;
import io.pptp2wg.wireguard.tunnel.SendResult;
import io.pptp2wg.wireguard.tunnel.TunnelStats;

import java.util.EnumMap;
import java.util.Map;

/**
 * The counters of every WireGuard identity the relay has had, the removed ones included (so that they only
 * grow, as metrics counters must), plus the socket's own.
 *
 * @param identities          identities on the socket now
 * @param txBytes             WireGuard UDP payload bytes sent (handshakes included, as {@code wg show} counts)
 * @param rxBytes             WireGuard UDP payload bytes received and accepted
 * @param handshakes          handshakes completed
 * @param received            incoming messages by what became of them (accepted kinds and refusals)
 * @param sendDrops           IP packets WireGuard could not send, by reason
 * @param refusedUnattributed messages refused before an identity could be named
 * @param writeDrops          datagrams dropped because the socket was full
 */
public record WireGuardTotals(int identities, long txBytes, long rxBytes, long handshakes, Map<Disposition, Long> received,
                              Map<SendResult, Long> sendDrops, Map<Disposition, Long> refusedUnattributed, long writeDrops) {

    /** A running sum of identities' counters (not thread-safe: the relay guards it). */
    static final class Sum {
        long txBytes;
        long rxBytes;
        long handshakes;
        final Map<Disposition, Long> received = new EnumMap<>(Disposition.class);
        final Map<SendResult, Long> sendDrops = new EnumMap<>(SendResult.class);

        void add(TunnelStats s) {
            txBytes += s.txBytes();
            rxBytes += s.rxBytes();
            handshakes += s.handshakes();
            s.received().forEach((d, n) -> received.merge(d, n, Long::sum));
            s.sendDrops().forEach((r, n) -> sendDrops.merge(r, n, Long::sum));
        }

        void add(Sum other) {
            txBytes += other.txBytes;
            rxBytes += other.rxBytes;
            handshakes += other.handshakes;
            other.received.forEach((d, n) -> received.merge(d, n, Long::sum));
            other.sendDrops.forEach((r, n) -> sendDrops.merge(r, n, Long::sum));
        }
    }
}
