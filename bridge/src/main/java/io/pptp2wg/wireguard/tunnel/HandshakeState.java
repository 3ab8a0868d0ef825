package io.pptp2wg.wireguard.tunnel;

import io.pptp2wg.wireguard.keys.Keypair;
import io.pptp2wg.wireguard.noise.IKpsk2;

/**
 * Where the tunnel's latest handshake stands (whitepaper §5.4), each state carrying what it needs. The keypairs
 * themselves live in {@link io.pptp2wg.wireguard.keys.Keypairs}: a session can carry data while a new handshake
 * is under way (a rekey), so this names the handshake, not whether data can flow.
 */
sealed interface HandshakeState {
    /** No handshake yet, or its key material was zeroed (§6.1, after 3 x REJECT_AFTER_TIME). */
    None NONE = new None();

    record None() implements HandshakeState {
    }

    /** Our initiation (§5.4.2) is in flight: its Noise state and the index a response must name. */
    record InitiationSent(IKpsk2 noise, int localIndex) implements HandshakeState {
    }

    /** We answered the peer's initiation (§5.4.3); {@code next} waits for the initiator's first transport message. */
    record ResponseSent(Keypair next) implements HandshakeState {
    }

    /** A handshake completed: {@code session} is (or was, until a newer one) the current keypair. */
    record Established(Keypair session) implements HandshakeState {
    }
}
