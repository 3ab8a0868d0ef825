package io.pptp2wg.admin.db;

import io.pptp2wg.admin.api.UserSource;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code tracked_users} table: users who are in no file (pppd's radius plugin), with how they became known.
 * Each also has a {@code users} row (sunset date, sticky address, identity) like any user.
 */
public final class TrackedUserDao {
    private final Jdbi jdbi;

    public TrackedUserDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Every tracked user and its source, by name. */
    public Map<String, UserSource> all() {
        return jdbi.withHandle(h -> {
            Map<String, UserSource> out = new LinkedHashMap<>();
            h.createQuery("SELECT name, origin FROM tracked_users ORDER BY name")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), UserSource.parse(rs.getString(2))
                            .orElse(UserSource.IMPORTED)))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        });
    }

    /**
     * Records the user (and its {@code users} row) unless known; an attempt-only user is promoted to {@code source}.
     * Returns the source stored now. Idempotent, safe against a second gateway on the same database.
     */
    public UserSource track(String name, UserSource source, Instant now) {
        try {
            return trackOnce(name, source, now);
        } catch (RuntimeException e) {
            if (!UniqueViolation.is(e)) {
                throw e;
            }
            return trackOnce(name, source, now); // another gateway inserted it meanwhile: now it is known
        }
    }

    private UserSource trackOnce(String name, UserSource source, Instant now) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("INSERT INTO users (name, first_seen_ms) SELECT :name, :now "
                            + "WHERE NOT EXISTS (SELECT 1 FROM users WHERE name = :name)")
                    .bind("name", name).bind("now", now.toEpochMilli()).execute();
            h.createUpdate("INSERT INTO tracked_users (name, origin, since_ms) SELECT :name, :origin, :now "
                            + "WHERE NOT EXISTS (SELECT 1 FROM tracked_users WHERE name = :name)")
                    .bind("name", name).bind("origin", source.label()).bind("now", now.toEpochMilli()).execute();
            if (source != UserSource.RADIUS_ATTEMPT) {
                h.createUpdate("UPDATE tracked_users SET origin = :origin WHERE name = :name AND origin = :attempt")
                        .bind("name", name).bind("origin", source.label())
                        .bind("attempt", UserSource.RADIUS_ATTEMPT.label()).execute();
            }
            return h.createQuery("SELECT origin FROM tracked_users WHERE name = :name").bind("name", name)
                    .mapTo(String.class).findOne().flatMap(UserSource::parse).orElse(source);
        });
    }
}
