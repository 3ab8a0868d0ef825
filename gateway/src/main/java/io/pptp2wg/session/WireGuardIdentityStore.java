package io.pptp2wg.session;

import com.wireguard.crypto.Key;
import com.wireguard.crypto.KeyPair;

import java.util.Optional;

/**
 * Per-user mode: each PPTP user's own WireGuard identity, created once and kept (the admin API keeps
 * it in its database), so that the backend sees the same peer before and after the user moves to a
 * native WireGuard client. Implementations are thread-safe and answer from memory: callers may be
 * I/O threads.
 */
public interface WireGuardIdentityStore {
    /**
     * The user's key pair, created on first use and the same ever after. Empty for a name that is not
     * a user (not in chap-secrets / UCI). The private key is for the WireGuard handshake only: never
     * logged, never sent anywhere.
     */
    Optional<KeyPair> identityFor(String user);

    /** The user whose identity has this public key (a handshake initiation names only the key). */
    Optional<String> userOf(Key publicKey);

    /**
     * Whether the user's own identity now belongs to a native WireGuard client: a device of theirs was cut over
     * onto it and its handshake was seen from elsewhere. The gateway must then stop using that key (two endpoints
     * of one key fight at the backend) and carry the user's remaining PPTP devices as it carries further devices.
     */
    default boolean usedNatively(String user) {
        return false;
    }

    /**
     * Whether the backend has ever answered a handshake of the user's own identity (so it holds the user's [Peer]).
     * Until it has, the relay carries the user's sessions on the gateway's own identity, whose backend peer holds the
     * pool, and keeps offering the user's handshake; at the first answer the sessions move onto the user's identity.
     * Stores that cannot tell say true (the user's identity at once, as before).
     */
    default boolean answeredByBackend(String user) {
        return true;
    }

    /** The backend answered a handshake of the user's identity (called once per identity; must not block long). */
    default void backendAnswered(String user) {
    }
}
