package io.pptp2wg.admin.db;

import io.pptp2wg.admin.api.ClientView;
import io.pptp2wg.admin.api.EventKind;
import io.pptp2wg.admin.api.StoredEvent;
import io.pptp2wg.config.Ipv4;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code session_events} table: the journal of what the gateway saw. */
public final class EventDao {
    private static final String COLUMNS = "id, at_ms, kind, boot_id, session_id, user_name, host_name, vendor, "
            + "firmware_revision, public_address, tunnel_address, auth, mppe, started_ms, duration_ms, "
            + "bytes_from_client, bytes_to_client, packets_from_client, packets_to_client, reason, device_id";

    static final RowMapper<StoredEvent> MAPPER = (rs, ctx) -> {
        String host = rs.getString("host_name");
        String vendor = rs.getString("vendor");
        Integer firmware = Columns.intOrNull(rs, "firmware_revision");
        String address = rs.getString("public_address");
        ClientView client = host == null && vendor == null && firmware == null && address == null ? null
                : new ClientView(host, vendor, firmware, address);
        return new StoredEvent(
                rs.getLong("id"),
                Instant.ofEpochMilli(rs.getLong("at_ms")),
                EventKind.valueOf(rs.getString("kind")),
                rs.getString("boot_id"),
                Columns.longOrNull(rs, "session_id"),
                rs.getString("user_name"),
                client,
                Columns.address(rs, "tunnel_address").map(Ipv4::format).orElse(null),
                rs.getString("auth"),
                rs.getString("mppe"),
                Columns.instantOrNull(rs, "started_ms"),
                Columns.longOrNull(rs, "duration_ms"),
                Columns.longOrNull(rs, "bytes_from_client"),
                Columns.longOrNull(rs, "bytes_to_client"),
                Columns.longOrNull(rs, "packets_from_client"),
                Columns.longOrNull(rs, "packets_to_client"),
                rs.getString("reason"),
                rs.getString("device_id"));
    };

    /** Per user, what the journal says (logins, bytes, failures, refusals). */
    public record UserStats(long logins, Instant lastLogin, long bytesFromClient, long bytesToClient,
                            long authFailures, long refused, Instant lastRefused) {
        public static final UserStats NONE = new UserStats(0, null, 0, 0, 0, 0, null);
    }

    private final Jdbi jdbi;

    public EventDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The byte checkpoints of live sessions, in the same database. */
    public CheckpointDao checkpoints() {
        return new CheckpointDao(jdbi);
    }

    /** Per device of a user, what the journal says (as {@link UserStats}, and its last login). */
    public record DeviceStats(long logins, Instant lastLogin, long bytesFromClient, long bytesToClient,
                              long authFailures, long refused) {
        public static final DeviceStats NONE = new DeviceStats(0, null, 0, 0, 0, 0);
    }

    /** A device of a user. */
    public record DeviceKey(String user, String deviceId) {}

    /** Stores events in one transaction: all or none. */
    public void insertAll(List<StoredEvent> events) {
        jdbi.useTransaction(h -> insert(h, events));
    }

    /** Stores events and what they showed of their devices in one transaction: all or none. */
    public void insertAll(List<StoredEvent> events, List<DeviceSighting> devices) {
        insertAll(events, devices, "", List.of(), Map.of());
    }

    /**
     * Stores events, what they showed of their devices and run {@code bootId}'s byte checkpoints in one transaction:
     * all or none. A session's checkpoint row goes with its LOGOUT or LOST.
     */
    public void insertAll(List<StoredEvent> events, List<DeviceSighting> devices, String bootId,
                          List<io.pptp2wg.admin.core.Checkpoints.Checkpoint> checkpoints, Map<Long, String> mppeOf) {
        jdbi.useTransaction(h -> write(h, events, devices, bootId, checkpoints, mppeOf));
    }

