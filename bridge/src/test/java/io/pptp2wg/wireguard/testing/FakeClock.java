package io.pptp2wg.wireguard.testing;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

/** Monotonic nanoseconds that only move when told; wall time follows them from a fixed epoch. */
public final class FakeClock implements InstantSource {
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private long now = TimeUnit.SECONDS.toNanos(1000);

    public long now() {
        return now;
    }

    public void advance(long amount, TimeUnit unit) {
        now += unit.toNanos(amount);
    }

    public void advanceNanos(long nanos) {
        now += nanos;
    }

    @Override
    public Instant instant() {
        return EPOCH.plusNanos(now);
    }
}
