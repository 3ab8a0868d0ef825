package io.pptp2wg.admin.core;

import io.dropwizard.db.DataSourceFactory;
import io.pptp2wg.admin.api.EventKind;
import io.pptp2wg.admin.api.StoredEvent;
import io.pptp2wg.admin.db.EventDao;
import io.pptp2wg.admin.db.Schema;
import io.pptp2wg.admin.testing.Fixture;
import io.pptp2wg.admin.testing.TestDatabase;
import io.pptp2wg.session.SessionCounters;
import io.pptp2wg.session.SessionEvent;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.pptp2wg.admin.core.EventJournalTest.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Byte checkpoints through the journal and a session closed as LOST with them at the next start, on H2 and on
 * PostgreSQL (a schema of its own; skipped without a server unless root, as PostgresApiTest).
 */
class LostSessionBytesTest {
    static final Instant T = EventJournalTest.T;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void checkpointsReplaceEachOtherAndCloseALostSession(String database) throws Exception {
        Fixture.Postgres pg = Fixture.Postgres.fromEnvironment();
        Jdbi jdbi;
        if (database.equals("h2")) {
            jdbi = TestDatabase.h2();
        } else {
            boolean up = pg.create();
            if (!up && "root".equals(System.getProperty("user.name"))) {
                throw new IllegalStateException("PostgreSQL is not reachable at " + pg.url());
            }
            Assumptions.assumeTrue(up, "PostgreSQL unavailable");
            DataSourceFactory f = new DataSourceFactory();
            f.setDriverClass("org.postgresql.Driver");
            f.setUrl(pg.urlWithSchema());
            f.setUser(pg.user());
            f.setPassword(pg.password());
            Schema.migrate(f);
            jdbi = Jdbi.create(f.getUrl(), f.getUser(), f.getPassword());
        }
        try {
            EventDao dao = new EventDao(jdbi);
            EventJournal first = new EventJournal(dao, "run-1", 64);
            first.start();
            first.onEvent(new SessionEvent.Up(session(1, "alice", "PC"), T));
            first.onEvent(new SessionEvent.Up(session(2, "bob", "PC"), T));
            for (int minute = 1; minute <= 3; minute++) { // one batch each: the row is updated, not added
                first.checkpoint(List.of(new Checkpoints.Checkpoint(1, T.plusSeconds(60L * minute),
                        new SessionCounters(1000L * minute, 2000L * minute, minute, minute))));
                assertThat(first.flush(Duration.ofSeconds(20))).isTrue();
            }
            first.checkpoint(List.of(new Checkpoints.Checkpoint(2, T.plusSeconds(60), new SessionCounters(1, 1, 1, 1))));
            first.onEvent(new SessionEvent.Down(session(2, "bob", "PC"), new SessionCounters(9, 9, 1, 1), "bye",
                    T.plusSeconds(70)));
            assertThat(first.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(dao.checkpoints().ofEarlierRuns("other")).as("bob's went with his LOGOUT").hasSize(1);
            first.stop(); // as if killed

            EventJournal second = new EventJournal(dao, "run-2", 64);
            second.start();
            second.stop();
            StoredEvent lost = dao.history("alice", 10).getFirst();
            assertThat(lost.kind()).isEqualTo(EventKind.LOST);
            assertThat(lost.bytesFromClient()).isEqualTo(3000);
            assertThat(lost.bytesToClient()).isEqualTo(6000);
            assertThat(lost.at()).isEqualTo(T.plusSeconds(180));
            assertThat(dao.stats(Optional.of("alice")).get("alice").bytesToClient()).isEqualTo(6000);
            assertThat(dao.deviceStats(Optional.of("alice")).values()).singleElement()
                    .satisfies(d -> assertThat(d.bytesFromClient()).isEqualTo(3000));
            assertThat(dao.checkpoints().ofEarlierRuns("run-3")).isEmpty();
        } finally {
            if (database.equals("postgres")) {
                pg.drop();
            }
        }
    }
}
