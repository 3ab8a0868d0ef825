package io.pptp2wg.pptp.gre;

import java.nio.ByteBuffer;

/** Where a {@link GreCall} puts the GRE packets it builds; the raw socket edge implements it. */
public interface GreSink {
    /**
     * A buffer to build one packet in, at least {@link GreProtocol#MAX_HEADER_LENGTH} plus the largest
     * payload in capacity; the call clears it, fills it and passes it to {@link #transmit}.
     */
    ByteBuffer txBuffer();

    /** Send the packet between the buffer's position and limit to the call's peer. */
    void transmit(ByteBuffer packet);
}
