package io.pptp2wg.admin.db;

import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;

/** The {@code audit_log} table: every admin action through /api. */
public final class AuditDao {
    public record Entry(long id, Instant at, String actor, String action, String target, String detail) {}

    private final Jdbi jdbi;

    public AuditDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void insert(Instant at, String actor, String action, String target, String detail) {
        jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO audit_log (at_ms, actor, action, target, detail) VALUES (:at, :actor, :action, :target, :detail)")
                .bind("at", at.toEpochMilli()).bind("actor", Columns.clean(actor, 64))
                .bind("action", Columns.clean(action, 32)).bind("target", Columns.clean(target, 255))
                .bind("detail", Columns.clean(detail, 1000)).execute());
    }

    public List<Entry> latest(int limit) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, at_ms, actor, action, target, detail FROM audit_log ORDER BY id DESC")
                .setMaxRows(limit)
                .map((rs, ctx) -> new Entry(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)))
                .list());
    }
}
