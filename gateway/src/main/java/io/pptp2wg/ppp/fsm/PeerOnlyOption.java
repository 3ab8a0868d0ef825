package io.pptp2wg.ppp.fsm;

import java.nio.ByteBuffer;

/**
 * An option we never ask for and only judge when the peer does (Async-Control-Character-Map, IP-Compression-
 * Protocol, the name servers): our side is inert, and what the peer asks for leaves nothing to remember.
 * A handler implements {@link #type()}, {@link #describe(ByteBuffer)} and {@link #judge(ByteBuffer, ByteBuffer)}.
 */
public interface PeerOnlyOption extends OptionHandler {
    @Override
    default void resetOurs() {}

    @Override
    default boolean requesting() {
        return false;
    }

    @Override
    default void writeOurs(ByteBuffer out) {}

    /** Never asked for, so a Nak of it is the peer's mistake: taken as well formed and ignored. */
    @Override
    default boolean nakked(ByteBuffer value) {
        return true;
    }

    @Override
    default void rejected() {}

    @Override
    default void resetPeer() {}

    @Override
    default void agreed(ByteBuffer value) {}
}
