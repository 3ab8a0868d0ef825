package io.pptp2wg.wireguard.tunnel;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * How many handshake initiations of one device may be in flight at once (sent, not yet answered, for at most
 * {@link #SLOT_NANOS}); the tunnels that want to initiate beyond that wait their turn, in order. A gateway's
 * identities all write from one address to one backend: wireguard-go counts itself under load once 128
 * handshake messages are queued (the Linux kernel at 512) and then answers with cookie replies and lets 20
 * handshakes per second through per source address, so a burst of logins would turn into a 5-second
 * retransmission for most of them. Kept under that, the backend's queue never fills from us.
 * Not thread-safe: the device's thread.
 */
public final class InitiationWindow {
    /** An initiation not answered within this long stops counting (the backend answers within milliseconds). */
    public static final long SLOT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int limit;
    private int inFlight;
    private final ArrayDeque<Tunnel> waiting = new ArrayDeque<>();
    private long deferred;

    /** @param limit initiations in flight at most (Integer.MAX_VALUE: no limit) */
    public InitiationWindow(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit >= 1");
        }
        this.limit = limit;
    }

    boolean tryAcquire() {
        if (inFlight >= limit) {
            return false;
        }
        inFlight++;
        return true;
    }

    void release() {
        inFlight--;
    }

    void await(Tunnel t) {
        waiting.add(t);
        deferred++;
    }

    void forget(Tunnel t) {
        waiting.remove(t);
    }

    /** The next waiting tunnel, taken off the queue, if there is room for it to initiate; else null. */
    public Tunnel nextToGrant() {
        return inFlight < limit ? waiting.poll() : null;
    }

    public int inFlight() {
        return inFlight;
    }

    public int waiting() {
        return waiting.size();
    }

    /** Initiations that had to wait for room (ever). */
    public long deferred() {
        return deferred;
    }
}
