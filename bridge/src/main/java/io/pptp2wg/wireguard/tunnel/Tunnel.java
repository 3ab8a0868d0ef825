package io.pptp2wg.wireguard.tunnel;

import io.pptp2wg.stats.EnumCounters;
import io.pptp2wg.wireguard.crypto.Curve25519;
import io.pptp2wg.wireguard.messages.CookieReply;
import io.pptp2wg.wireguard.messages.TransportData;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One local WireGuard identity and its one peer, with no I/O (boringtun's {@code Tunn}): IP packets in through
 * {@link #send}, messages in through the receive methods, time in through {@link #updateTimers}; everything to
 * send or deliver comes out through a {@link TunnelSink}. Time is monotonic nanoseconds passed in; wall time
 * (only for TAI64N) and randomness come from the {@link TunnelContext}.
 *
 * <p>A façade over its parts (see the package documentation): {@link Handshake}, {@link Transport},
 * {@link CookieMacs} and {@link TunnelTimers}. Not thread-safe: the socket's thread owns it.
 */
public final class Tunnel {
    /** Largest IP packet one transport message carries: a UDP datagram minus header and tag, padded to 16. */
    public static final int MAX_PACKET = (TunnelContext.MAX_DATAGRAM - TransportData.MIN_SIZE) & -TransportData.PADDING_MULTIPLE;
    /** The kernel and wireguard-go accept at most 50 initiations per second from one peer (flood protection). */
    public static final long INITIATION_MIN_INTERVAL = TimeUnit.SECONDS.toNanos(1) / 50;

    /**
     * The configuration of one tunnel; keys are raw 32-byte values (copied). {@code staticPublicKey} and
     * {@code precomputedStaticStatic} (DH(our static private key, the peer's public key), {@link #staticStatic})
     * may be given when the caller has them (a user who logs in again), saving two X25519 operations; null:
     * computed here.
     */
    public record Config(byte[] staticPrivateKey, byte[] peerPublicKey, byte[] presharedKey,
                         InetSocketAddress peerEndpoint, int persistentKeepaliveSeconds, int queueLimit,
                         byte[] staticPublicKey, byte[] precomputedStaticStatic) {
        public Config(byte[] staticPrivateKey, byte[] peerPublicKey, byte[] presharedKey, InetSocketAddress peerEndpoint,
                      int persistentKeepaliveSeconds, int queueLimit) {
            this(staticPrivateKey, peerPublicKey, presharedKey, peerEndpoint, persistentKeepaliveSeconds, queueLimit, null,
                    null);
        }

        public Config {
            if (staticPrivateKey.length != 32 || peerPublicKey.length != 32
                    || (presharedKey != null && presharedKey.length != 32)
                    || (staticPublicKey != null && staticPublicKey.length != 32)
                    || (precomputedStaticStatic != null && precomputedStaticStatic.length != 32)) {
                throw new IllegalArgumentException("WireGuard keys are 32 bytes");
            }
            if (persistentKeepaliveSeconds < 0 || persistentKeepaliveSeconds > 65535 || queueLimit < 1) {
                throw new IllegalArgumentException("persistent keepalive 0..65535 s, queue limit >= 1");
            }
        }
    }

    final TunnelContext ctx;
    // counters (see stats()): written on the socket's thread, read from any
    final EnumCounters<TunnelCounter> totals = new EnumCounters<>(TunnelCounter.class);
    private final EnumCounters<SendResult> sendDrops = new EnumCounters<>(SendResult.class);
    private final EnumCounters<Disposition> received = new EnumCounters<>(Disposition.class);
    // the parts
    final Handshake handshake;
    final CookieMacs macs;
    final Transport transport;
    final TunnelTimers timers;
    private volatile InetSocketAddress endpoint;
    private boolean closed;

    public Tunnel(Config config, TunnelContext ctx) {
        this.ctx = ctx;
        this.handshake = new Handshake(this, config);
        this.macs = new CookieMacs(ctx, handshake.staticPublic, handshake.peerPublic);
        this.transport = new Transport(this, handshake.keypairs, config.queueLimit());
        this.timers = new TunnelTimers(this, TimeUnit.SECONDS.toNanos(config.persistentKeepaliveSeconds()));
        this.endpoint = config.peerEndpoint();
    }

    /**
     * DH(our static private key, the peer's static public key): what {@link Config#precomputedStaticStatic()}
     * wants; all zeros (refused as a low-order point) when the peer's key is unusable. The caller zeroes it.
     */
    public static byte[] staticStatic(byte[] staticPrivateKey, byte[] peerPublicKey) {
        byte[] ss = new byte[32];
        Curve25519.agree(staticPrivateKey, peerPublicKey, 0, ss);
        return ss;
    }

    // ---------------------------------------------------------------- transport

    /** Encrypts one IP packet to the peer, or queues it and starts a handshake when there is no usable session. */
    public SendResult send(long now, byte[] ip, int off, int len, TunnelSink sink) {
        SendResult r = closed ? SendResult.DROPPED_CLOSED : transport.send(now, ip, off, len, sink);
        if (r != SendResult.SENT && r != SendResult.QUEUED) {
            sendDrops.increment(r);
        }
        return r;
    }

    /**
     * Transport data (§5.4.6): authenticate and decrypt, check the counter against the replay window, then
     * deliver the IP packet (its length from its own header; the padding is dropped) or note a keepalive.
     */
    public Disposition receiveTransport(long now, InetSocketAddress from, byte[] msg, int off, int len, TunnelSink sink) {
        return count(transport.receive(now, from, msg, off, len, sink));
    }

    /** The IP packet's own length if it is a plausible IPv4/IPv6 packet within {@code available} bytes, else -1. */
    static int ipLength(byte[] b, int available) {
        return Transport.ipLength(b, available);
    }

    // ---------------------------------------------------------------- handshake

    /**
     * Starts a new handshake now, whatever the state of the current session (e.g. a PPTP session just came up on
     * a long-lived identity whose backend may have restarted since: a handshake now, rather than data into a
     * session the backend may have forgotten and KEEPALIVE_TIMEOUT + REKEY_TIMEOUT of silence before finding out).
     * Still at most one initiation per REKEY_TIMEOUT (§6.1); the current session carries data until the new one
     * is complete.
     */
    public void initiateHandshake(long now, TunnelSink sink) {
        if (!closed) {
            handshake.sendInitiation(now, false, sink);
        }
    }

    /** The initiation window has room: initiate now if still wanted (nothing completed a handshake meanwhile). */
    public void slotFreed(long now, TunnelSink sink) {
        handshake.slotFreed(now, sink);
    }

    /** A handshake response (§5.4.3) to our pending initiation; its MAC1 was checked by {@link #mac1Matches}. */
    public Disposition receiveResponse(long now, InetSocketAddress from, byte[] msg, int off, TunnelSink sink) {
        if (closed) {
            return count(Disposition.UNEXPECTED_RESPONSE);
        }
        return count(handshake.receiveResponse(now, from, msg, off, sink));
    }

    /**
     * A handshake initiation (§5.4.2) addressed to this identity (its MAC1 matched): authenticate it, refuse a
     * replay or a flood, answer with a response (§5.4.3) and keep the new keypair as "next" until the initiator
     * confirms it. State changes only when every check passed.
     */
    public Disposition receiveInitiation(long now, InetSocketAddress from, byte[] msg, int off, TunnelSink sink) {
        if (closed) {
            return count(Disposition.HANDSHAKE_FAILED);
        }
        return count(handshake.receiveInitiation(now, from, msg, off, sink));
    }

    /** True if one of our keypairs (or our pending initiation) has this local index. */
    public boolean owns(int index) {
        return handshake.owns(index);
    }

    // ---------------------------------------------------------------- MACs and cookies

    /** A cookie reply (§5.4.7) to a message we sent: keep the cookie for the next message's mac2. */
    public Disposition receiveCookieReply(long now, byte[] msg, int off) {
        Disposition d = macs.receiveCookieReply(now, msg, off);
        if (d == Disposition.COOKIE_REPLY) {
            totals.add(TunnelCounter.RX_BYTES, CookieReply.SIZE);
        }
        return count(d);
    }

    /** True if msg's MAC1 is the one a sender who knows our public key computes (§5.4.4). */
    public boolean mac1Matches(byte[] msg, int off, int size, byte[] scratch16) {
        return macs.mac1Matches(msg, off, size, scratch16);
    }

    /** Writes a cookie reply (§5.4.7) to msg into out; returns its length (64). */
    public int writeCookieReply(long now, InetSocketAddress source, byte[] msg, int off, int size, int senderIndex,
                                byte[] out) {
        return macs.writeCookieReply(now, source, msg, off, size, senderIndex, out);
    }

    // ---------------------------------------------------------------- timers (§6)

    /** Runs whatever timer is due at {@code now}; call every few hundred milliseconds (boringtun: 250 ms). */
    public void updateTimers(long now, TunnelSink sink) {
        if (!closed) {
            timers.tick(now, sink);
        }
    }

    /** §6.1: every key, the staged packets and the peer's cookie gone (3 x REJECT_AFTER_TIME without a handshake). */
    void zeroKeyMaterial() {
        handshake.zeroKeyMaterial();
        transport.clearStaged();
        macs.forget();
    }

    // ---------------------------------------------------------------- counting

    private Disposition count(Disposition d) {
        received.increment(d);
        return d;
    }

    /** Counts a refusal decided before the tunnel saw the message (by the socket's demultiplexer). */
    public void countRefusal(Disposition d) {
        count(d);
    }

    // ---------------------------------------------------------------- lifecycle and state

    /** Wipes every key and releases every index; the tunnel refuses everything afterwards. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        zeroKeyMaterial();
        handshake.destroy();
        macs.destroy();
    }

    public boolean isClosed() {
        return closed;
    }

    public byte[] publicKey() {
        return handshake.staticPublic.clone();
    }

    public byte[] peerPublicKey() {
        return handshake.peerPublic.clone();
    }

    /** The peer's current endpoint (configured, or where its latest authenticated message came from). */
    public InetSocketAddress endpoint() {
        return endpoint;
    }

    public void setEndpoint(InetSocketAddress endpoint) {
        this.endpoint = endpoint;
    }

    /** Wall time of the latest completed handshake, or null. */
    public Instant lastHandshake() {
        return handshake.lastHandshake();
    }

    /** True if a session can carry data now (a current keypair that is not expired). */
    public boolean hasSession(long now) {
        return transport.usable(handshake.keypairs.current(), now);
    }

    public int queued() {
        return transport.queued();
    }

    /** Readable from any thread; values are eventually consistent. */
    public TunnelStats stats() {
        return TunnelStats.of(totals, sendDrops, received);
    }
}
