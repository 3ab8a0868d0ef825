package io.pptp2wg.wireguard.device;

import java.util.concurrent.TimeUnit;

/**
 * Whether a device is "under load" (whitepaper §5.3: then a handshake message needs a valid MAC2, that is a cookie,
 * before it costs a Diffie-Hellman), decided per second from the handshake messages and the MAC1 trials (one per
 * identity searched for an initiation) that the second saw; and, while under load, the budget of MAC1 trials for
 * initiations without a valid MAC2. Time is the caller's nanoTime-like clock. Not thread-safe: the device's thread.
 */
final class DeviceLoad {
    private static final long WINDOW = TimeUnit.SECONDS.toNanos(1);

    private final int handshakesPerSecondBeforeLoad;
    private final int mac1TrialsPerSecondBeforeLoad;
    private final long unverifiedTrialsPerSecond;
    private long windowStart;
    private int handshakes;
    private long trials;
    /** Trial-nanoseconds in the bucket, and when it was last filled. */
    private long searchTokens;
    private long searchTokensAt;
    private long underLoadUntil;
    /** False until the first busy second: before it, {@link #underLoadUntil} holds no time yet. */
    private boolean everUnderLoad;

    DeviceLoad(int handshakesPerSecondBeforeLoad, int mac1TrialsPerSecondBeforeLoad, int unverifiedTrialsPerSecond) {
        this.handshakesPerSecondBeforeLoad = handshakesPerSecondBeforeLoad;
        this.mac1TrialsPerSecondBeforeLoad = mac1TrialsPerSecondBeforeLoad;
        this.unverifiedTrialsPerSecond = unverifiedTrialsPerSecond;
    }

    /** Counts a handshake message; true if the device is under load (this second or the one before was busy). */
    boolean noteHandshake(long now) {
        rollWindow(now);
        if (++handshakes > handshakesPerSecondBeforeLoad) {
            loaded(now);
        }
        return isUnderLoad(now);
    }

    /** Counts the MAC1 trials of one initiation's search. */
    void noteTrials(long now, int count) {
        rollWindow(now);
        trials += count;
        if (trials > mac1TrialsPerSecondBeforeLoad) {
            loaded(now);
        }
    }

    /**
     * The global budget, in MAC1 trials, for initiations without a valid MAC2 while under load: a token bucket
     * holding at most one second's worth. True (and the trials taken) when this search may run.
     */
    boolean searchBudget(long now, int count) {
        long perSecond = unverifiedTrialsPerSecond;
        long elapsed = Math.min(now - searchTokensAt, WINDOW);
        searchTokensAt = now;
        searchTokens = Math.min(WINDOW * perSecond, searchTokens + Math.max(0, elapsed) * perSecond);
        long cost = Math.min(WINDOW * perSecond, Math.max(1, count) * WINDOW);
        if (searchTokens >= cost) {
            searchTokens -= cost;
            return true;
        }
        return false;
    }

    boolean isUnderLoad(long now) {
        return everUnderLoad && now - underLoadUntil < 0;
    }

    private void rollWindow(long now) {
        if (now - windowStart >= WINDOW) {
            windowStart = now;
            handshakes = 0;
            trials = 0;
        }
    }

    private void loaded(long now) {
        underLoadUntil = now + WINDOW;
        everUnderLoad = true;
    }
}
