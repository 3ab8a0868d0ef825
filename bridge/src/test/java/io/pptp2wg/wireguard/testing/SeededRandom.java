package io.pptp2wg.wireguard.testing;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/** Deterministic "SecureRandom" for tests: every run draws the same keys, indices and jitter. */
public final class SeededRandom extends SecureRandom {
    private final SplittableRandom r;

    public SeededRandom(long seed) {
        r = new SplittableRandom(seed);
    }

    @Override
    public void nextBytes(byte[] bytes) {
        r.nextBytes(bytes);
    }

    @Override
    public int nextInt() {
        return r.nextInt();
    }

    @Override
    public long nextLong() {
        return r.nextLong();
    }
}
