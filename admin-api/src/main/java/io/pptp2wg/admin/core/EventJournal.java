package io.pptp2wg.admin.core;

import io.dropwizard.lifecycle.Managed;
import io.pptp2wg.admin.api.ClientView;
import io.pptp2wg.admin.api.EventKind;
import io.pptp2wg.admin.api.StoredEvent;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stores every session event durably as it happens, without making the gateway wait: {@link #onEvent}
 * (called on gateway I/O threads) only offers the event to a bounded queue; one writer thread commits
 * what is queued, at once, in one transaction per batch. With H2's WRITE_DELAY=0 (or PostgreSQL's
 * synchronous commit) a committed event survives SIGKILL.
 *
 * <p>If the database stalls long enough for the queue to fill, further events are dropped: counted
 * ({@link #dropped()}, the {@code pptp2wg_events_dropped_total} metric) and logged, never silently lost.
 * If a write fails the batch is kept and retried with backoff until it succeeds or the journal stops.
 */
public final class EventJournal implements SessionListener, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);
    /** Most events in one transaction: a burst is committed in a few round trips. */
    static final int MAX_BATCH = 512;
    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    static final Duration LAST_RETRY = Duration.ofSeconds(5);
    /** How long stop() lets the writer finish what is queued. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final EventDao dao;
    private final String bootId;
    private final BlockingQueue<Entry> queue;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private final AtomicLong droppedSinceReport = new AtomicLong();
    private final Object progress = new Object();
    private volatile long written;
    private volatile boolean lastWriteFailed;
    private volatile boolean running;
    private Thread writer;

    /** One queued event: its row, and what it showed of its device (null when it names no user). */
    private record Entry(StoredEvent row, DeviceSighting device) {}

    public EventJournal(EventDao dao, String bootId, int capacity) {
        this.dao = dao;
        this.bootId = bootId;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    public String bootId() {
        return bootId;
    }

    @Override
    public void onEvent(SessionEvent event) {
        Entry entry;
        try {
            entry = new Entry(toRow(event, bootId), DeviceSightings.of(event));
        } catch (RuntimeException e) {
            // a malformed event must not escape into the gateway's I/O thread
            LOG.error("session event not stored, cannot convert {}: {}", event.getClass().getSimpleName(), e.toString());
            dropped.incrementAndGet();
            return;
        }
        offer(entry);
    }

    /** Queues a row; never blocks. */
    private void offer(Entry entry) {
        StoredEvent row = entry.row();
        if (queue.offer(entry)) {
            accepted.incrementAndGet();
            return;
        }
        dropped.incrementAndGet();
        if (droppedSinceReport.getAndIncrement() == 0) {
            // once per burst; the writer reports how many followed when the queue drains
            LOG.error("session event journal full ({} queued): dropping {} of {} at {}", queue.size(),
                    row.kind(), row.user(), row.at());
        }
    }

    @Override
    public void start() {
        recordLostSessions();
        running = true;
        writer = new Thread(this::writeLoop, "event-journal");
        writer.setDaemon(true);
        writer.start();
    }

    /** Sessions of an earlier run that never logged out: the process was killed while they were up. */
    private void recordLostSessions() {
        List<StoredEvent> lost = new ArrayList<>();
        for (StoredEvent login : dao.unfinishedSessions(bootId)) {
            Instant end = dao.lastEventOf(login.bootId()).orElse(login.at());
            lost.add(new StoredEvent(0, end, EventKind.LOST, login.bootId(), login.sessionId(), login.user(),
                    login.client(), login.tunnelAddress(), login.auth(), login.mppe(), login.started(), null, null,
                    null, null, null, "the gateway stopped while the session was up (logout not recorded)",
                    login.deviceId()));
        }
        if (!lost.isEmpty()) {
            dao.insertAll(lost);
            LOG.warn("{} sessions of an earlier run had no logout (process killed?): recorded as LOST", lost.size());
        }
    }

    @Override
    public void stop() throws InterruptedException {
        flush(STOP_GRACE);
        running = false;
        if (writer != null) {
            writer.interrupt();
            writer.join(STOP_GRACE.toMillis());
        }
        if (!queue.isEmpty()) {
            LOG.error("{} session events not stored at shutdown (database unavailable)", queue.size());
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
        for (Entry e : batch) {
            rows.add(e.row());
            if (e.device() != null) {
                devices.add(e.device());
            }
        }
        while (true) {
            try {
                dao.insertAll(rows, devices);
                if (lastWriteFailed) {
                    LOG.info("session event journal: database writable again");
                }
                lastWriteFailed = false;
                synchronized (progress) {
                    written += batch.size();
                    progress.notifyAll();
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
                Ipv4.format(s.tunnelAddress()), s.auth() == null ? null : s.auth().displayName(), s.mppe(),
                s.started(), durationMs, c == null ? null : c.bytesFromClient(), c == null ? null : c.bytesToClient(),
                c == null ? null : c.packetsFromClient(), c == null ? null : c.packetsToClient(), reason,
                DeviceSightings.idOf(s.user(), s.fingerprint()));
    }
}