    /**
     * The same statements as {@link #insertAll(List, List, String, List, Map)}, rolled back: run once at start so that
     * the first logins of a fresh process do not wait for the write path's class loading and first statements (on a
     * loaded machine the first real commit took over 2 s, LoginRecorder's hold limit).
     */
    public void rehearse(List<StoredEvent> events, List<DeviceSighting> devices, String bootId,
                         List<io.pptp2wg.admin.core.Checkpoints.Checkpoint> checkpoints, Map<Long, String> mppeOf) {
        jdbi.useTransaction(h -> {
            write(h, events, devices, bootId, checkpoints, mppeOf);
            h.rollback();
        });
    }

    private static void write(Handle h, List<StoredEvent> events, List<DeviceSighting> devices, String bootId,
                              List<io.pptp2wg.admin.core.Checkpoints.Checkpoint> checkpoints, Map<Long, String> mppeOf) {
        insert(h, events);
        if (!mppeOf.isEmpty()) {
            // sessions whose LOGIN was stored before CCP agreed on MPPE (LoginRecorder)
            PreparedBatch b = h.prepareBatch("UPDATE session_events SET mppe = :mppe WHERE boot_id = :boot "
                    + "AND session_id = :session AND kind = 'LOGIN'");
            mppeOf.forEach((session, mppe) -> b.bind("mppe", Columns.clean(mppe, 32)).bind("boot", bootId)
                    .bind("session", session).add());
            b.execute();
        }
        DeviceDao.record(h, devices);
        CheckpointDao.write(h, bootId, checkpoints);
        List<CheckpointDao.SessionKey> ended = new ArrayList<>();
        for (StoredEvent e : events) {
            if ((e.kind() == EventKind.LOGOUT || e.kind() == EventKind.LOST) && e.sessionId() != null) {
                ended.add(new CheckpointDao.SessionKey(e.bootId(), e.sessionId()));
            }
        }
        CheckpointDao.ended(h, ended);
    }

