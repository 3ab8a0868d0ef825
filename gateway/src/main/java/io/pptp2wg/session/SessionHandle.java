package io.pptp2wg.session;

import java.nio.ByteBuffer;

/** A live session, as the bridge and the admin API see it. Thread-safe. */
public interface SessionHandle {
    SessionInfo info();

    SessionCounters counters();

    /**
     * Sends one IP packet to the client (PPP, MPPE, GRE applied). May be called from any thread; the
     * bytes are copied or consumed before it returns. Dropped (and counted) if the session is closing.
     */
    void sendToClient(ByteBuffer ipPacket);

    /** Ends the session cleanly: LCP Terminate-Request, Call-Disconnect-Notify, Stop-Control-Connection. */
    void disconnect(String reason);
}
