package io.pptp2wg.admin.core;

import io.pptp2wg.admin.api.UserSource;
import io.pptp2wg.admin.db.TrackedUserDao;
import io.pptp2wg.admin.db.UserDao;
import io.pptp2wg.admin.db.UserRow;
import io.pptp2wg.config.secrets.UserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The users: who is in chap-secrets / UCI now (the directory), and what the database holds about
 * each (sunset date, cut-over, migration), mirrored in memory so that the login policy answers on a
 * gateway thread without I/O. Every change goes to the database first, then to the mirror.
 *
 * <p>With pppd's radius plugin there is no list to read (chap-secrets is not used for authentication, as with
 * pppd): the users are those the gateway has seen at a login, accepted or not, and those an administrator imported
 * ({@link #track}); they are kept in {@code tracked_users}. A name known only from failed logins has no WireGuard
 * identity and no address ({@link #provisioned}): a scan of made-up names must not use up the pool.
 */
public final class UserBook {
    private static final Logger LOG = LoggerFactory.getLogger(UserBook.class);
    /** RFC 2865 §5.1: a User-Name is at most 253 octets. */
    public static final int MAX_NAME_OCTETS = 253;
    /**
     * Most names known from failed RADIUS logins alone. Beyond it further such names are not tracked (counted, logged
     * once): a client trying made-up names must not grow the report without end (the guessing limits slow it too).
     */
    public static final int MAX_ATTEMPT_ONLY = 10_000;

    private final UserDao dao;
    private final TrackedUserDao tracked;
    private final Supplier<UserDirectory> directory;
    private final BooleanSupplier radius;
    private final Clock clock;
    private final Map<String, UserRow> rows = new ConcurrentHashMap<>();
    private final Map<String, UserSource> sources = new ConcurrentHashMap<>();
    /** The tracked names, sorted, and those of them provisioned (not attempt-only): snapshots replaced on change. */
    private volatile Set<String> trackedNames = Set.of();
    private volatile Set<String> provisionedNames = Set.of();
    private final AtomicLong untracked = new AtomicLong();
    private final List<Consumer<Collection<String>>> provisionedListeners = new CopyOnWriteArrayList<>();
    private final RadiusSightings sightings = new RadiusSightings(this);

    public UserBook(UserDao dao, Supplier<UserDirectory> directory, Clock clock) {
        this(dao, null, directory, () -> false, clock);
    }

    /**
     * @param tracked the users in no file (null: none)
     * @param radius  whether pppd's radius plugin is loaded now: then the tracked users are the users
     */
    public UserBook(UserDao dao, TrackedUserDao tracked, Supplier<UserDirectory> directory, BooleanSupplier radius,
                    Clock clock) {
        this.dao = dao;
        this.tracked = tracked;
        this.directory = directory;
        this.radius = radius;
        this.clock = clock;
    }

    /** Whether the users come from RADIUS logins and imports (pppd's radius plugin) rather than from the files. */
    public boolean fromRadius() {
        return tracked != null && radius.getAsBoolean();
    }

    /** Adds a row for each user of the directory not yet in the database, then loads every row. */
    public void sync() {
        Instant now = clock.instant();
        int added = 0;
        if (!fromRadius()) {
            for (String name : names()) {
                if (!rows.containsKey(name) && dao.insertIfAbsent(name, now)) {
                    added++;
                }
            }
        }
        if (tracked != null) {
            Map<String, UserSource> all = tracked.all();
            sources.putAll(all);
            sources.keySet().retainAll(all.keySet());
            snapshot();
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

    /** The users: named in chap-secrets / pap-secrets / UCI now, or (RADIUS) seen or imported; sorted. */
    public Set<String> names() {
        return fromRadius() ? trackedNames : directory.get().userNames();
    }

    /** The users who get a WireGuard identity and an address: all but (RADIUS) those known only from failed logins. */
    public Set<String> provisioned() {
        return fromRadius() ? provisionedNames : directory.get().userNames();
    }

    public boolean isKnown(String name) {
        // not names().contains: userNames() copies every name, and StickyAddresses asks per address and user at start
        // (3000 users on a 253-address pool took minutes)
        return name != null && (fromRadius() ? trackedNames.contains(name) : directory.get().hasUser(name));
    }

    public boolean isProvisioned(String name) {
        return name != null && (fromRadius() ? provisionedNames.contains(name) : directory.get().hasUser(name));
    }

    /** How the user is known: from the files, or (RADIUS) imported or seen at a login. */
    public UserSource sourceOf(String name) {
        return fromRadius() ? sources.getOrDefault(name, UserSource.RADIUS_ATTEMPT) : UserSource.FILE;
    }

    /** The session listener that makes a failed RADIUS login of a new name a user (off the gateway's threads). */
    public RadiusSightings sightings() {
        return sightings;
    }

    /** Called with the users who were just provisioned (a first accepted login, an import): identities, addresses. */
    public void onProvisioned(Consumer<Collection<String>> listener) {
        provisionedListeners.add(listener);
    }

    /**
     * Why {@code name} cannot be a user's name, or empty: what a RADIUS User-Name can carry and an API path can name
     * (not empty, at most {@link #MAX_NAME_OCTETS} octets of UTF-8, no control character, no surrounding blank).
     */
    public static Optional<String> problemWith(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("empty name");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_OCTETS) {
            return Optional.of("longer than " + MAX_NAME_OCTETS + " octets (RFC 2865 User-Name)");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                return Optional.of("a control character at position " + (i + 1));
            }
        }
        if (!name.strip().equals(name)) {
            return Optional.of("blank at its start or end");
        }
        return Optional.empty();
    }

    /**
     * A login attempt of {@code name} was seen (RADIUS only; nothing happens otherwise): an unknown name becomes a
     * user, an attempt-only one is promoted by an accepted login. True when the user is now provisioned.
     */
    public boolean sighted(String name, UserSource how) {
        if (!fromRadius() || problemWith(name).isPresent()) {
            return false;
        }
        UserSource known = sources.get(name);
        if (known != null && known.then(how) == known) {
            return known != UserSource.RADIUS_ATTEMPT;
        }
        if (known == null && how == UserSource.RADIUS_ATTEMPT
                && trackedNames.size() - provisionedNames.size() >= MAX_ATTEMPT_ONLY) {
            if (untracked.getAndIncrement() == 0) {
                LOG.warn("users: {} names are known from failed RADIUS logins alone, the most tracked; further such"
                        + " names are not tracked (their failures are still in the history)", MAX_ATTEMPT_ONLY);
            }
            return false;
        }
        List<String> provisioned = trackAll(List.of(name), how);
        if (known == null) {
            LOG.info("users: '{}' seen for the first time at a RADIUS login ({})", Audit.printable(name), how);
        }
        return !provisioned.isEmpty() || isProvisioned(name);
    }

    /**
     * Records the names as users (RADIUS only) with {@code how}; names known already keep their data (an attempt-only
     * name is promoted). Returns the names provisioned by this call (identities and addresses follow).
     */
    public synchronized List<String> trackAll(Collection<String> names, UserSource how) {
        if (!fromRadius()) {
            throw new IllegalStateException("users come from the files unless pppd's radius plugin is loaded");
        }
        Instant now = clock.instant();
        List<String> provisioned = new ArrayList<>();
        for (String name : names) {
            UserSource before = sources.get(name);
            if (before != null && before.then(how) == before) {
                continue;
            }
            UserSource stored = tracked.track(name, how, now);
            sources.put(name, stored);
            reload(name);
            if (stored != UserSource.RADIUS_ATTEMPT && (before == null || before == UserSource.RADIUS_ATTEMPT)) {
                provisioned.add(name);
            }
        }
        snapshot();
        if (!provisioned.isEmpty()) {
            provisionedListeners.forEach(l -> l.accept(provisioned));
        }
        return provisioned;
    }

    /** Names of failed RADIUS logins not tracked because {@link #MAX_ATTEMPT_ONLY} was reached. */
    public long untracked() {
        return untracked.get();
    }

    private synchronized void snapshot() {
        Set<String> all = new TreeSet<>(sources.keySet());
        Set<String> prov = new TreeSet<>();
        sources.forEach((n, s) -> {
            if (s != UserSource.RADIUS_ATTEMPT) {
                prov.add(n);
            }
        });
        trackedNames = Collections.unmodifiableSet(all);
        provisionedNames = Collections.unmodifiableSet(prov);
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
