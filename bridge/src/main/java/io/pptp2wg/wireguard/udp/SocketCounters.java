package io.pptp2wg.wireguard.udp;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/** What all lanes of one {@link WireGuardSocket} count together (readable from any thread). */
final class SocketCounters {
    /** Datagrams dropped because the socket could not take more, or could not reach their endpoint. */
    final LongAdder writeDrops = new LongAdder();
    /** Datagrams that reached another lane's socket than their identity's and were handed over. */
    final LongAdder handedOver = new LongAdder();
    /** Set once the warning about an endpoint our IPv4 socket cannot reach has been logged. */
    final AtomicBoolean warnedNotIpv4 = new AtomicBoolean();
}
