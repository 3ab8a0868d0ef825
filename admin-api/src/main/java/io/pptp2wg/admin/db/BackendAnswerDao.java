package io.pptp2wg.admin.db;

import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code backend_answers} table: the per-user identities the backend has answered a handshake of (so it holds
 * their [Peer]); until then the gateway carries such a user's session on its own identity.
 */
public final class BackendAnswerDao {
    private final Jdbi jdbi;

    public BackendAnswerDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** user → the public key (base64) the backend answered. */
    public Map<String, String> all() {
        return jdbi.withHandle(h -> {
            Map<String, String> out = new HashMap<>();
            h.createQuery("SELECT name, public_key FROM backend_answers")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        });
    }

    public void record(String user, String publicKey, Instant at) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM backend_answers WHERE name = :name").bind("name", user).execute();
            h.createUpdate("INSERT INTO backend_answers (name, public_key, answered_ms) VALUES (:name, :pub, :at)")
                    .bind("name", user).bind("pub", publicKey).bind("at", at.toEpochMilli()).execute();
        });
    }
}
