package io.pptp2wg.admin.db;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code users} table. */
public final class UserDao {
    private static final String COLUMNS = "name, first_seen_ms, tunnel_address, wg_public_key, sunset_date, "
            + "cutover_issued_ms, migrated_ms, native_endpoint, native_handshake_ms";

    private static final RowMapper<UserRow> MAPPER = (rs, ctx) -> {
        Date sunset = rs.getDate("sunset_date");
        return new UserRow(
                rs.getString("name"),
                Instant.ofEpochMilli(rs.getLong("first_seen_ms")),
                Columns.address(rs, "tunnel_address"),
                Optional.ofNullable(rs.getString("wg_public_key")),
                Optional.ofNullable(sunset).map(Date::toLocalDate),
                Columns.instant(rs, "cutover_issued_ms"),
                Columns.instant(rs, "migrated_ms"),
                Optional.ofNullable(rs.getString("native_endpoint")),
                Columns.instant(rs, "native_handshake_ms"));
    };

    /** A user's identity as stored: the public key and the sealed private key. */
    public record SealedIdentity(String user, String publicKey, String sealedPrivateKey) {
        @Override
        public String toString() {
            return "SealedIdentity[" + user + ", " + publicKey + "]";
        }
    }

    private final Jdbi jdbi;

    public UserDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<UserRow> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users ORDER BY name").map(MAPPER).list());
    }

    public Optional<UserRow> find(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE name = :name")
                .bind("name", name).map(MAPPER).findOne());
    }

    /** Adds the user unless known; true when added (false too when another gateway added it at the same moment). */
    public boolean insertIfAbsent(String name, Instant now) {
        try {
            return jdbi.withHandle(h -> h.createUpdate(
                            "INSERT INTO users (name, first_seen_ms) SELECT :name, :now "
                                    + "WHERE NOT EXISTS (SELECT 1 FROM users WHERE name = :name)")
                    .bind("name", name).bind("now", now.toEpochMilli()).execute()) == 1;
        } catch (RuntimeException e) {
            if (UniqueViolation.is(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Stores the user's identity unless one is stored already; true when this one was stored. */
    public boolean setIdentityIfAbsent(String name, String publicKey, String sealedPrivateKey) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE users SET wg_public_key = :pub, wg_private_key_sealed = :sealed "
                                + "WHERE name = :name AND wg_public_key IS NULL")
                .bind("name", name).bind("pub", publicKey).bind("sealed", sealedPrivateKey).execute()) == 1;
    }

    public Map<String, SealedIdentity> identities() {
        return jdbi.withHandle(h -> {
            Map<String, SealedIdentity> out = new LinkedHashMap<>();
            h.createQuery("SELECT name, wg_public_key, wg_private_key_sealed FROM users WHERE wg_public_key IS NOT NULL")
                    .map((rs, ctx) -> new SealedIdentity(rs.getString(1), rs.getString(2), rs.getString(3)))
                    .forEach(i -> out.put(i.user(), i));
            return out;
        });
    }

    /** Records a sticky pool address; false if another user holds it. */
    public boolean setStickyAddress(String name, int address) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE users SET tunnel_address = :addr WHERE name = :name "
                                + "AND NOT EXISTS (SELECT 1 FROM users WHERE tunnel_address = :addr AND name <> :name)")
                .bind("name", name).bind("addr", Integer.toUnsignedLong(address)).execute()) == 1;
    }

    /**
     * Records a sticky pool address only if the user's is still {@code expected} (null: none): another gateway sharing
     * the database may have given the user one meanwhile, which must not be overwritten. False when that happened or
     * another user holds the address (the unique constraint decides a race between two nodes).
     */
    public boolean compareAndSetStickyAddress(String name, Integer expected, int address) {
        String current = expected == null ? "tunnel_address IS NULL" : "tunnel_address = :old";
        try {
            return jdbi.withHandle(h -> {
                var u = h.createUpdate("UPDATE users SET tunnel_address = :addr WHERE name = :name AND " + current
                                + " AND NOT EXISTS (SELECT 1 FROM users WHERE tunnel_address = :addr AND name <> :name)")
                        .bind("name", name).bind("addr", Integer.toUnsignedLong(address));
                if (expected != null) {
                    u.bind("old", Integer.toUnsignedLong(expected));
                }
                return u.execute();
            }) == 1;
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (Columns.uniqueViolation(e)) {
                return false; // taken by another node between our check and our write
            }
            throw e;
        }
    }

    public void clearStickyAddress(String name) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET tunnel_address = NULL WHERE name = :name")
                .bind("name", name).execute());
    }

    public void setSunset(String name, Optional<LocalDate> date) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET sunset_date = :d WHERE name = :name")
                .bind("name", name).bind("d", date.map(Date::valueOf).orElse(null)).execute());
    }

    /** Marks the first issue of a native configuration (later issues keep the first time). */
    public void markCutoverIssued(String name, Instant at) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE users SET cutover_issued_ms = COALESCE(cutover_issued_ms, :at) WHERE name = :name")
                .bind("name", name).bind("at", at.toEpochMilli()).execute());
    }

    /** Records a native handshake; marks the user migrated at {@code at} unless already. True when newly migrated. */
    public boolean markMigrated(String name, Instant at, String endpoint, Instant handshake) {
        return jdbi.inTransaction(h -> {
            int fresh = h.createUpdate("UPDATE users SET migrated_ms = :at WHERE name = :name AND migrated_ms IS NULL")
                    .bind("name", name).bind("at", at.toEpochMilli()).execute();
            h.createUpdate("UPDATE users SET native_endpoint = :ep, native_handshake_ms = :hs WHERE name = :name")
                    .bind("name", name).bind("ep", Columns.clean(endpoint, 64)).bind("hs", handshake.toEpochMilli())
                    .execute();
            return fresh == 1;
        });
    }
}
