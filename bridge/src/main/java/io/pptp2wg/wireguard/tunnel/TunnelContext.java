package io.pptp2wg.wireguard.tunnel;

import io.pptp2wg.wireguard.Whitepaper;
import io.pptp2wg.wireguard.cookie.CookieSecret;
import io.pptp2wg.wireguard.crypto.Blake2s;
import io.pptp2wg.wireguard.crypto.ChaChaPoly;

import java.security.SecureRandom;
import java.time.InstantSource;

/**
 * What the tunnels of one socket share and borrow: randomness and wall time (both injected), the crypto
 * objects of the socket's thread, the receiver-index space, and two scratch buffers (one for what is
 * received, one for what is sent, so a reply sent from inside a delivery does not overwrite the delivery).
 * Single-threaded, like the tunnels.
 */
public final class TunnelContext {
    /** Largest UDP payload over IPv4 (65535 - 20 - 8). */
    public static final int MAX_DATAGRAM = 65_535 - 20 - 8;

    /** Allocates receiver indices unique across the socket. */
    public interface Indices {
        int allocate(Tunnel owner);

        void release(int index);
    }

    /** Message-count limits; the whitepaper's values unless a test needs to reach them. */
    public record Limits(long rekeyAfterMessages, long rejectAfterMessages) {
        public static final Limits WHITEPAPER = new Limits(Whitepaper.REKEY_AFTER_MESSAGES, Whitepaper.REJECT_AFTER_MESSAGES);
    }

    final SecureRandom random;
    /** Timer jitter: no secret, so not drawn from the SecureRandom (that was a read of /dev/urandom per packet). */
    final java.util.SplittableRandom jitter;
    final InstantSource wallClock;
    final Indices indices;
    final CookieSecret cookieSecret;
    final Limits limits;
    final InitiationWindow window;
    final Blake2s blake = new Blake2s();
    final ChaChaPoly aead = new ChaChaPoly();
    final byte[] rxScratch = new byte[MAX_DATAGRAM];
    final byte[] txScratch = new byte[MAX_DATAGRAM];

    public TunnelContext(SecureRandom random, InstantSource wallClock, Indices indices, CookieSecret cookieSecret,
                         Limits limits) {
        this(random, wallClock, indices, cookieSecret, limits, new InitiationWindow(Integer.MAX_VALUE));
    }

    public TunnelContext(SecureRandom random, InstantSource wallClock, Indices indices, CookieSecret cookieSecret,
                         Limits limits, InitiationWindow window) {
        this.window = window;
        this.random = random;
        this.jitter = new java.util.SplittableRandom(random.nextLong());
        this.wallClock = wallClock;
        this.indices = indices;
        this.cookieSecret = cookieSecret;
        this.limits = limits;
    }

    public boolean cookieSecretFresh(long now) {
        return cookieSecret.isFresh(now);
    }

    /** True if msg carries a mac2 made from the cookie we would give {@code source} now (§5.4.4, §5.4.7). */
    public boolean mac2Matches(long now, java.net.InetSocketAddress source, byte[] msg, int off, int size) {
        if (!cookieSecret.isFresh(now)) {
            return false;
        }
        byte[] value = new byte[io.pptp2wg.wireguard.messages.CookieReply.COOKIE_LEN];
        cookieSecret.cookie(now, source, value, 0);
        byte[] mac2 = new byte[Blake2s.MAC_LEN];
        Blake2s.mac(value, msg, off, size - Blake2s.MAC_LEN, mac2, 0);
        io.pptp2wg.wireguard.crypto.Bytes.zero(value);
        return io.pptp2wg.wireguard.crypto.Bytes.constantTimeEquals(mac2, 0, msg, off + size - Blake2s.MAC_LEN, Blake2s.MAC_LEN);
    }

    public InitiationWindow window() {
        return window;
    }

    public Blake2s blake() {
        return blake;
    }
}
