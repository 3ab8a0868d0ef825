package io.pptp2wg.radius;

/** Why a datagram to the Dynamic Authorization Server (RFC 5176) was dropped without an answer (each counted). */
public enum DaeDrop {
    /** Shorter than the header, a Length that disagrees with the datagram, or attributes that overrun it. */
    MALFORMED,
    /** From an address that is not one of the configured clients (RFC 5176 §5.3: silently discarded). */
    UNKNOWN_CLIENT,
    /** Neither a Disconnect-Request nor a CoA-Request. */
    UNEXPECTED_CODE,
    /** The Request Authenticator (RFC 5176 §2.3) does not match the client's shared secret. */
    BAD_AUTHENTICATOR,
    /** Message-Authenticator present but wrong, repeated or of the wrong size. */
    BAD_MESSAGE_AUTHENTICATOR,
    /** Event-Timestamp outside the replay window (RFC 5176 §3.4). */
    STALE_TIMESTAMP
}
