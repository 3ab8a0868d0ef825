package io.pptp2wg.admin.core;

import io.dropwizard.lifecycle.Managed;
import io.pptp2wg.admin.api.ClientView;
import io.pptp2wg.admin.api.EventKind;
import io.pptp2wg.admin.api.StoredEvent;
import io.pptp2wg.admin.db.CheckpointDao;
import io.pptp2wg.admin.db.DeviceSighting;
import io.pptp2wg.admin.db.EventDao;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.session.SessionEvent;
import io.pptp2wg.session.SessionInfo;
import io.pptp2wg.session.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stores every session event durably as it happens, without making the gateway wait: {@link #onEvent}
 * (called on gateway I/O threads) only offers the event to a bounded queue; one writer thread commits
 * what is queued, at once, in one transaction per batch. With H2's WRITE_DELAY=0 (or PostgreSQL's
 * synchronous commit) a committed event survives SIGKILL.
 *
 * <p>Concurrent events share one commit (group commit): {@link #onEventDurable} gives the caller a future
 * that completes when its event's batch is committed, so a caller that must not go on before its event is
 * durable waits for one commit, shared with every event queued meanwhile. {@link #checkpoint} queues live
 * sessions' byte counters ({@link Checkpoints}); at the next start a session of an earlier run without its end is
 * closed as LOST with the bytes of its last checkpoint.
 *
 * <p>If the database stalls long enough for the queue to fill, further events are dropped: counted
 * ({@link #dropped()}, the {@code pptp2wg_events_dropped_total} metric) and logged, never silently lost.
 * If a write fails the batch is kept and retried with backoff until it succeeds or the journal stops.
 */
public final class EventJournal implements SessionListener, io.pptp2wg.session.LoginRecorder, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);
    /** Most events in one transaction: a burst is committed in a few round trips. */
    static final int MAX_BATCH = 512;
    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    static final Duration LAST_RETRY = Duration.ofSeconds(5);
    /** How long stop() lets the writer finish what is queued. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** A commit this slow is logged: logins wait for commits (LoginRecorder), at most 2 s. */
    static final long SLOW_COMMIT_MS = 1000;

    private final EventDao dao;
    private final CheckpointDao checkpoints;
    private final String bootId;
    private final BlockingQueue<Entry> queue;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong droppedSinceReport = new AtomicLong();
    private final Object progress = new Object();
    private volatile long written;
    private volatile boolean lastWriteFailed;
    private volatile boolean running;
    private volatile boolean stopped;
    private Thread writer;

    /** What the writer stores. */
    private sealed interface Entry {
        /** One event: its row, what it showed of its device (null when it names no user), who waits for it (or null). */
        record Event(StoredEvent row, DeviceSighting device, CompletableFuture<Void> durable) implements Entry {}

        /** A live session's byte counters. */
        record Progress(Checkpoints.Checkpoint checkpoint) implements Entry {}

        /** A session recorded at its login came up: its LOGIN row gets the MPPE that CCP agreed. */
        record Opened(long sessionId, String mppe) implements Entry {}
    }

    public EventJournal(EventDao dao, String bootId, int capacity) {
        this.dao = dao;
        this.checkpoints = dao.checkpoints();
        this.bootId = bootId;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    public String bootId() {
        return bootId;
    }

    /** Sessions whose LOGIN was stored at {@link #loggedIn}, before their Up. */
    private final java.util.Set<Long> recordedAtLogin = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void onEvent(SessionEvent event) {
        if (event instanceof SessionEvent.Up up && recordedAtLogin.remove(up.session().id())) {
            offer(new Entry.Opened(up.session().id(), up.session().mppe()));
            return;
        }
        store(event, null);
    }

    /** The gateway's LoginRecorder: the LOGIN row now (MPPE not agreed yet), committed before the client's IPCP opens. */
    @Override
    public CompletableFuture<Void> loggedIn(SessionInfo session) {
        recordedAtLogin.add(session.id());
        CompletableFuture<Void> durable = onEventDurable(new SessionEvent.Up(session, session.started()));
        if (durable.isCompletedExceptionally()) {
            recordedAtLogin.remove(session.id()); // dropped: its Up is then stored as a LOGIN of its own
        }
        return durable;
    }

    /** A session recorded at its login ended before IPCP opened: its LOGOUT, with nothing carried. */
    @Override
    public void endedBeforeUp(SessionInfo session, String reason, Instant at) {
        recordedAtLogin.remove(session.id());
        store(new SessionEvent.Down(session, io.pptp2wg.session.SessionCounters.ZERO, reason, at), null);
    }

    /**
     * Queues the event like {@link #onEvent}; the future completes once it is committed (with the other events of
     * its batch: one commit for all the logins that arrived meanwhile), or exceptionally when it was dropped or the
     * journal stopped before it could be written. Never blocks.
     */
    public CompletableFuture<Void> onEventDurable(SessionEvent event) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        store(event, durable);
        return durable;
    }

    private void store(SessionEvent event, CompletableFuture<Void> durable) {
        Entry.Event entry;
        try {
            entry = new Entry.Event(toRow(event, bootId), DeviceSightings.of(event), durable);
        } catch (RuntimeException e) {
            // a malformed event must not escape into the gateway's I/O thread
            LOG.error("session event not stored, cannot convert {}: {}", event.getClass().getSimpleName(), e.toString());
            dropped.incrementAndGet();
            if (durable != null) {
                durable.completeExceptionally(e);
            }
            return;
        }
        offer(entry);
    }

    /** Queues live sessions' byte counters; never blocks (a full queue drops them, counted, as events). */
    public void checkpoint(List<Checkpoints.Checkpoint> checkpoints) {
        for (Checkpoints.Checkpoint c : checkpoints) {
            offer(new Entry.Progress(c));
        }
    }

    /** Queues an entry; never blocks. */
    private void offer(Entry entry) {
        if (stopped && entry instanceof Entry.Event e && e.durable() != null) {
            e.durable().completeExceptionally(new IllegalStateException("session event journal stopped"));
            return;
        }
        if (queue.offer(entry)) {
            accepted.incrementAndGet();
            return;
        }
        dropped.incrementAndGet();
        if (entry instanceof Entry.Event e && e.durable() != null) {
            e.durable().completeExceptionally(new IllegalStateException("session event journal full"));
        }
        if (droppedSinceReport.getAndIncrement() == 0) {
            // once per burst; the writer reports how many followed when the queue drains
            switch (entry) {
                case Entry.Event e -> LOG.error("session event journal full ({} queued): dropping {} of {} at {}",
                        queue.size(), e.row().kind(), e.row().user(), e.row().at());
                case Entry.Progress p -> LOG.error("session event journal full ({} queued): dropping the checkpoint of "
                        + "session {} at {}", queue.size(), p.checkpoint().sessionId(), p.checkpoint().at());
                case Entry.Opened o -> LOG.error("session event journal full ({} queued): dropping the MPPE of "
                        + "session {}", queue.size(), o.sessionId());
            }
        }
    }

    @Override
    public void start() {
        recordLostSessions();
        rehearse();
        running = true;
        writer = new Thread(this::writeLoop, "event-journal");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * One write of every kind of row, rolled back, before the first login can wait for a commit: a fresh process's
     * first commit otherwise pays the write path's class loading and first statements, which on a loaded machine
     * took longer than LoginRecorder's hold limit (bench: 243 logins of a cold gateway's first seconds went on
     * without their record). A failure here is only logged: the writer reports and retries real writes.
     */
    private void rehearse() {
        long t = System.nanoTime();
        Instant now = Instant.now();
        long id = Long.MIN_VALUE; // no session has it
        SessionInfo s = new SessionInfo(id, "(rehearsal)", 0, 0, null, 0, null, "", now,
                io.pptp2wg.session.AddressAllocator.Holding.OWN);
        try {
            dao.rehearse(List.of(toRow(new SessionEvent.Up(s, now), bootId),
                            toRow(new SessionEvent.Down(s, io.pptp2wg.session.SessionCounters.ZERO, "rehearsal", now), bootId)),
                    List.of(), bootId, List.of(new Checkpoints.Checkpoint(id, now, io.pptp2wg.session.SessionCounters.ZERO)),
                    Map.of(id, "rehearsal"));
            LOG.info("session event journal: write path rehearsed (rolled back) in {} ms", (System.nanoTime() - t) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("session event journal: rehearsal write failed: {}", e.toString());
        }
    }

    /** Sessions of an earlier run that never logged out are closed as LOST, with their last checkpoint's bytes. */
    private void recordLostSessions() {
        if (lostAtStart == null) {
            LostSessions.close(dao, checkpoints, bootId);
        } else {
            LostSessions.close(dao, checkpoints, bootId, lostAtStart.get(),
                    "the gateway stopped while the session was up (logout not recorded");
        }
    }

    /** A fleet: at start only the runs this names are closed as LOST (not the sessions of other nodes that are up). */
    private volatile java.util.function.Supplier<java.util.function.Predicate<String>> lostAtStart;

    public void closeAtStartOnly(java.util.function.Supplier<java.util.function.Predicate<String>> runs) {
        this.lostAtStart = runs;
    }

    @Override
    public void stop() throws InterruptedException {
        flush(STOP_GRACE);
        stopped = true;
        running = false;
        if (writer != null) {
            writer.interrupt();
            writer.join(STOP_GRACE.toMillis());
        }
        if (!queue.isEmpty()) {
            LOG.error("{} session events not stored at shutdown (database unavailable)", queue.size());
        }
        for (Entry e; (e = queue.poll()) != null; ) {
            if (e instanceof Entry.Event ev && ev.durable() != null) {
                ev.durable().completeExceptionally(new IllegalStateException("session event journal stopped"));
            }
        }
    }

    private void writeLoop() {
        List<Entry> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                if (batch.isEmpty()) {
                    Entry first = queue.poll(1, TimeUnit.SECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                }
                writeWithRetry(batch);
                batch.clear();
                reportDrops();
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void writeWithRetry(List<Entry> batch) throws InterruptedException {
        Duration wait = FIRST_RETRY;
        List<StoredEvent> rows = new ArrayList<>(batch.size());
        List<DeviceSighting> devices = new ArrayList<>(batch.size());
        Map<Long, Checkpoints.Checkpoint> latest = new java.util.LinkedHashMap<>();
        java.util.Set<Long> ended = new java.util.HashSet<>();
        Map<Long, String> mppe = new java.util.HashMap<>();
        for (Entry e : batch) {
            switch (e) {
                case Entry.Event ev -> {
                    rows.add(ev.row());
                    if (ev.device() != null) {
                        devices.add(ev.device());
                    }
                    if (ev.row().kind() == EventKind.LOGOUT && ev.row().sessionId() != null) {
                        ended.add(ev.row().sessionId());
                    }
                }
                // the latest of a session's checkpoints in the batch; none once its LOGOUT is there
                case Entry.Progress p -> latest.put(p.checkpoint().sessionId(), p.checkpoint());
                case Entry.Opened o -> mppe.put(o.sessionId(), o.mppe());
            }
        }
        latest.keySet().removeAll(ended);
        List<Checkpoints.Checkpoint> checkpointRows = List.copyOf(latest.values());
        while (true) {
            try {
                long t = System.nanoTime();
                dao.insertAll(rows, devices, bootId, checkpointRows, mppe);
                long ms = (System.nanoTime() - t) / 1_000_000;
                if (ms >= SLOW_COMMIT_MS) {
                    LOG.warn("session event journal: a commit of {} entries took {} ms", batch.size(), ms);
                }
                if (lastWriteFailed) {
                    LOG.info("session event journal: database writable again");
                }
                lastWriteFailed = false;
                commits.incrementAndGet();
                synchronized (this.progress) {
                    written += batch.size();
                    this.progress.notifyAll();
                }
                for (Entry e : batch) {
                    if (e instanceof Entry.Event ev && ev.durable() != null) {
                        ev.durable().complete(null);
                    }
                }
                return;
            } catch (RuntimeException e) {
                writeFailures.incrementAndGet();
                if (!lastWriteFailed) {
                    LOG.error("session event journal: cannot write {} events, retrying: {}", batch.size(), e.toString());
                }
                lastWriteFailed = true;
                if (!running) {
                    throw new InterruptedException("stopping");
                }
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait.multipliedBy(2);
            }
        }
    }

    private void reportDrops() {
        long n = droppedSinceReport.getAndSet(0);
        if (n > 0) {
            LOG.error("session event journal: {} events dropped while the queue was full", n);
        }
    }

    /** Waits until every event accepted before this call is committed; false on timeout. */
    public boolean flush(Duration timeout) throws InterruptedException {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (written < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    return written >= target;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
        return true;
    }

    public long dropped() {
        return dropped.get();
    }

    /** Transactions committed: fewer than events when they shared a batch. */
    public long commits() {
        return commits.get();
    }

    public long writeFailures() {
        return writeFailures.get();
    }

    public long written() {
        return written;
    }

    public int queued() {
        return queue.size();
    }

    public int capacity() {
        return queue.size() + queue.remainingCapacity();
    }

    public boolean lastWriteFailed() {
        return lastWriteFailed;
    }

    public boolean isRunning() {
        return running && writer != null && writer.isAlive();
    }

    /** The stored form of a gateway event. */
    static StoredEvent toRow(SessionEvent event, String bootId) {
        return switch (event) {
            case SessionEvent.Up up -> session(up.session(), up.at(), EventKind.LOGIN, bootId, null, null, null);
            case SessionEvent.Down down -> {
                long duration = Math.max(0, Duration.between(down.session().started(), down.at()).toMillis());
                yield session(down.session(), down.at(), EventKind.LOGOUT, bootId, duration, down.counters(), down.reason());
            }
            case SessionEvent.AuthFailure f -> new StoredEvent(0, f.at(), EventKind.AUTH_FAILURE, bootId, null,
                    f.user(), ClientView.of(f.client()), null, f.auth() == null ? null : f.auth().displayName(), null,
                    null, null, null, null, null, null, f.reason(), DeviceSightings.idOf(f.user(), f.client()));
            case SessionEvent.Refused r -> new StoredEvent(0, r.at(), EventKind.REFUSED, bootId, null,
                    r.user().orElse(null), ClientView.of(r.client()), null, null, null, null, null, null, null, null,
                    null, r.reason(), r.user().map(u -> DeviceSightings.idOf(u, r.client())).orElse(null));
            case SessionEvent.LockedOut l -> new StoredEvent(0, l.at(), EventKind.LOCKOUT, bootId, null, l.user(),
                    ClientView.of(l.client()), null, null, null, null, null, null, null, null, null,
                    l.lockout().reason(), DeviceSightings.idOf(l.user(), l.client()));
        };
    }

    private static StoredEvent session(SessionInfo s, Instant at, EventKind kind, String bootId, Long durationMs,
                                       io.pptp2wg.session.SessionCounters c, String reason) {
        return new StoredEvent(0, at, kind, bootId, s.id(), s.user(), ClientView.of(s.fingerprint()),
                Ipv4.format(s.tunnelAddress()), s.auth() == null ? null : s.auth().displayName(),
                s.mppe() == null || s.mppe().isEmpty() ? null : s.mppe(), // empty: recorded before CCP agreed
                s.started(), durationMs, c == null ? null : c.bytesFromClient(), c == null ? null : c.bytesToClient(),
                c == null ? null : c.packetsFromClient(), c == null ? null : c.packetsToClient(), reason,
                DeviceSightings.idOf(s.user(), s.fingerprint()));
    }
}
