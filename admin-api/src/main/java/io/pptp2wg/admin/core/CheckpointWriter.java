package io.pptp2wg.admin.core;

import io.dropwizard.lifecycle.Managed;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The edge of {@link Checkpoints}: every tick, on a thread of its own, reads the live sessions' counters from the
 * gateway and queues what is due into the journal, which commits it with the session events.
 */
public final class CheckpointWriter implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);

    private final SessionRegistry sessions;
    private final EventJournal journal;
    private final Checkpoints checkpoints;
    private final Clock clock;
    private ScheduledExecutorService timer;

    public CheckpointWriter(SessionRegistry sessions, EventJournal journal, Checkpoints checkpoints, Clock clock) {
        this.sessions = sessions;
        this.journal = journal;
        this.checkpoints = checkpoints;
        this.clock = clock;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("byte-checkpoints").daemon().unstarted(r));
        long tick = checkpoints.tick().toNanos();
        timer.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.NANOSECONDS);
        LOG.info("byte counters of live sessions checkpointed at least every {} ms (storage.checkpointInterval)",
                checkpoints.interval().toMillis());
    }

    /** One tick: what is due goes into the journal's queue. */
    void tick() {
        try {
            List<Checkpoints.Live> live = new ArrayList<>();
            for (SessionHandle s : sessions.sessions()) {
                live.add(new Checkpoints.Live(s.info().id(), s.info().started(), s.counters()));
            }
            journal.checkpoint(checkpoints.due(clock.instant(), live));
        } catch (RuntimeException e) {
            LOG.error("byte checkpoint failed (next tick tries again): {}", e.toString()); // the timer must go on
        }
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
