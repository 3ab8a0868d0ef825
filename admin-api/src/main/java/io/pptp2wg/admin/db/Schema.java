package io.pptp2wg.admin.db;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.migrations.CloseableLiquibaseWithClassPathMigrationsFile;
import liquibase.Contexts;
import liquibase.LabelExpression;
import com.codahale.metrics.MetricRegistry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** Brings the database to the current schema (src/main/resources/migrations.xml) before anything uses it. */
public final class Schema {
    public static final String MIGRATIONS = "migrations.xml";

    private Schema() {}

    /** How long a node waits for another node's migration of the same PostgreSQL schema. */
    static final Duration MIGRATION_LOCK_WAIT = Duration.ofMinutes(2);

    /**
     * Applies every pending changeset; the same as {@code pptp2wg db migrate config.yml}. On PostgreSQL the migration
     * holds an advisory lock of its schema: gateways of a fleet started at the same moment on an empty database would
     * otherwise race to create Liquibase's own changelog tables (its lock table is created without a lock), and one
     * of them would fail with a duplicate key in pg_type.
     */
    public static void migrate(DataSourceFactory database) {
        // a data source of its own: closing the Liquibase closes it
        ManagedDataSource dataSource = database.build(new MetricRegistry(), "migrations");
        try (var liquibase = new CloseableLiquibaseWithClassPathMigrationsFile(dataSource, MIGRATIONS)) {
            if (database.getDriverClass().contains("postgresql")) {
                try (Connection lock = dataSource.getConnection()) {
                    lockSchema(lock);
                    liquibase.update(new Contexts(), new LabelExpression());
                    // closing the connection ends its session and with it the advisory lock
                }
            } else {
                liquibase.update(new Contexts(), new LabelExpression());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot bring the database to the current schema: " + e.getMessage(), e);
        }
    }

    /** A session-level advisory lock named after the connection's current schema; waits MIGRATION_LOCK_WAIT at most. */
    private static void lockSchema(Connection c) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + MIGRATION_LOCK_WAIT.toNanos();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT pg_try_advisory_lock(hashtext('pptp2wg.migrations.' || current_schema()))")) {
            while (true) {
                try (ResultSet r = s.executeQuery()) {
                    if (r.next() && r.getBoolean(1)) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new SQLException("another gateway has been migrating this schema for over "
                            + MIGRATION_LOCK_WAIT.toSeconds() + " s (PostgreSQL advisory lock held)");
                }
                Thread.sleep(100); // start-up only: another node is migrating, which takes seconds
            }
        }
    }
}
