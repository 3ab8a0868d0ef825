package io.pptp2wg.admin.health;

import com.codahale.metrics.health.HealthCheck;
import io.pptp2wg.admin.core.EventJournal;

/** Healthy while the event writer runs, its last write succeeded and its queue is not nearly full. */
public final class JournalHealthCheck extends HealthCheck {
    private final EventJournal journal;

    public JournalHealthCheck(EventJournal journal) {
        this.journal = journal;
    }

    @Override
    protected Result check() {
        int queued = journal.queued();
        int capacity = journal.capacity();
        ResultBuilder r = Result.builder().withDetail("queued", queued).withDetail("capacity", capacity)
                .withDetail("written", journal.written()).withDetail("dropped", journal.dropped())
                .withDetail("writeFailures", journal.writeFailures());
        if (!journal.isRunning()) {
            return r.unhealthy().withMessage("the session event writer is not running").build();
        }
        if (journal.lastWriteFailed()) {
            return r.unhealthy().withMessage("the database refuses session events (retrying)").build();
        }
        if (queued > capacity / 2) {
            return r.unhealthy().withMessage("session events pile up: " + queued + " of " + capacity + " queued").build();
        }
        return r.healthy().withMessage(journal.written() + " events written, " + journal.dropped() + " dropped").build();
    }
}
