package io.pptp2wg.wireguard.tunnel;

/** One tunnel's totals beside its send results and dispositions (see {@link TunnelStats}). */
enum TunnelCounter {
    /** WireGuard UDP payload bytes sent, handshakes included (what {@code wg show} counts on the other side). */
    TX_BYTES,
    RX_BYTES,
    /** Transport messages with an IP packet (keepalives not counted). */
    TX_DATA,
    RX_DATA,
    /** Handshakes completed, either side initiating. */
    HANDSHAKES,
    /** Packets dropped from the staging queue when a handshake attempt gave up (§6.4). */
    GAVE_UP_DROPS
}
