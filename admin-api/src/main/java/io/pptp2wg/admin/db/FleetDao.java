package io.pptp2wg.admin.db;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code fleet_nodes} and {@code fleet_disconnects} tables: who is up with which run, and what to end where. */
public final class FleetDao {
    /** A node's row. {@code state}: UP, LOST (declared dead by {@code reapedBy}), STOPPED. */
    public record NodeRow(String name, String bootId, Instant started, Instant heartbeat, String state,
                          String reapedBy) {
        public boolean up() {
            return "UP".equals(state);
        }
    }

    /** A request to end a session of the run {@code bootId}. */
    public record Disconnect(long id, long sessionId, Instant requested, String reason) {}

    private static final RowMapper<NodeRow> NODE = (rs, ctx) -> new NodeRow(rs.getString("name"),
            rs.getString("boot_id"), Instant.ofEpochMilli(rs.getLong("started_ms")),
            Instant.ofEpochMilli(rs.getLong("heartbeat_ms")), rs.getString("state"), rs.getString("reaped_by"));

    private final Jdbi jdbi;

    public FleetDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<NodeRow> nodes() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM fleet_nodes ORDER BY name").map(NODE).list());
    }

    public Optional<NodeRow> node(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM fleet_nodes WHERE name = :n").bind("n", name)
                .map(NODE).findOne());
    }

    /** The node is up with this run; its previous run's leases go (in the same transaction). */
    public void register(String name, String bootId, Instant now) {
        jdbi.useTransaction(h -> {
            int n = h.createUpdate("UPDATE fleet_nodes SET boot_id = :boot, started_ms = :now, heartbeat_ms = :now, "
                            + "state = 'UP', reaped_by = NULL, reaped_ms = NULL WHERE name = :name")
                    .bind("name", name).bind("boot", bootId).bind("now", now.toEpochMilli()).execute();
            if (n == 0) {
                h.createUpdate("INSERT INTO fleet_nodes (name, boot_id, started_ms, heartbeat_ms, state) "
                                + "VALUES (:name, :boot, :now, :now, 'UP')")
                        .bind("name", name).bind("boot", bootId).bind("now", now.toEpochMilli()).execute();
            }
            h.createUpdate("DELETE FROM address_leases WHERE node = :name").bind("name", name).execute();
        });
    }

    /** The heartbeat of this run; false when the row is no longer this run's UP row (declared dead, or replaced). */
    public boolean heartbeat(String name, String bootId, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE fleet_nodes SET heartbeat_ms = :now "
                        + "WHERE name = :name AND boot_id = :boot AND state = 'UP'")
                .bind("name", name).bind("boot", bootId).bind("now", now.toEpochMilli()).execute()) == 1;
    }

    /**
     * Declares the run dead if it still is UP with a heartbeat before {@code cutoff}, and drops its leases, in one
     * transaction: of several nodes trying at once exactly one gets true (the row's update decides).
     */
    public boolean claimDead(String name, String bootId, Instant cutoff, String by, Instant now) {
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("UPDATE fleet_nodes SET state = 'LOST', reaped_by = :by, reaped_ms = :now "
                            + "WHERE name = :name AND boot_id = :boot AND state = 'UP' AND heartbeat_ms < :cutoff")
                    .bind("name", name).bind("boot", bootId).bind("by", by).bind("now", now.toEpochMilli())
                    .bind("cutoff", cutoff.toEpochMilli()).execute();
            if (n == 1) {
                h.createUpdate("DELETE FROM address_leases WHERE node = :name").bind("name", name).execute();
                h.createUpdate("DELETE FROM fleet_disconnects WHERE boot_id = :boot").bind("boot", bootId).execute();
            }
            return n == 1;
        });
    }

    /** A clean stop: the run's sessions ended with their LOGOUTs, its leases with them. */
    public void stopped(String name, String bootId, Instant now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE fleet_nodes SET state = 'STOPPED', heartbeat_ms = :now WHERE name = :name "
                    + "AND boot_id = :boot AND state = 'UP'").bind("name", name).bind("boot", bootId)
                    .bind("now", now.toEpochMilli()).execute();
            h.createUpdate("DELETE FROM address_leases WHERE node = :name").bind("name", name).execute();
            h.createUpdate("DELETE FROM fleet_disconnects WHERE boot_id = :boot").bind("boot", bootId).execute();
        });
    }

    public void requestDisconnect(String bootId, long sessionId, String reason, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO fleet_disconnects (boot_id, session_id, requested_ms, reason) "
                        + "VALUES (:boot, :session, :now, :reason)")
                .bind("boot", bootId).bind("session", sessionId).bind("now", now.toEpochMilli())
                .bind("reason", Columns.clean(reason, 200)).execute());
    }

    /** The requests for this run, removed as they are read (each is carried out once). */
    public List<Disconnect> takeDisconnects(String bootId) {
        return jdbi.inTransaction(h -> {
            List<Disconnect> out = h.createQuery("SELECT id, session_id, requested_ms, reason FROM fleet_disconnects "
                            + "WHERE boot_id = :boot ORDER BY id").bind("boot", bootId)
                    .map((rs, ctx) -> new Disconnect(rs.getLong(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3)),
                            rs.getString(4))).list();
            if (!out.isEmpty()) {
                var b = h.prepareBatch("DELETE FROM fleet_disconnects WHERE id = :id");
                out.forEach(d -> b.bind("id", d.id()).add());
                b.execute();
            }
            return out;
        });
    }
}
