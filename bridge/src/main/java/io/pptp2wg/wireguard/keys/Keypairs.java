package io.pptp2wg.wireguard.keys;

import java.util.function.IntConsumer;

/**
 * The current, previous and next keypairs of one peer (whitepaper §5.4.5 and §6.1). A responder's new keypair
 * waits in "next" until the initiator's first transport message confirms it; an initiator's goes straight to
 * "current". A keypair that drops out is destroyed and its index released.
 */
public final class Keypairs {
    private final IntConsumer releaseIndex;
    private Keypair previous;
    private Keypair current;
    private Keypair next;

    public Keypairs(IntConsumer releaseIndex) {
        this.releaseIndex = releaseIndex;
    }

    public Keypair current() {
        return current;
    }

    public Keypair previous() {
        return previous;
    }

    public Keypair next() {
        return next;
    }

    /** A handshake completed with this keypair (wireguard-go's BeginSymmetricSession). */
    public void begin(Keypair k) {
        if (k.initiator) {
            if (next != null) {
                // an unconfirmed responder session is dropped, the current one kept as previous
                drop(next);
                next = null;
            }
            drop(previous);
            previous = current;
            current = k;
        } else {
            drop(next);
            drop(previous);
            previous = null;
            next = k;
        }
    }

    /**
     * A transport message authenticated under {@code k}: if it is "next", it is now confirmed and becomes current.
     * Returns true in that case (the handshake is complete from the responder's side).
     */
    public boolean receivedWith(Keypair k) {
        if (k != next) {
            return false;
        }
        drop(previous);
        previous = current;
        current = next;
        next = null;
        return true;
    }

    public Keypair byLocalIndex(int index) {
        if (current != null && current.localIndex == index) {
            return current;
        }
        if (previous != null && previous.localIndex == index) {
            return previous;
        }
        if (next != null && next.localIndex == index) {
            return next;
        }
        return null;
    }

    /** Destroys every keypair (whitepaper §6.1: key material zeroed after 3 x REJECT_AFTER_TIME). */
    public void clear() {
        drop(previous);
        drop(current);
        drop(next);
        previous = current = next = null;
    }

    private void drop(Keypair k) {
        if (k != null) {
            k.destroy();
            releaseIndex.accept(k.localIndex);
        }
    }
}
