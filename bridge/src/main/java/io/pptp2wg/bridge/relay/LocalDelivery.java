package io.pptp2wg.bridge.relay;

import java.nio.ByteBuffer;

/**
 * Where the relay hands the packets a session sends to a service of the gateway host ({@link LocalService}):
 * the host's own TCP stack, through a TUN device. Called on the session's thread with the session's own source
 * address already checked; the bytes are consumed before it returns.
 */
public interface LocalDelivery {
    LocalService service();

    void deliver(ByteBuffer ip);
}
