package io.pptp2wg.admin.testing;

import io.dropwizard.db.DataSourceFactory;
import io.pptp2wg.admin.db.Schema;
import org.jdbi.v3.core.Jdbi;

import java.util.UUID;

/** A private in-memory H2 database at the current schema. */
public final class TestDatabase {
    private TestDatabase() {}

    public static Jdbi h2() {
        DataSourceFactory f = new DataSourceFactory();
        f.setDriverClass("org.h2.Driver");
        f.setUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        f.setUser("sa");
        f.setPassword("");
        Schema.migrate(f);
        return Jdbi.create(f.getUrl(), f.getUser(), f.getPassword());
    }
}
