package io.pptp2wg.session;

import java.nio.ByteBuffer;

/**
 * Where IP packets from PPTP sessions go: the bridge (into WireGuard). Until a bridge is attached the
 * gateway uses a built-in responder (answers ICMP echo to its tunnel address).
 * Called on the session's I/O thread with a buffer that is only valid during the call.
 */
@FunctionalInterface
public interface Uplink {
    void fromClient(SessionHandle session, ByteBuffer ipPacket);

    /**
     * Whether a packet to the gateway's own tunnel address is for a service of the host behind this uplink (the
     * self-service page): then it is given to {@link #fromClient} instead of being answered or dropped by the gateway.
     */
    default boolean takesLocal(ByteBuffer ipPacket) {
        return false;
    }
}
