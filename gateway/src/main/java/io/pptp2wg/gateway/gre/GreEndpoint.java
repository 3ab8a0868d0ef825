package io.pptp2wg.gateway.gre;

import java.nio.ByteBuffer;

/** A call as the GRE reader sees it: where its packets come from and which thread handles them. */
public interface GreEndpoint {
    /** The control connection's peer address: GRE for this call must come from it. */
    int peerAddress();

    /** The inbox of the event loop the call is pinned to. */
    GreInbox inbox();

    /** On the call's event loop: one GRE packet (header included) between position and limit, valid during the call. */
    void onGre(ByteBuffer grePacket);

    /** On the call's event loop, after a batch of {@link #onGre} calls. */
    default void afterBatch() {}
}
