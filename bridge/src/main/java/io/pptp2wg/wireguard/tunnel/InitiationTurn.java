package io.pptp2wg.wireguard.tunnel;

/**
 * One tunnel's turn in its device's {@link InitiationWindow}: takes a slot for an initiation, queues for one
 * when the window is full, and gives it back when the handshake completes, is superseded or goes unanswered
 * for {@link InitiationWindow#SLOT_NANOS}. Its state is an {@link InitiationSlot}.
 */
final class InitiationTurn {
    private final Tunnel tunnel;
    private final InitiationWindow window;
    private InitiationSlot slot = InitiationSlot.FREE;

    InitiationTurn(Tunnel tunnel, InitiationWindow window) {
        this.tunnel = tunnel;
        this.window = window;
    }

    /**
     * True if an initiation may go out now: a slot held or taken; else queued for one (once, noting
     * {@code handshakes}, the count of completed handshakes, to tell later whether it is still wanted).
     */
    boolean take(long now, long handshakes) {
        InitiationSlot s = slot;
        if (s instanceof InitiationSlot.Held held) {
            slot = new InitiationSlot.Held(now, held.queued());
            return true;
        }
        if (!window.tryAcquire()) {
            if (!(s instanceof InitiationSlot.Queued)) { // sent once the window has room, the attempt's clock running
                slot = new InitiationSlot.Queued(handshakes);
                window.await(tunnel);
            }
            return false;
        }
        slot = new InitiationSlot.Held(now, s instanceof InitiationSlot.Queued q ? q : null);
        return true;
    }

    /** The window granted the queued turn: no longer queued; what was noted then, or null if not queued. */
    InitiationSlot.Queued granted() {
        return switch (slot) {
            case InitiationSlot.Queued q -> {
                slot = InitiationSlot.FREE;
                yield q;
            }
            case InitiationSlot.Held h when h.queued() != null -> {
                slot = new InitiationSlot.Held(h.since(), null);
                yield h.queued();
            }
            default -> null; // not queued (the window grants only queued tunnels)
        };
    }

    /** An initiation unanswered for SLOT_NANOS no longer counts as in flight (its retransmission takes a slot again). */
    void expire(long now) {
        if (slot instanceof InitiationSlot.Held h && now - h.since() >= InitiationWindow.SLOT_NANOS) {
            release();
        }
    }

    /** The slot given back and the queued place left, whichever the tunnel has. */
    void release() {
        InitiationSlot s = slot;
        if (s instanceof InitiationSlot.Held h) {
            window.release();
            if (h.queued() != null) {
                window.forget(tunnel);
            }
        } else if (s instanceof InitiationSlot.Queued) {
            window.forget(tunnel);
        }
        slot = InitiationSlot.FREE;
    }

    InitiationSlot slot() {
        return slot;
    }
}
