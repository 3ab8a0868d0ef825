package io.pptp2wg.session;

/**
 * Receives session events. Called on a gateway I/O thread: must return quickly and not block (hand
 * slow work, such as a database write, to another thread).
 */
@FunctionalInterface
public interface SessionListener {
    void onEvent(SessionEvent event);
}
