package io.pptp2wg.admin.core;

import io.pptp2wg.admin.api.UserSource;
import io.pptp2wg.session.SessionEvent;
import io.pptp2wg.session.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * With pppd's radius plugin a user is known from their first login attempt, accepted or not: a failed login of a name
 * not known yet makes it a user known from attempts alone ({@link UserSource#RADIUS_ATTEMPT}; an accepted login is
 * recorded by the login policy). Session events come on gateway I/O threads, so the database write happens on one
 * thread of its own behind a bounded queue; when it is full a name is skipped (counted) and comes again with its
 * next attempt.
 */
public final class RadiusSightings implements SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(RadiusSightings.class);
    static final int QUEUE = 1024;

    private final UserBook users;
    private final ThreadPoolExecutor writer;
    private final AtomicLong skipped = new AtomicLong();

    RadiusSightings(UserBook users) {
        this.users = users;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "radius-sightings");
            t.setDaemon(true);
            return t;
        }, (r, e) -> skipped.incrementAndGet());
    }

    @Override
    public void onEvent(SessionEvent event) {
        String user = switch (event) {
            case SessionEvent.AuthFailure f -> f.user();
            case SessionEvent.Refused r -> r.user().orElse(null);
            default -> null;
        };
        if (user == null || !users.fromRadius() || users.isKnown(user)) {
            return;
        }
        writer.execute(() -> {
            try {
                users.sighted(user, UserSource.RADIUS_ATTEMPT);
            } catch (RuntimeException e) {
                LOG.error("users: a failed RADIUS login of a new name not recorded: {}", e.toString());
            }
        });
    }

    /** Names not recorded because the queue was full. */
    public long skipped() {
        return skipped.get();
    }

    /** Waits (bounded) until what was queued before is written (one thread: a marker behind it). */
    public boolean drain(java.time.Duration within) throws InterruptedException {
        try {
            java.util.concurrent.CompletableFuture.runAsync(() -> { }, writer).get(within.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }
}
