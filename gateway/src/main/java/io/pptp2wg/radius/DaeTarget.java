package io.pptp2wg.radius;

/** A session a Disconnect- or CoA-Request may act on; calls may come from any thread and must not block. */
public interface DaeTarget {
    /** Ends the session cleanly (LCP Terminate-Request, as an administrator's disconnect does). */
    void disconnect(String why);

    /** Replaces the session's Session-Timeout: it ends {@code seconds} from now; 0 removes the limit. */
    void sessionTimeout(int seconds);
}
