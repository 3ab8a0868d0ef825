package io.pptp2wg.wireguard.tunnel;

/**
 * The tunnel's place in its device's {@link InitiationWindow}: none, queued for room, or a slot held by an
 * initiation in flight (since when). Rarely both held and still queued: a slot came free and was taken before
 * the window granted the queued turn; the later grant then only clears the queued part.
 */
sealed interface InitiationSlot {
    Free FREE = new Free();

    record Free() implements InitiationSlot {
    }

    /** Queued in the window; {@code handshakesBefore}: the handshake count then (one completed since: not wanted). */
    record Queued(long handshakesBefore) implements InitiationSlot {
    }

    /** A slot held since {@code since} (the latest initiation sent in it); {@code queued} non-null if also queued. */
    record Held(long since, Queued queued) implements InitiationSlot {
    }
}
