package io.pptp2wg.wireguard.tunnel;

/** What became of one IP packet handed to a tunnel for sending. */
public enum SendResult {
    /** Encrypted and given to the network. */
    SENT,
    /** Held until a handshake completes (one was started or is under way). */
    QUEUED,
    /** The queue for packets awaiting a handshake is full: dropped. */
    DROPPED_QUEUE_FULL,
    /** Larger than a WireGuard message can carry: dropped. */
    DROPPED_TOO_BIG,
    /** The peer's endpoint is not known (it never wrote to us and none is configured): dropped. */
    DROPPED_NO_ENDPOINT,
    /** The tunnel was closed. */
    DROPPED_CLOSED
}
