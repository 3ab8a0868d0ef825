package io.pptp2wg.admin.fleet;

import io.dropwizard.lifecycle.Managed;
import io.pptp2wg.admin.core.LostSessions;
import io.pptp2wg.admin.db.FleetDao;
import io.pptp2wg.admin.db.FleetDao.NodeRow;
import io.pptp2wg.admin.db.EventDao;
import io.pptp2wg.session.SessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * This gateway as a node of a fleet sharing one PostgreSQL database (issue 14). Every {@link #tick} (each
 * {@code heartbeatInterval}, on a thread of its own): the heartbeat, the disconnect requests other nodes left for this
 * run, the releases an outage held back, and the reaping of nodes whose heartbeat is older than {@code lostAfter}:
 * one node (the database's row update decides which) records their live sessions LOST and frees their addresses.
 *
 * <p>A node reaps only after it has itself been in contact for {@code lostAfter}: when the database comes back after
 * an outage every node gets that long to beat again before anyone is declared dead. A node that finds its own row no
 * longer its run's (it was declared dead while it could not reach the database) ends its sessions: they were
 * recorded LOST and their addresses may have been given to others.
 */
public final class FleetNode implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(FleetNode.class);

    /** The text a refused client shows (MS-CHAP "M="): the database decides addresses, so no guess is made. */
    public static final String UNREACHABLE_MESSAGE =
            "The gateway cannot reach its database: new logins are refused for now. Please try again in a minute.";

    /** Contact with the database, as the last ticks found it. */
    sealed interface Contact {
        /** No tick yet. */
        record Never() implements Contact {}

        /** Every tick since {@code since} reached the database; the last at {@code last}. */
        record Since(Instant since, Instant last) implements Contact {}

        /** The last tick failed. */
        record Lost(Instant at, String why) implements Contact {}
    }

    private final FleetSettings settings;
    private final String bootId;
    private final FleetDao fleet;
    private final EventDao events;
    private final DatabaseLeases leases;
    private final Clock clock;
    private volatile Contact contact = new Contact.Never();
    private volatile SessionRegistry sessions;
    private ScheduledExecutorService ticker;
    /** What other nodes may change in the database that this node caches (users' sunset dates, cut-overs). */
    private final List<Runnable> refreshers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Instant lastRefresh = Instant.MIN;

    /** How soon a change made through another node (a sunset date, a cut-over) reaches this node's caches. */
    public static final Duration REFRESH = Duration.ofSeconds(5);

    public FleetNode(FleetSettings settings, String bootId, FleetDao fleet, EventDao events, DatabaseLeases leases,
                     Clock clock) {
        this.settings = settings;
        this.bootId = bootId;
        this.fleet = fleet;
        this.events = events;
        this.leases = leases;
        this.clock = clock;
    }

    public String name() {
        return settings.node();
    }

    public String bootId() {
        return bootId;
    }

    public FleetSettings settings() {
        return settings;
    }

    /** Re-reads, every {@link #REFRESH}, state that other nodes change in the database. */
    public void refreshing(Runnable reload) {
        refreshers.add(reload);
    }

    /** Where disconnect requests for this node's sessions are carried out (the gateway, once it is built). */
    public void deliverTo(SessionRegistry registry) {
        this.sessions = registry;
    }

    /**
     * Enters the fleet with this run, before anything is journalled: refuses a name that a live node uses. A row of
     * this name with a fresh heartbeat is watched for {@code pause} (two heartbeats): if it moves, another process
     * has the name; if not, it is this node's killed previous run and is taken over.
     */
    public void register(Runnable pause) {
        Instant now = clock.instant();
        var existing = fleet.node(name());
        if (existing.isPresent() && existing.get().up() && !existing.get().bootId().equals(bootId)
                && Duration.between(existing.get().heartbeat(), now).compareTo(settings.lostAfter()) < 0) {
            Instant seen = existing.get().heartbeat();
            pause.run();
            var again = fleet.node(name());
            if (again.isPresent() && again.get().up() && again.get().heartbeat().isAfter(seen)) {
                throw new IllegalStateException("fleet.nodeName '" + name() + "' is in use by a running gateway (its "
                        + "heartbeat moves): give every node its own name");
            }
            LOG.info("fleet: node {}'s previous run (heartbeat {} ms ago, not moving) is taken over", name(),
                    Duration.between(seen, clock.instant()).toMillis());
        }
        fleet.register(name(), bootId, clock.instant());
        contact = new Contact.Since(clock.instant(), clock.instant());
        lastNodes = fleet.nodes();
        LOG.info("fleet: node {} up (run {}); heartbeat every {} ms, a node silent for {} ms is recorded LOST", name(),
                bootId, settings.heartbeatInterval().toMillis(), settings.lostAfter().toMillis());
    }

    /** For the journal's start: the runs to close as LOST are all but those of other nodes that are up. */
    public Predicate<String> closableAtStart() {
        Set<String> live = fleet.nodes().stream().filter(n -> n.up() && !n.name().equals(name()))
                .map(NodeRow::bootId).collect(Collectors.toSet());
        return boot -> !live.contains(boot);
    }

    /** One beat. Never throws: a database error is a lost contact, retried at the next beat. */
    public void tick() {
        Instant now = clock.instant();
        try {
            if (!fleet.heartbeat(name(), bootId, now)) {
                fenced();
            }
            Contact before = contact;
            // contact is continuous only if the last beat was recent (a stalled thread or a paused VM starts afresh)
            contact = before instanceof Contact.Since s && !late(s.last(), now)
                    ? new Contact.Since(s.since(), now) : new Contact.Since(now, now);
            if (before instanceof Contact.Lost l) {
                LOG.warn("fleet: database reachable again after {} ms: logins accepted", Duration.between(l.at(), now).toMillis());
            }
            int released = leases.retryReleases();
            if (released > 0) {
                LOG.info("fleet: {} address leases released after the outage", released);
            }
            for (FleetDao.Disconnect d : fleet.takeDisconnects(bootId)) {
                disconnect(d, now);
            }
            reap(now);
            if (!now.isBefore(lastRefresh.plus(REFRESH)) || lastRefresh == Instant.MIN) {
                refreshers.forEach(Runnable::run);
                lastRefresh = now;
            }
        } catch (RuntimeException e) {
            if (!(contact instanceof Contact.Lost)) {
                LOG.error("fleet: database unreachable ({}): new logins are refused, sessions up stay up", e.toString());
                contact = new Contact.Lost(now, e.toString());
            }
        }
    }

    private void disconnect(FleetDao.Disconnect d, Instant now) {
        SessionRegistry r = sessions;
        var handle = r == null ? java.util.Optional.<io.pptp2wg.session.SessionHandle>empty() : r.session(d.sessionId());
        if (handle.isEmpty()) {
            LOG.info("fleet: disconnect request for session {} (no longer up)", d.sessionId());
            return;
        }
        LOG.info("fleet: session {} of {} ended on request ({} ms after it was made)", d.sessionId(),
                handle.get().info().user(), Duration.between(d.requested(), now).toMillis());
        handle.get().disconnect(d.reason());
    }

    /** The nodes as the last beat read them. */
    private volatile List<NodeRow> lastNodes = List.of();

    /**
     * Whether this node writes the fleet's totals in /prometheus: the node with the smallest name among those whose
     * heartbeat is within lostAfter, as the last beat saw them (a handover may count the totals twice or not at all
     * for one beat).
     */
    public boolean reportsForFleet() {
        Instant cutoff = clock.instant().minus(settings.lostAfter());
        return reachable() && lastNodes.stream().filter(n -> n.up() && n.heartbeat().isAfter(cutoff))
                .map(NodeRow::name).min(String::compareTo).map(name()::equals).orElse(true);
    }

    /** Nodes silent for longer than lostAfter: at most one node closes each one's sessions. */
    private void reap(Instant now) {
        lastNodes = fleet.nodes();
        if (!(contact instanceof Contact.Since s) || Duration.between(s.since(), now).compareTo(settings.lostAfter()) < 0) {
            return; // just back in contact: the others get lostAfter to beat again too
        }
        Instant cutoff = now.minus(settings.lostAfter());
        for (NodeRow n : lastNodes) {
            if (n.name().equals(name()) || !n.up() || !n.heartbeat().isBefore(cutoff)) {
                continue;
            }
            if (!fleet.claimDead(n.name(), n.bootId(), cutoff, name(), now)) {
                continue; // another node was first, or it beat meanwhile
            }
            int lost = LostSessions.close(events, events.checkpoints(), bootId, b -> b.equals(n.bootId()),
                    "the gateway node " + n.name() + " stopped beating (last heartbeat " + n.heartbeat()
                            + ") while the session was up; recorded by node " + name() + " (logout not recorded");
            LOG.warn("fleet: node {} silent for {} ms: {} of its sessions recorded LOST, its addresses freed", n.name(),
                    Duration.between(n.heartbeat(), now).toMillis(), lost);
        }
    }

    /** Our row was declared dead while we could not reach the database: our sessions are recorded LOST. */
    private void fenced() {
        LOG.error("fleet: node {} was declared dead by another node while it could not reach the database: its "
                + "sessions were recorded LOST and their addresses freed; ending them and joining again", name());
        SessionRegistry r = sessions;
        if (r != null) {
            for (var h : List.copyOf(r.sessions())) {
                h.disconnect("this gateway node lost its database and was declared dead by the fleet");
            }
        }
        fleet.register(name(), bootId, clock.instant());
    }

    /** Whether a login may go on: the last beat reached the database, and not too long ago. */
    public boolean reachable() {
        return contact instanceof Contact.Since s && !late(s.last(), clock.instant());
    }

    /** More than three heartbeat intervals since {@code last}. */
    private boolean late(Instant last, Instant now) {
        return Duration.between(last, now).compareTo(settings.heartbeatInterval().multipliedBy(3)) > 0;
    }

    /** The nodes that are up, with their runs (for the fleet's session list). */
    public List<NodeRow> nodesUp() {
        return fleet.nodes().stream().filter(NodeRow::up).toList();
    }

    /** Asks the node carrying a run's session to end it; false when no such node is up. */
    public boolean requestDisconnect(String node, long sessionId, String reason) {
        var row = fleet.node(node).filter(NodeRow::up);
        if (row.isEmpty()) {
            return false;
        }
        fleet.requestDisconnect(row.get().bootId(), sessionId, reason, clock.instant());
        return true;
    }

    @Override
    public void start() {
        long every = settings.heartbeatInterval().toMillis();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fleet-heartbeat");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        if (ticker != null) {
            ticker.shutdown();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        }
        try {
            fleet.stopped(name(), bootId, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("fleet: clean stop not recorded ({}): other nodes will record this node's state after {} ms",
                    e.toString(), settings.lostAfter().toMillis());
        }
    }
}
