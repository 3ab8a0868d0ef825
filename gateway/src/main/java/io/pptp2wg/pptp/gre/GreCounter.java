package io.pptp2wg.pptp.gre;

/** What the GRE layer counts; every drop has its own counter. */
public enum GreCounter {
    PACKETS_RECEIVED,
    /** Data packets handed to PPP. */
    PAYLOADS_DELIVERED,
    /** Packets that carried only an acknowledgment. */
    ACK_ONLY_RECEIVED,
    DATA_SENT,
    ACK_ONLY_SENT,
    /** Malformed headers (split in {@link GreMalformed}). */
    MALFORMED,
    /** The Call ID names no open call. */
    UNKNOWN_CALL_ID,
    /** The Call ID is open but the packet came from another address than its control connection. */
    WRONG_SOURCE,
    /** A sequence number already received. */
    DUPLICATE,
    /** A sequence number older than the reorder tolerance. */
    OUT_OF_WINDOW,
    /** A late packet within the reorder tolerance, delivered. */
    REORDERED,
    /** Sequence numbers skipped (lost or still to come), summed. */
    SEQUENCE_GAPS,
    /** An acknowledgment for a packet we never sent: ignored. */
    BAD_ACK,
    /** Data held back because the peer's receive window was full. */
    WINDOW_QUEUED,
    /** Data dropped because the window was full and the hold-back queue too. */
    WINDOW_FULL_DROPS,
    /** No acknowledgment in time: outstanding packets were given up as lost (RFC 2637 §4.4). */
    ACK_TIMEOUTS,
    /** A payload too large for one GRE packet. */
    OVERSIZE_DROPS,
    /** The socket reader's hand-over queue to the session's thread was full. */
    INBOX_FULL_DROPS,
    /** sendto failed. */
    SEND_ERRORS
}
