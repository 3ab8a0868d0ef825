package io.pptp2wg.session;

import java.time.Instant;
import java.util.Optional;

/**
 * What the WireGuard side (the bridge) tells the admin API about its handshakes with the backend:
 * shown per session in {@code GET /api/sessions}, used by the health check and the metrics.
 * Implementations are thread-safe and answer from memory.
 */
public interface WireGuardHandshakes {
    /**
     * When the identity that carries this user's traffic (the user's own in per-user mode, the
     * gateway's in shared mode) last completed a handshake with the backend; empty = never.
     */
    Optional<Instant> lastHandshake(String user);

    /**
     * The public key (base64) of the identity carrying this user's traffic now: the user's own in per-user
     * mode, the gateway's in shared mode; empty when none is (no bridge, or the user is not on).
     */
    default Optional<String> carryingKey(String user) {
        return Optional.empty();
    }

    /**
     * The identity carrying this session: the user's own, or the gateway's for a session on a borrowed address
     * (another device of the user at the same time) and in shared mode.
     */
    default Optional<String> carryingKey(SessionInfo session) {
        return carryingKey(session.user());
    }

    /** When the identity carrying this session last completed a handshake (see {@link #carryingKey(SessionInfo)}). */
    default Optional<Instant> lastHandshake(SessionInfo session) {
        return lastHandshake(session.user());
    }

    /** Handshakes completed with the backend since start, all identities together. */
    long completed();

    /** Until a bridge is attached: nothing known. */
    static WireGuardHandshakes none() {
        return new WireGuardHandshakes() {
            @Override
            public Optional<Instant> lastHandshake(String user) {
                return Optional.empty();
            }

            @Override
            public long completed() {
                return 0;
            }
        };
    }
}
