package io.pptp2wg.admin;

import io.dropwizard.db.DataSourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The default database: an H2 file in the data directory, so the gateway runs with nothing else installed. */
final class EmbeddedDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private EmbeddedDatabase() {}

    /**
     * Rewrites the file without the space of dead chunks (H2's SHUTDOWN COMPACT), before anything opens it: with
     * REUSE_SPACE=FALSE the file only grows while the gateway runs, and a killed run did not compact it at its stop.
     */
    static void compact(DataSourceFactory embedded, Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve("pptp2wg.mv.db");
        if (!Files.exists(file)) {
            return;
        }
        try {
            long before = Files.size(file);
            long t = System.nanoTime();
            try (var c = DriverManager.getConnection(embedded.getUrl(), embedded.getUser(), embedded.getPassword());
                 var s = c.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            }
            LOG.info("embedded database compacted: {} -> {} KiB in {} ms", before / 1024, Files.size(file) / 1024,
                    (System.nanoTime() - t) / 1_000_000);
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot open the embedded database " + file + ": " + e.getMessage(), e);
        }
    }

    static DataSourceFactory h2In(Path dataDir) {
        DataSourceFactory f = new DataSourceFactory();
        f.setDriverClass("org.h2.Driver");
        // WRITE_DELAY=0: every commit writes its MVStore chunk before it returns (no background writer): in the OS's
        //   page cache, which a SIGKILL does not lose (no fsync: a power cut may, as with any WRITE_DELAY).
        // REUSE_SPACE=FALSE: new chunks only at the end of the file. With reuse (the default), once the file is
        //   RETENTION_TIME (45 s) old, MVStore writes chunks over freed ones, and after a SIGKILL its recovery
        //   then went back past committed transactions: JournalSurvivesSigkillTest lost committed logins after 10
        //   of 12 kills with space reuse, none without. The file grows while the gateway runs (about 4 KiB per
        //   commit) and is compacted at each start (EmbeddedDatabase.compact) and clean stop.
        // DB_CLOSE_ON_EXIT=FALSE: Dropwizard closes it after the journal's last write, not H2's own shutdown hook.
        f.setUrl("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("pptp2wg")
                + ";WRITE_DELAY=0;REUSE_SPACE=FALSE;DB_CLOSE_ON_EXIT=FALSE");
        f.setUser("sa");
        f.setPassword("");
        return f;
    }
}
