package io.pptp2wg.bridge.relay;

/** Why the relay did not forward a packet; each is counted. */
public enum RelayDrop {
    /** Not a whole IPv4 packet (IPv6, truncated, lengths that disagree). */
    MALFORMED,
    /** From a client, with a source address that is not the session's tunnel address (spoofing). */
    SPOOFED_SOURCE,
    /** From a client, to a destination outside the backend peer's AllowedIPs. */
    NOT_ROUTED,
    /** From a client, larger than the WireGuard MTU with DF set: answered with ICMP fragmentation-needed. */
    TOO_BIG_DF,
    /** Larger than the path allows and may not be answered (no DF, or a fragment). */
    TOO_BIG,
    /** From the backend, to an address no live session has. */
    NO_SESSION,
    /** From the backend, to user A's address but on user B's identity (per-user mode): a cross-user leak refused. */
    WRONG_IDENTITY,
    /** From the backend, with a source outside the backend peer's AllowedIPs (cryptokey routing). */
    SOURCE_NOT_ALLOWED,
    /** The session has no WireGuard identity yet or any more (logging in or out). */
    NO_IDENTITY,
    /** WireGuard could not take it (handshake queue full, no endpoint...): see the identity's counters. */
    WIREGUARD_REFUSED,
    /** Written by the host into the self-service TUN but not from the page's address and port: kept out of the tunnels. */
    NOT_FROM_LOCAL_SERVICE
}
