package io.pptp2wg.ppp.fsm;

import java.nio.ByteBuffer;

/** Where an {@link Fsm} sends its packets and reports what it drops. */
public interface FsmIo {
    /** A control packet (Code, Identifier, Length, Data) for the peer, in this protocol. */
    void send(int protocol, ByteBuffer packet);

    /** A received packet was dropped; {@code reason} is one short, loggable line without secrets. */
    void dropped(int protocol, String reason);
}
