package io.pptp2wg.wireguard.tunnel;

/**
 * What became of one incoming message. The first five are accepted messages; every other value is a refusal,
 * counted per tunnel (or per socket when no tunnel could be named) and never an exception.
 */
public enum Disposition {
    DATA,
    KEEPALIVE,
    HANDSHAKE_INITIATION,
    HANDSHAKE_RESPONSE,
    COOKIE_REPLY,
    /** Fewer than 4 bytes: no type field. */
    TOO_SHORT,
    /** A known type with the wrong length (handshake 148/92, cookie 64, transport >= 32). */
    BAD_LENGTH,
    /** Type not 1-4, or a reserved byte not zero. */
    UNKNOWN_TYPE,
    /** MAC1 matches none of our identities (initiation) or not the addressed one (response). */
    BAD_MAC1,
    /** Under load without a valid MAC2: a cookie reply was sent instead. */
    COOKIE_SENT,
    /** Under load and over the per-source handshake rate. */
    RATE_LIMITED,
    /** No session or handshake has this receiver index. */
    UNKNOWN_RECEIVER,
    /** The Noise handshake message does not verify (AEAD or DH). */
    HANDSHAKE_FAILED,
    /** An initiation that authenticates a static key other than our peer's. */
    UNKNOWN_PEER,
    /** An initiation whose TAI64N timestamp is not newer than the last accepted one (replay). */
    STALE_TIMESTAMP,
    /** A second initiation from the peer within 1/50 s (the kernel's and wireguard-go's flood limit). */
    INITIATION_FLOOD,
    /** A response to no initiation of ours. */
    UNEXPECTED_RESPONSE,
    /** A cookie reply we cannot use: nothing sent that it could answer, or it does not decrypt. */
    BAD_COOKIE_REPLY,
    /** Transport data whose AEAD tag does not verify. */
    DECRYPT_FAILED,
    /** Transport data with a counter seen before or behind the window. */
    REPLAYED,
    /** Transport data for a keypair older than REJECT_AFTER_TIME. */
    KEYPAIR_EXPIRED,
    /** Decrypted, but not an IPv4/IPv6 packet of consistent length. */
    BAD_INNER_PACKET,
    /**
     * Not this device's: its receiver index belongs to another lane of the socket, or (an initiation) none of this
     * lane's identities made its MAC1. Handed to another lane, neither accepted nor refused here.
     */
    OTHER_LANE;

    public boolean accepted() {
        return ordinal() <= COOKIE_REPLY.ordinal();
    }
}
