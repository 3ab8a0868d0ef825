package io.pptp2wg.radius;

/** Why a datagram from a RADIUS server was dropped (each counted, none trusted). */
public enum RadiusDrop {
    /** Shorter than the header, a Length that disagrees with the datagram, or attributes that overrun it. */
    MALFORMED,
    /** No request of ours is waiting with this Identifier at this server (late, repeated or forged). */
    UNKNOWN_IDENTIFIER,
    /** Not an Access-Accept, -Reject or -Challenge. */
    UNEXPECTED_CODE,
    /** The Response Authenticator (RFC 2865 §3) does not match our request and the shared secret. */
    BAD_AUTHENTICATOR,
    /** Message-Authenticator (RFC 3579 §3.2) missing, repeated or of the wrong size: required (Blast-RADIUS). */
    NO_MESSAGE_AUTHENTICATOR,
    /** Message-Authenticator present but wrong. */
    BAD_MESSAGE_AUTHENTICATOR,
    /** Authenticated, but an attribute the gateway uses is malformed, or a required one is missing. */
    BAD_ATTRIBUTES,
    /** From an address that is not one of the configured servers (counted by the transport). */
    UNKNOWN_SERVER
}
