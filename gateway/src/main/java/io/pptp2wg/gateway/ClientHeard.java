package io.pptp2wg.gateway;

/**
 * When a call's client was last heard from (any GRE packet) and what waits for the next time: the reconnect rule of
 * {@link ConcurrentLogins} reads the first from other loops and probes a silent older session of a device through the
 * second. Heard on the call's loop; {@link #then} from any thread.
 */
final class ClientHeard {
    /** The last time heard (nanoTime); a plain long: 64-bit writes do not tear on the JVMs we run on. */
    long lastNanos;
    private volatile Runnable next;

    /** The client was heard from now: run what waited for it (once). */
    void heard(long nowNanos) {
        lastNanos = nowNanos;
        if (next != null) {
            Runnable r;
            synchronized (this) {
                r = next;
                next = null;
            }
            if (r != null) {
                r.run();
            }
        }
    }

    /** Runs {@code r} on the call's loop when the client is next heard from (after any already waiting). */
    synchronized void then(Runnable r) {
        Runnable before = next;
        next = before == null ? r : () -> {
            before.run();
            r.run();
        };
    }
}
