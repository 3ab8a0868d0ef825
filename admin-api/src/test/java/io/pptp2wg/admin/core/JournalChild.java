package io.pptp2wg.admin.core;

import io.pptp2wg.admin.db.EventDao;
import io.pptp2wg.admin.testing.FakeGateway;
import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.session.SessionEvent;
import io.pptp2wg.session.SessionInfo;
import io.dropwizard.db.DataSourceFactory;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The child process of {@link JournalSurvivesSigkillTest}: the real journal on the embedded H2 file
 * database (its URL as the gateway builds it, plus {@code args[1]} appended; the test migrated it), storing logins one after another,
 * continuing from the last one stored, and saying on stdout which one is committed, until it is killed (or,
 * bounded, after {@link #MAX_EVENTS}).
 */
public final class JournalChild {
    static final int MAX_EVENTS = 100_000;
    static final String BOOT = "child-boot";

    public static void main(String[] args) throws Exception {
        DataSourceFactory db = io.pptp2wg.admin.EmbeddedDatabaseAccess.h2In(Path.of(args[0]));
        if (args.length > 1) {
            db.setUrl(db.getUrl() + args[1]);
        }
        // held open for the child's life, as the gateway's connection pool does (without it every transaction
        // would open and cleanly close the database)
        java.sql.Connection held = java.sql.DriverManager.getConnection(db.getUrl(), db.getUser(), db.getPassword());
        Jdbi jdbi = Jdbi.create(db.getUrl(), db.getUser(), db.getPassword());
        long from = jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(session_id), 0) FROM session_events "
                + "WHERE kind = 'LOGIN'").mapTo(Long.class).one());
        EventJournal journal = new EventJournal(new EventDao(jdbi), BOOT, 1024);
        journal.start();
        System.out.println("from " + from);
        System.out.flush();
        var client = FakeGateway.client("KILLED-PC", "Microsoft", 1, "198.51.100.3");
        for (long i = from + 1; i <= from + MAX_EVENTS; i++) {
            SessionInfo s = new SessionInfo(i, "user" + i % 20, (int) i, (int) i, client, 0xc0000264, AuthProtocol.MSCHAP_V2,
                    "128-bit stateless", Instant.EPOCH.plusSeconds(i), io.pptp2wg.session.AddressAllocator.Holding.OWN);
            journal.onEvent(new SessionEvent.Up(s, Instant.EPOCH.plusSeconds(i)));
            if (!journal.flush(Duration.ofSeconds(30))) {
                System.out.println("stalled");
                System.exit(2);
            }
            System.out.println("committed " + i);
            System.out.flush();
        }
        held.close();
    }
}
