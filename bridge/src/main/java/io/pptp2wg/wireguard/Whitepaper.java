package io.pptp2wg.wireguard;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The protocol's constants, as the WireGuard whitepaper (J. A. Donenfeld, "WireGuard: Next Generation
 * Kernel Network Tunnel", revision e2da747) names them. Implementation choices (queue lengths,
 * load thresholds) live with the code that makes them, not here.
 */
public final class Whitepaper {
    private Whitepaper() {
    }

    // §5.4 "Messages": the Noise protocol name and WireGuard's identifier (the Noise prologue), and the MAC labels.
    public static final byte[] CONSTRUCTION = ascii("Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s");
    public static final byte[] IDENTIFIER = ascii("WireGuard v1 zx2c4 Jason@zx2c4.com");
    public static final byte[] LABEL_MAC1 = ascii("mac1----");
    public static final byte[] LABEL_COOKIE = ascii("cookie--");

    // §6.1 "Preliminaries" (the table of timer constants). Times in nanoseconds: the cores take time as
    // System.nanoTime()-style longs, passed in.
    /** 2^60 messages: the initiator starts a new handshake before a keypair sends this many. */
    public static final long REKEY_AFTER_MESSAGES = 1L << 60;
    /**
     * 2^64 - 2^13 - 1 messages, an unsigned 64-bit value (compare with {@link Long#compareUnsigned}):
     * a keypair never sends or accepts a counter at or beyond it.
     */
    public static final long REJECT_AFTER_MESSAGES = -(1L << 13) - 1;
    public static final long REKEY_AFTER_TIME = TimeUnit.SECONDS.toNanos(120);
    public static final long REJECT_AFTER_TIME = TimeUnit.SECONDS.toNanos(180);
    public static final long REKEY_ATTEMPT_TIME = TimeUnit.SECONDS.toNanos(90);
    public static final long REKEY_TIMEOUT = TimeUnit.SECONDS.toNanos(5);
    public static final long KEEPALIVE_TIMEOUT = TimeUnit.SECONDS.toNanos(10);
    /** §5.4.7: a cookie (and the responder's cookie secret) lives this long. */
    public static final long COOKIE_REFRESH_TIME = TimeUnit.SECONDS.toNanos(120);

    /** §6.1: REKEY_TIMEOUT is jittered by up to a third of a second so that two peers do not stay in step. */
    public static final long REKEY_TIMEOUT_JITTER_MAX = TimeUnit.MILLISECONDS.toNanos(333);

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
