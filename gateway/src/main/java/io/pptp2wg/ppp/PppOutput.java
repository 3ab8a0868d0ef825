package io.pptp2wg.ppp;

import java.nio.ByteBuffer;

/**
 * What a {@link PppLink} produces. The buffers are valid only during the call: copy what you keep.
 * Called synchronously from inside the PppLink methods (no threads, no I/O in the core).
 */
public interface PppOutput {
    /**
     * A PPP frame for the peer, as it goes into a GRE payload: with or without the address/control
     * field and with the protocol field compressed or not, as LCP agreed (RFC 1661 §6.5, §6.6).
     */
    void sendFrame(ByteBuffer frame);

    /** An IP packet from the peer, decrypted (MPPE) and stripped of PPP framing. */
    void deliverIp(ByteBuffer ipPacket);

    /** The link's state changed. */
    void linkEvent(PppLinkEvent event);
}
