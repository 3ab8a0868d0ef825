package io.pptp2wg.admin.db;

import io.pptp2wg.admin.core.Checkpoints.Checkpoint;
import io.pptp2wg.session.SessionCounters;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code session_checkpoints} table: each live session's last byte counters, one row per session (replaced,
 * deleted when the session ends), read at the next start to close the sessions a SIGKILL left open.
 */
public final class CheckpointDao {
    /** One run's session. */
    public record SessionKey(String bootId, long sessionId) {}

    private final Jdbi jdbi;

    public CheckpointDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Replaces the sessions' rows (an UPDATE, and an INSERT where there was none: the same SQL on H2 and PostgreSQL). */
    static void write(Handle h, String bootId, List<Checkpoint> checkpoints) {
        if (checkpoints.isEmpty()) {
            return;
        }
        PreparedBatch update = h.prepareBatch("UPDATE session_checkpoints SET at_ms = :at, bytes_from_client = :bfc, "
                + "bytes_to_client = :btc, packets_from_client = :pfc, packets_to_client = :ptc "
                + "WHERE boot_id = :boot AND session_id = :session");
        for (Checkpoint c : checkpoints) {
            bind(update, bootId, c).add();
        }
        int[] updated = update.execute();
        PreparedBatch insert = h.prepareBatch("INSERT INTO session_checkpoints (boot_id, session_id, at_ms, "
                + "bytes_from_client, bytes_to_client, packets_from_client, packets_to_client) "
                + "VALUES (:boot, :session, :at, :bfc, :btc, :pfc, :ptc)");
        boolean any = false;
        for (int i = 0; i < checkpoints.size(); i++) {
            if (updated[i] == 0) {
                bind(insert, bootId, checkpoints.get(i)).add();
                any = true;
            }
        }
        if (any) {
            insert.execute();
        }
    }

    private static PreparedBatch bind(PreparedBatch b, String bootId, Checkpoint c) {
        SessionCounters n = c.counters();
        return b.bind("boot", bootId).bind("session", c.sessionId()).bind("at", c.at().toEpochMilli())
                .bind("bfc", n.bytesFromClient()).bind("btc", n.bytesToClient())
                .bind("pfc", n.packetsFromClient()).bind("ptc", n.packetsToClient());
    }

    /** The sessions ended: their rows go. */
    static void ended(Handle h, List<SessionKey> sessions) {
        if (sessions.isEmpty()) {
            return;
        }
        PreparedBatch delete = h.prepareBatch("DELETE FROM session_checkpoints WHERE boot_id = :boot AND session_id = :session");
        for (SessionKey k : sessions) {
            delete.bind("boot", k.bootId()).bind("session", k.sessionId()).add();
        }
        delete.execute();
    }

    /** Every row of earlier runs (not {@code currentBoot}): the sessions a killed process left. */
    public Map<SessionKey, Checkpoint> ofEarlierRuns(String currentBoot) {
        return jdbi.withHandle(h -> {
            Map<SessionKey, Checkpoint> out = new HashMap<>();
            h.createQuery("SELECT boot_id, session_id, at_ms, bytes_from_client, bytes_to_client, packets_from_client, "
                            + "packets_to_client FROM session_checkpoints WHERE boot_id <> :boot")
                    .bind("boot", currentBoot)
                    .map((rs, ctx) -> {
                        long session = rs.getLong("session_id");
                        out.put(new SessionKey(rs.getString("boot_id"), session), new Checkpoint(session,
                                Instant.ofEpochMilli(rs.getLong("at_ms")), new SessionCounters(rs.getLong("bytes_from_client"),
                                rs.getLong("bytes_to_client"), rs.getLong("packets_from_client"), rs.getLong("packets_to_client"))));
                        return session;
                    }).list();
            return out;
        });
    }

    /** The rows of earlier runs go (their sessions are closed now, as LOST or by their LOGOUT). */
    public void forgetEarlierRuns(String currentBoot) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM session_checkpoints WHERE boot_id <> :boot")
                .bind("boot", currentBoot).execute());
    }

    /** The rows of one run go (a fleet node whose sessions another node closed as LOST). */
    public void forgetRun(String bootId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM session_checkpoints WHERE boot_id = :boot")
                .bind("boot", bootId).execute());
    }
}
