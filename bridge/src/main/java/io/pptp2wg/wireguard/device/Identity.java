package io.pptp2wg.wireguard.device;

import com.wireguard.crypto.Key;
import io.pptp2wg.wireguard.tunnel.Tunnel;
import io.pptp2wg.wireguard.tunnel.TunnelStats;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * One local WireGuard identity on the socket (one per PPTP user in per-user mode, one in shared mode) with the
 * backend as its peer. A handle: safe to keep and to read from any thread; its tunnel belongs to the socket's
 * thread.
 */
public final class Identity {
    private final String name;
    private final Key publicKey;
    private final Key peerPublicKey;
    final Tunnel tunnel;
    private final int lane;
    private volatile Object attachment;

    Identity(String name, Tunnel tunnel, int lane) {
        this.name = name;
        this.tunnel = tunnel;
        this.lane = lane;
        this.publicKey = key(tunnel.publicKey());
        this.peerPublicKey = key(tunnel.peerPublicKey());
    }

    private static Key key(byte[] raw) {
        try {
            return Key.fromBytes(raw);
        } catch (com.wireguard.crypto.KeyFormatException e) {
            throw new IllegalArgumentException(e); // 32 bytes always fit
        }
    }

    public String name() {
        return name;
    }

    /** Which of the socket's devices (one per event loop) holds this identity. */
    public int lane() {
        return lane;
    }

    public Key publicKey() {
        return publicKey;
    }

    public Key peerPublicKey() {
        return peerPublicKey;
    }

    /** Wall time of the latest completed handshake, or null if none yet. */
    public Instant lastHandshake() {
        return tunnel.lastHandshake();
    }

    /** The peer's endpoint: configured, or the source of its latest authenticated message (roaming). */
    public InetSocketAddress peerEndpoint() {
        return tunnel.endpoint();
    }

    /** Counters (bytes as `wg show` counts them, packets, refusals by reason); eventually consistent. */
    public TunnelStats stats() {
        return tunnel.stats();
    }

    public boolean isRemoved() {
        return tunnel.isClosed();
    }

    /** Whatever the owner wants to find from the identity (the relay: its session). */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    @Override
    public String toString() {
        return "Identity[" + name + ", " + publicKey.toBase64() + "]";
    }
}
