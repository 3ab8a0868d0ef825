package io.pptp2wg.session;

import java.util.OptionalInt;

/**
 * Gives each session its tunnel address: the user's own address (the fixed chap-secrets address, or one from the
 * {@code remoteip} pool that stays the user's across reconnects where the pool allows: the WireGuard side needs
 * stable addresses) for the user's first session, and for further sessions of the same user at the same time an
 * address borrowed from the pool for that session (pptpd's behaviour: several logins of one name are several calls
 * with several addresses). Implementations must be thread-safe.
 */
public interface AddressAllocator {
    /** How a session holds its address. */
    enum Holding {
        /** The user's own (fixed or sticky) address: per-user mode carries it on the user's own WireGuard identity. */
        OWN,
        /** A pool address that is nobody's own, lent for this session: carried on the gateway's identity. */
        BORROWED
    }

    /** What the session asks for. */
    enum Claim {
        /** A new session: the user's own address if no session holds it, else a borrowed one. */
        NEW_SESSION,
        /**
         * A reconnect of the device whose older session holds the user's own address: the new session takes that
         * address although it is still held (the gateway then ends the older session). Per-user mode only.
         */
        RECONNECT
    }

    /** The answer: an address and how it is held, or none and why (for the log and the client). */
    sealed interface Result {
        record Assigned(int address, Holding holding) implements Result {}

        record None(String why) implements Result {}

        /**
         * Not yet: the gateway is finding out whether the user's older session on the same device is still alive
         * ({@link ReconnectRule}). The PPP link holds its network phase and asks again when resumed.
         */
        record Pending() implements Result {}
    }

    /** An address for the user's new session, or empty when the pool is exhausted or the address is in use. */
    OptionalInt allocate(String user);

    /** An address for a session of the user, with how it is held; allocators without borrowing say OWN. */
    default Result assign(String user, Claim claim) {
        OptionalInt a = allocate(user);
        return a.isPresent() ? new Result.Assigned(a.getAsInt(), Holding.OWN) : new Result.None("pool exhausted");
    }

    /**
     * Whether a {@link Claim#RECONNECT} can take the user's own address over (per-user mode); when not (shared mode,
     * where every session runs on the gateway's identity and none is replaced), the gateway never asks for it.
     */
    default boolean takesOverReconnects() {
        return true;
    }

    /** The session holding the address ended. */
    void release(String user, int address);
}
