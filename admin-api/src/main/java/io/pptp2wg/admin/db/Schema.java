package io.pptp2wg.admin.db;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.migrations.CloseableLiquibaseWithClassPathMigrationsFile;
import liquibase.Contexts;
import liquibase.LabelExpression;
import com.codahale.metrics.MetricRegistry;

/** Brings the database to the current schema (src/main/resources/migrations.xml) before anything uses it. */
public final class Schema {
    public static final String MIGRATIONS = "migrations.xml";

    private Schema() {}

    /** Applies every pending changeset; the same as {@code pptp2wg db migrate config.yml}. */
    public static void migrate(DataSourceFactory database) {
        // a data source of its own: closing the Liquibase closes it
        ManagedDataSource dataSource = database.build(new MetricRegistry(), "migrations");
        try (var liquibase = new CloseableLiquibaseWithClassPathMigrationsFile(dataSource, MIGRATIONS)) {
            liquibase.update(new Contexts(), new LabelExpression());
        } catch (Exception e) {
            throw new IllegalStateException("cannot bring the database to the current schema: " + e.getMessage(), e);
        }
    }
}
