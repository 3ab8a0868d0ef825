package io.pptp2wg.bridge.relay;

/**
 * Which WireGuard identity carries a session's packets to the backend, and on which the backend's packets for the
 * session's address are taken (cryptokey routing, whitepaper §2: only from the peer that holds the address).
 * Decided per packet by {@link Ride} (per-user mode, an address of the user's own) or by the address's holding.
 */
public enum Carrier {
    /** Shared mode, or per-user mode on a borrowed address: the gateway's identity, whose backend peer holds the pool. */
    GATEWAY(true),
    /** The user's own identity, which the backend has answered. */
    OWN(false),
    /**
     * The user's own identity, whose first handshake is out and not answered yet (for at most {@link Ride#FIRST_ANSWER_GRACE}
     * when the session may ride): packets wait on it as on any fresh handshake.
     */
    AWAITING_ANSWER(false),
    /**
     * The gateway's identity, because the backend has not answered the user's own (it lacks the user's [Peer]); the
     * backend's packets are taken from either identity, since its answer may come at any time.
     */
    RIDING(true),
    /**
     * The user's own identity just after riding: the backend's packets are still taken from the gateway's identity
     * for {@link Ride#DRAIN} too, so that those it sent through the gateway's peer before it knew the user's arrive.
     */
    LEAVING_GATEWAY(false);

    private final boolean sendsOnGateway;

    Carrier(boolean sendsOnGateway) {
        this.sendsOnGateway = sendsOnGateway;
    }

    /** Whether the session's packets go to the backend on the gateway's identity (else on its user's own). */
    public boolean sendsOnGateway() {
        return sendsOnGateway;
    }

    /**
     * Whether a backend packet for the session of {@code sessionUser} is taken when it arrived on the identity of
     * {@code identityUser} (null: the gateway's); never on another user's.
     */
    public boolean takesFrom(String identityUser, String sessionUser) {
        return switch (this) {
            case GATEWAY -> identityUser == null;
            case OWN, AWAITING_ANSWER -> sessionUser.equals(identityUser);
            case RIDING, LEAVING_GATEWAY -> identityUser == null || sessionUser.equals(identityUser);
        };
    }
}
