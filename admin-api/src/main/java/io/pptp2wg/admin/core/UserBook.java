package io.pptp2wg.admin.core;

import io.pptp2wg.admin.db.UserDao;
import io.pptp2wg.admin.db.UserRow;
import io.pptp2wg.config.secrets.UserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The users: who is in chap-secrets / UCI now (the directory), and what the database holds about
 * each (sunset date, cut-over, migration), mirrored in memory so that the login policy answers on a
 * gateway thread without I/O. Every change goes to the database first, then to the mirror.
 */
public final class UserBook {
    private static final Logger LOG = LoggerFactory.getLogger(UserBook.class);

    private final UserDao dao;
    private final Supplier<UserDirectory> directory;
    private final Clock clock;
    private final Map<String, UserRow> rows = new ConcurrentHashMap<>();

    public UserBook(UserDao dao, Supplier<UserDirectory> directory, Clock clock) {
        this.dao = dao;
        this.directory = directory;
        this.clock = clock;
    }

    /** Adds a row for each user of the directory not yet in the database, then loads every row. */
    public void sync() {
        Instant now = clock.instant();
        int added = 0;
        for (String name : names()) {
            if (!rows.containsKey(name) && dao.insertIfAbsent(name, now)) {
                added++;
            }
        }
        // replace row by row: the login policy reading concurrently never sees a user without their row
        Map<String, UserRow> fresh = new java.util.HashMap<>();
        dao.all().forEach(r -> fresh.put(r.name(), r));
        rows.putAll(fresh);
        rows.keySet().retainAll(fresh.keySet());
        if (added > 0) {
            LOG.info("users: {} new in chap-secrets", added);
        }
    }

    /** The users named in chap-secrets / pap-secrets / UCI now, sorted. */
    public Set<String> names() {
        return directory.get().userNames();
    }

    public boolean isKnown(String name) {
        return name != null && names().contains(name);
    }

    /** What the database holds about the user (a fresh row when nothing yet). */
    public UserRow row(String name) {
        UserRow r = rows.get(name);
        return r != null ? r : UserRow.fresh(name, clock.instant());
    }

    public void setSunset(String name, Optional<LocalDate> date) {
        dao.insertIfAbsent(name, clock.instant());
        dao.setSunset(name, date);
        reload(name);
    }

    public void markCutoverIssued(String name) {
        dao.insertIfAbsent(name, clock.instant());
        dao.markCutoverIssued(name, clock.instant());
        reload(name);
    }

    /** True when the user was not migrated before. */
    public boolean markMigrated(String name, String endpoint, Instant handshake) {
        boolean fresh = dao.markMigrated(name, clock.instant(), endpoint, handshake);
        reload(name);
        return fresh;
    }

    /** Reads the user's row again (another part wrote it, e.g. a sticky address). */
    public void reload(String name) {
        dao.find(name).ifPresent(r -> rows.put(name, r));
    }
}
