package io.pptp2wg.admin.fleet;

import io.pptp2wg.admin.core.AddressLeases;
import io.pptp2wg.admin.db.LeaseDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;

/**
 * A fleet's leases, in the database: the primary key on the address decides, not a cache. A release the database
 * could not take (it was unreachable) is kept and retried by the node's heartbeat ({@link #retryReleases}), so an
 * address is not held for ever by a session that ended during an outage.
 */
public final class DatabaseLeases implements AddressLeases {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseLeases.class);
    /** Releases kept during an outage; past this the oldest is given up (the node's next start frees it). */
    static final int MAX_PENDING = 65_536;

    private record Pending(int address, String user) {}

    private final LeaseDao dao;
    private final String node;
    private final Clock clock;
    private final Deque<Pending> pending = new ArrayDeque<>();

    public DatabaseLeases(LeaseDao dao, String node, Clock clock) {
        this.dao = dao;
        this.node = node;
        this.clock = clock;
    }

    @Override
    public Optional<Holder> holder(int address) {
        return dao.holder(address);
    }

    @Override
    public boolean take(int address, String user) {
        return dao.take(address, user, node, clock.instant());
    }

    @Override
    public boolean join(int address, String user) {
        return dao.join(address, user, node);
    }

    @Override
    public void release(int address, String user) {
        try {
            dao.release(address, user, node);
        } catch (RuntimeException e) {
            synchronized (pending) {
                if (pending.size() >= MAX_PENDING) {
                    pending.removeFirst();
                }
                pending.addLast(new Pending(address, user));
            }
            LOG.warn("address lease of {} not released yet (database unreachable: {}): retried with the heartbeat",
                    user, e.toString());
        }
    }

    /** Releases that failed, retried in order; stops at the first failure. */
    public int retryReleases() {
        int done = 0;
        while (true) {
            Pending p;
            synchronized (pending) {
                p = pending.peekFirst();
            }
            if (p == null) {
                return done;
            }
            dao.release(p.address(), p.user(), node); // throws while the database is still away
            synchronized (pending) {
                pending.pollFirst();
            }
            done++;
        }
    }

    public int pendingReleases() {
        synchronized (pending) {
            return pending.size();
        }
    }

    @Override
    public Set<Integer> taken() {
        return dao.taken();
    }

    @Override
    public boolean shared() {
        return true;
    }
}
