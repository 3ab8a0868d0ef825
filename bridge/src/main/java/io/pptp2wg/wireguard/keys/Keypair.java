package io.pptp2wg.wireguard.keys;

import io.pptp2wg.wireguard.crypto.SymmetricKey;
import io.pptp2wg.wireguard.replay.ReplayWindow;

/**
 * One session's transport keys (whitepaper §5.4.5): the sending and receiving keys from the handshake's
 * final KDF, the two indices that name the session on the wire, its send counter and its replay window.
 */
public final class Keypair {
    public final SymmetricKey sendKey;
    public final SymmetricKey receiveKey;
    /** Our index: the peer puts it in the receiver field of what it sends us. */
    public final int localIndex;
    /** The peer's index: we put it in the receiver field of what we send. */
    public final int remoteIndex;
    /** True if we sent the initiation of the handshake that made this keypair (only initiators rekey by time). */
    public final boolean initiator;
    /** When the handshake completed (monotonic nanoseconds). */
    public final long created;
    public final ReplayWindow replay = new ReplayWindow();
    /** The counter of the next message we send (unsigned). */
    public long sendCounter;

    public Keypair(SymmetricKey sendKey, SymmetricKey receiveKey, int localIndex, int remoteIndex,
                   boolean initiator, long created) {
        this.sendKey = sendKey;
        this.receiveKey = receiveKey;
        this.localIndex = localIndex;
        this.remoteIndex = remoteIndex;
        this.initiator = initiator;
        this.created = created;
    }

    public long age(long now) {
        return now - created;
    }

    public void destroy() {
        sendKey.destroy();
        receiveKey.destroy();
    }

    public boolean isDestroyed() {
        return sendKey.isDestroyed();
    }
}
