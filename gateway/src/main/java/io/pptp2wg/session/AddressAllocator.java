package io.pptp2wg.session;

import java.util.OptionalInt;

/**
 * Gives each session its tunnel address: the user's fixed chap-secrets address, or one from the
 * {@code remoteip} pool that stays the user's across reconnects where the pool allows (the WireGuard
 * side needs stable addresses). Implementations must be thread-safe.
 */
public interface AddressAllocator {
    /** An address for the user's new session, or empty when the pool is exhausted or the address is in use. */
    OptionalInt allocate(String user);

    /** The session holding the address ended. */
    void release(String user, int address);
}