    /** Per-device totals; for one user's devices when {@code user} is given. */
    public Map<DeviceKey, DeviceStats> deviceStats(Optional<String> user) {
        String where = user.isPresent() ? "WHERE user_name = :user AND device_id IS NOT NULL"
                : "WHERE user_name IS NOT NULL AND device_id IS NOT NULL";
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT user_name, device_id, kind, COUNT(*) n, MAX(at_ms) last_ms, "
                    + "SUM(bytes_from_client) bfc, SUM(bytes_to_client) btc FROM session_events " + where
                    + " GROUP BY user_name, device_id, kind");
            user.ifPresent(u -> q.bind("user", u));
            Map<DeviceKey, DeviceStats> out = new HashMap<>();
            q.map((rs, ctx) -> {
                DeviceKey key = new DeviceKey(rs.getString("user_name"), rs.getString("device_id"));
                long n = rs.getLong("n");
                DeviceStats s = out.getOrDefault(key, DeviceStats.NONE);
                s = switch (EventKind.valueOf(rs.getString("kind"))) {
                    case LOGIN -> new DeviceStats(n, Instant.ofEpochMilli(rs.getLong("last_ms")), s.bytesFromClient(),
                            s.bytesToClient(), s.authFailures(), s.refused());
                    // a LOST session carries the bytes of its last checkpoint (none before issue 17)
                    case LOGOUT, LOST -> new DeviceStats(s.logins(), s.lastLogin(), s.bytesFromClient() + rs.getLong("bfc"),
                            s.bytesToClient() + rs.getLong("btc"), s.authFailures(), s.refused());
                    case AUTH_FAILURE -> new DeviceStats(s.logins(), s.lastLogin(), s.bytesFromClient(),
                            s.bytesToClient(), n, s.refused());
                    case REFUSED -> new DeviceStats(s.logins(), s.lastLogin(), s.bytesFromClient(), s.bytesToClient(),
                            s.authFailures(), n);
                    case LOCKOUT -> s;
                };
                out.put(key, s);
                return key;
            }).list();
            return out;
        });
    }

    private static void insert(Handle h, List<StoredEvent> events) {
        PreparedBatch batch = h.prepareBatch("INSERT INTO session_events (at_ms, kind, boot_id, session_id, user_name, "
                + "host_name, vendor, firmware_revision, public_address, tunnel_address, auth, mppe, started_ms, "
                + "duration_ms, bytes_from_client, bytes_to_client, packets_from_client, packets_to_client, reason, device_id) "
                + "VALUES (:at, :kind, :boot, :session, :user, :host, :vendor, :firmware, :address, :tunnel, :auth, "
                + ":mppe, :started, :duration, :bfc, :btc, :pfc, :ptc, :reason, :device)");
        for (StoredEvent e : events) {
            ClientView c = e.client();
            batch.bind("at", e.at().toEpochMilli())
                    .bind("kind", e.kind().name())
                    .bind("boot", e.bootId())
                    .bind("session", e.sessionId())
                    .bind("user", Columns.clean(e.user(), 255))
                    .bind("host", c == null ? null : Columns.clean(c.hostName(), 64))
                    .bind("vendor", c == null ? null : Columns.clean(c.vendor(), 64))
                    .bind("firmware", c == null ? null : c.firmwareRevision())
                    .bind("address", c == null ? null : Columns.clean(c.publicAddress(), 64))
                    .bind("tunnel", e.tunnelAddress() == null ? null : Ipv4.parse(e.tunnelAddress()).getAsLong())
                    .bind("auth", Columns.clean(e.auth(), 16))
                    .bind("mppe", Columns.clean(e.mppe(), 32))
                    .bind("started", e.started() == null ? null : e.started().toEpochMilli())
                    .bind("duration", e.durationMs())
                    .bind("bfc", e.bytesFromClient())
                    .bind("btc", e.bytesToClient())
                    .bind("pfc", e.packetsFromClient())
                    .bind("ptc", e.packetsToClient())
                    .bind("reason", Columns.clean(e.reason(), 255))
                    .bind("device", Columns.clean(e.deviceId(), 16))
                    .add();
        }
        batch.execute();
    }

    /** Logins of earlier runs of the process with no logout: the process died while they were up. */
    public List<StoredEvent> unfinishedSessions(String currentBoot) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM session_events l WHERE l.kind = 'LOGIN' "
                        + "AND l.boot_id <> :boot AND NOT EXISTS (SELECT 1 FROM session_events e "
                        + "WHERE e.boot_id = l.boot_id AND e.session_id = l.session_id AND e.kind IN ('LOGOUT', 'LOST'))")
                .bind("boot", currentBoot).map(MAPPER).list());
    }

    /** The last event of any kind stored by one run of the process: a lower bound for when it stopped. */
    public Optional<Instant> lastEventOf(String bootId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT MAX(at_ms) FROM session_events WHERE boot_id = :boot")
                .bind("boot", bootId).mapTo(Long.class).findOne().map(Instant::ofEpochMilli));
    }

    /** Per-user totals; for one user when {@code user} is given. */
    public Map<String, UserStats> stats(Optional<String> user) {
        String where = user.isPresent() ? "WHERE user_name = :user" : "WHERE user_name IS NOT NULL";
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT user_name, kind, COUNT(*) n, MAX(at_ms) last_ms, "
                    + "SUM(bytes_from_client) bfc, SUM(bytes_to_client) btc FROM session_events " + where
                    + " GROUP BY user_name, kind");
            user.ifPresent(u -> q.bind("user", u));
            Map<String, UserStats> out = new HashMap<>();
            q.map((rs, ctx) -> {
                String name = rs.getString("user_name");
                EventKind kind = EventKind.valueOf(rs.getString("kind"));
                long n = rs.getLong("n");
                Instant last = Instant.ofEpochMilli(rs.getLong("last_ms"));
                long bfc = rs.getLong("bfc");
                long btc = rs.getLong("btc");
                UserStats s = out.getOrDefault(name, UserStats.NONE);
                s = switch (kind) {
                    case LOGIN -> new UserStats(n, last, s.bytesFromClient(), s.bytesToClient(), s.authFailures(),
                            s.refused(), s.lastRefused());
                    case LOGOUT, LOST -> new UserStats(s.logins(), s.lastLogin(), s.bytesFromClient() + bfc,
                            s.bytesToClient() + btc, s.authFailures(), s.refused(), s.lastRefused());
                    case AUTH_FAILURE -> new UserStats(s.logins(), s.lastLogin(), s.bytesFromClient(),
                            s.bytesToClient(), n, s.refused(), s.lastRefused());
                    case REFUSED -> new UserStats(s.logins(), s.lastLogin(), s.bytesFromClient(), s.bytesToClient(),
                            s.authFailures(), n, last);
                    case LOCKOUT -> s;
                };
                out.put(name, s);
                return name;
            }).list();
            return out;
        });
    }

    /** Each user's latest login (for the last client fingerprint and tunnel address). */
    public Map<String, StoredEvent> lastLogins(Optional<String> user) {
        String filter = user.isPresent() ? " AND user_name = :user" : "";
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT " + COLUMNS + " FROM session_events WHERE id IN "
                    + "(SELECT MAX(id) FROM session_events WHERE kind = 'LOGIN'" + filter + " GROUP BY user_name)");
            user.ifPresent(u -> q.bind("user", u));
            Map<String, StoredEvent> out = new HashMap<>();
            q.map(MAPPER).forEach(e -> out.put(e.user(), e));
            return out;
        });
    }

    /** A user's events, newest first. */
    public List<StoredEvent> history(String user, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM session_events WHERE user_name = :user ORDER BY at_ms DESC, id DESC")
                .bind("user", user).setMaxRows(limit).map(MAPPER).list());
    }

    /** The times of events of one kind in [from, to), per user, ascending. */
    public Map<String, List<Instant>> times(EventKind kind, Instant from, Instant to) {
        return jdbi.withHandle(h -> {
            Map<String, List<Instant>> out = new HashMap<>();
            h.createQuery("SELECT user_name, at_ms FROM session_events WHERE kind = :kind AND at_ms >= :from "
                            + "AND at_ms < :to AND user_name IS NOT NULL ORDER BY at_ms")
                    .bind("kind", kind.name()).bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli())
                    .map((rs, ctx) -> {
                        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(Instant.ofEpochMilli(rs.getLong(2)));
                        return 0;
                    }).list();
            return out;
        });
    }

    /** The times of logins in [from, to), per device of the listed users, ascending. */
    public Map<DeviceKey, List<Instant>> deviceLoginTimes(java.util.Collection<String> users, Instant from, Instant to) {
        if (users.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> {
            Map<DeviceKey, List<Instant>> out = new HashMap<>();
            h.createQuery("SELECT user_name, device_id, at_ms FROM session_events WHERE kind = 'LOGIN' "
                            + "AND at_ms >= :from AND at_ms < :to AND user_name IN (<users>) AND device_id IS NOT NULL "
                            + "ORDER BY at_ms")
                    .bindList("users", List.copyOf(users)).bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli())
                    .map((rs, ctx) -> {
                        out.computeIfAbsent(new DeviceKey(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                                .add(Instant.ofEpochMilli(rs.getLong(3)));
                        return 0;
                    }).list();
            return out;
        });
    }

    /** When the first event of a kind was recorded (the console's burndown starts at the first PPTP login). */
    public Optional<Instant> firstAt(EventKind kind) {
        return jdbi.withHandle(h -> h.createQuery("SELECT MIN(at_ms) FROM session_events WHERE kind = :kind")
                .bind("kind", kind.name()).mapTo(Long.class).findOne().map(Instant::ofEpochMilli));
    }

    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM session_events").mapTo(Long.class).one());
    }
}
