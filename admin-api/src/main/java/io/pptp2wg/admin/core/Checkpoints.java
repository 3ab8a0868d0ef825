package io.pptp2wg.admin.core;

import io.pptp2wg.session.SessionCounters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which live sessions' byte counters are written now, so that a SIGKILL loses at most one interval of
 * a session's bytes: each session's counters are due once {@code interval} has passed since its last checkpoint
 * (or since it came up), less one tick, so that the caller, which asks every {@code tick}, never writes later than
 * {@code interval}. Unchanged counters are not written again. No I/O: the time and the counters come in, the
 * checkpoints to write go out.
 */
public final class Checkpoints {
    /** One session's counters at one moment: what a LOST session is closed with after a SIGKILL. */
    public record Checkpoint(long sessionId, Instant at, SessionCounters counters) {}

    /** What the caller knows of one live session. */
    public record Live(long sessionId, Instant started, SessionCounters counters) {}

    private record Written(Instant at, SessionCounters counters) {}

    private final Duration interval;
    private final Duration tick;
    private final Map<Long, Written> last = new HashMap<>();

    /**
     * @param interval the longest time between two checkpoints of a session that is up
     * @param tick     how often the caller asks ({@link #due}); shorter than {@code interval}
     */
    public Checkpoints(Duration interval, Duration tick) {
        if (interval.isNegative() || interval.isZero() || tick.isNegative() || tick.isZero()
                || tick.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("need 0 < tick (" + tick + ") < interval (" + interval + ")");
        }
        this.interval = interval;
        this.tick = tick;
    }

    /** How often the caller should ask: a tenth of the interval, at most one second. */
    public static Duration tickFor(Duration interval) {
        Duration t = interval.dividedBy(10);
        return t.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : t.isZero() ? Duration.ofMillis(1) : t;
    }

    public Duration interval() {
        return interval;
    }

    public Duration tick() {
        return tick;
    }

    /**
     * The checkpoints to write at {@code now} for the sessions up now; sessions no longer listed are forgotten.
     * A session is due when waiting for the next tick would let more than {@code interval} pass since its last
     * checkpoint (its start for the first), and its counters changed since.
     */
    public List<Checkpoint> due(Instant now, List<Live> sessions) {
        List<Checkpoint> out = new ArrayList<>();
        Map<Long, Written> still = new HashMap<>(sessions.size() * 2);
        for (Live s : sessions) {
            Written w = last.get(s.sessionId());
            Instant since = w != null ? w.at() : s.started();
            boolean late = !now.plus(tick).isBefore(since.plus(interval));
            SessionCounters before = w != null ? w.counters() : SessionCounters.ZERO;
            if (late && !s.counters().equals(before)) {
                out.add(new Checkpoint(s.sessionId(), now, s.counters()));
                still.put(s.sessionId(), new Written(now, s.counters()));
            } else if (late) {
                still.put(s.sessionId(), new Written(now, before)); // nothing new: the stored one is still exact
            } else {
                still.put(s.sessionId(), w != null ? w : new Written(s.started(), SessionCounters.ZERO));
            }
        }
        last.clear();
        last.putAll(still);
        return out;
    }
}
