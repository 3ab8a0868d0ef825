package io.pptp2wg.session;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

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

    /**
     * The thread (event loop) the session is pinned to. {@link #sendToClient} called from a task
     * running on it goes straight through (no copy, no hand-over); from any other thread the packet
     * is copied and handed over. A bridge that can do its per-packet work here should.
     */
    default Executor executor() {
        return Runnable::run;
    }
}
