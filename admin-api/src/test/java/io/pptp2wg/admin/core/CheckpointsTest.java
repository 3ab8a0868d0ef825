package io.pptp2wg.admin.core;

import io.pptp2wg.admin.testing.MutableClock;
import io.pptp2wg.session.SessionCounters;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a live session's byte counters are written: on a fake clock, as the edge asks every tick. */
class CheckpointsTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration INTERVAL = Duration.ofSeconds(60);
    static final Duration TICK = Duration.ofSeconds(1);

    final MutableClock clock = new MutableClock(T);
    final Checkpoints checkpoints = new Checkpoints(INTERVAL, TICK);

    static SessionCounters bytes(long n) {
        return new SessionCounters(n, 2 * n, n / 100, n / 50);
    }

    @Test
    void aSessionIsWrittenOncePerIntervalNeverLater() {
        long[] carried = {0};
        List<Instant> written = new ArrayList<>();
        for (int s = 0; s <= 600; s++) { // ten minutes of ticks, traffic all along
            carried[0] += 1000;
            var due = checkpoints.due(clock.instant(), List.of(new Checkpoints.Live(1, T, bytes(carried[0]))));
            due.forEach(c -> {
                assertThat(c.counters()).isEqualTo(bytes(carried[0]));
                written.add(c.at());
            });
            clock.advance(TICK);
        }
        assertThat(written).hasSize(10);
        Instant before = T;
        for (Instant at : written) {
            assertThat(Duration.between(before, at)).isLessThanOrEqualTo(INTERVAL).isGreaterThan(INTERVAL.minus(TICK.multipliedBy(2)));
            before = at;
        }
    }

    @Test
    void theFirstCheckpointComesOneIntervalAfterTheSessionCameUp() {
        Instant up = T.plusSeconds(30);
        clock.set(up);
        for (int s = 0; s < 58; s++) {
            clock.advance(TICK);
            assertThat(checkpoints.due(clock.instant(), List.of(new Checkpoints.Live(7, up, bytes(500))))).isEmpty();
        }
        clock.advance(TICK); // 59 s after it came up: the next tick would be 60 s
        assertThat(checkpoints.due(clock.instant(), List.of(new Checkpoints.Live(7, up, bytes(500)))))
                .containsExactly(new Checkpoints.Checkpoint(7, up.plusSeconds(59), bytes(500)));
    }

    @Test
    void unchangedCountersAreNotWrittenAgain() {
        var idle = new Checkpoints.Live(3, T, bytes(0));
        int writes = 0;
        for (int s = 0; s < 300; s++) {
            writes += checkpoints.due(clock.instant(), List.of(idle)).size();
            clock.advance(TICK);
        }
        assertThat(writes).as("a session that carried nothing has nothing to checkpoint").isZero();
        var moved = new Checkpoints.Live(3, T, bytes(10));
        for (int s = 0; s < 60 && writes == 0; s++) {
            writes += checkpoints.due(clock.instant(), List.of(moved)).size();
            clock.advance(TICK);
        }
        assertThat(writes).isEqualTo(1);
    }

    @Test
    void sessionsAreIndependentAndEndedOnesAreForgotten() {
        Instant later = T.plusSeconds(20);
        var a = new Checkpoints.Live(1, T, bytes(100));
        var b = new Checkpoints.Live(2, later, bytes(200));
        clock.set(T.plusSeconds(59));
        assertThat(checkpoints.due(clock.instant(), List.of(a, b))).extracting(Checkpoints.Checkpoint::sessionId).containsExactly(1L);
        clock.set(later.plusSeconds(59));
        assertThat(checkpoints.due(clock.instant(), List.of(a, b))).extracting(Checkpoints.Checkpoint::sessionId).containsExactly(2L);
        clock.advance(TICK);
        assertThat(checkpoints.due(clock.instant(), List.of(b))).isEmpty(); // a ended
        // a session id seen again (not in one run, but the core does not care) starts from its own start
        assertThat(checkpoints.due(clock.instant(), List.of(new Checkpoints.Live(1, clock.instant(), bytes(1))))).isEmpty();
    }

    @Test
    void theTickIsATenthOfTheIntervalAtMostOneSecond() {
        assertThat(Checkpoints.tickFor(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(1));
        assertThat(Checkpoints.tickFor(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(200));
        assertThatThrownBy(() -> new Checkpoints(Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
