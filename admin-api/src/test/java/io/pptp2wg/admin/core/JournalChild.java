package io.pptp2wg.admin.core;

import io.pptp2wg.admin.db.EventDao;
import io.pptp2wg.admin.db.Schema;
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
 * database, storing logins one after another and saying on stdout which one is committed, until it
 * is killed (or, bounded, after {@link #MAX_EVENTS}).
 */
public final class JournalChild {
    static final int MAX_EVENTS = 100_000;

    public static void main(String[] args) throws Exception {
        DataSourceFactory db = io.pptp2wg.admin.EmbeddedDatabaseAccess.h2In(Path.of(args[0]));
        Schema.migrate(db);
        Jdbi jdbi = Jdbi.create(db.getUrl(), db.getUser(), db.getPassword());
        EventJournal journal = new EventJournal(new EventDao(jdbi), "child-boot", 1024);
        journal.start();
        var client = FakeGateway.client("KILLED-PC", "Microsoft", 1, "198.51.100.3");
        for (int i = 1; i <= MAX_EVENTS; i++) {
            SessionInfo s = new SessionInfo(i, "user" + i, i, i, client, 0xc0000264, AuthProtocol.MSCHAP_V2,
                    "128-bit stateless", Instant.EPOCH.plusSeconds(i), io.pptp2wg.session.AddressAllocator.Holding.OWN);
            journal.onEvent(new SessionEvent.Up(s, Instant.EPOCH.plusSeconds(i)));
            if (!journal.flush(Duration.ofSeconds(30))) {
                System.out.println("stalled");
                System.exit(2);
            }
            System.out.println("committed " + i);
            System.out.flush();
        }
    }
}
