package io.pptp2wg.ppp.auth;

import java.nio.ByteBuffer;

/** The server side of one authentication protocol, run once LCP is Opened. No I/O, no clock. */
public interface Authenticator {
    /** LCP is Opened: send the challenge (CHAP) or start waiting for the request (PAP). */
    void start(long nowNanos);

    /** A packet of this protocol from the peer (Code, Identifier, Length, Data). */
    void receive(ByteBuffer packet, long nowNanos);

    void poll(long nowNanos);

    long deadline();

    /** The answer of the {@link RemoteAuth} to the request with this ticket (ignored when it is not ours, or late). */
    default void remoteAnswered(long ticket, io.pptp2wg.radius.RadiusReply reply, long nowNanos) {}

    /** The link is going away: stop timers and zero what is left. */
    void stop();
}
