package io.pptp2wg.admin;

import io.dropwizard.db.DataSourceFactory;

import java.nio.file.Path;

/** The default database: an H2 file in the data directory, so the gateway runs with nothing else installed. */
final class EmbeddedDatabase {
    private EmbeddedDatabase() {}

    static DataSourceFactory h2In(Path dataDir) {
        DataSourceFactory f = new DataSourceFactory();
        f.setDriverClass("org.h2.Driver");
        // WRITE_DELAY=0: a committed session event is on disk before the call returns (survives SIGKILL).
        // DB_CLOSE_ON_EXIT=FALSE: Dropwizard closes it after the journal's last write, not H2's own shutdown hook.
        f.setUrl("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("pptp2wg") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        f.setUser("sa");
        f.setPassword("");
        return f;
    }
}
