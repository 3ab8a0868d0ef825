package io.pptp2wg.admin.core;

import io.pptp2wg.admin.EmbeddedDatabaseAccess;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing committed is lost on SIGKILL: a child JVM stores logins through the journal into the embedded H2
 * database and reports each commit; it is killed with SIGKILL mid-stream, again and again on the same file; after
 * each kill every event it reported committed is in the database.
 *
 * <p>The child's URL is the gateway's with {@code RETENTION_TIME=1}: MVStore then frees dead chunks' space at
 * once, as it does with the default (45 s) once the file is 45 s old. With space reuse on (H2 2.5.252's default),
 * this lost committed logins after 10 of 12 kills here (and once about 40 s of events in EndToEndIT); with the
 * gateway's REUSE_SPACE=FALSE, none in 12 (nor in 50 of a plain-JDBC version of it).
 */
class JournalSurvivesSigkillTest {
    /** Kills on one file; with space reuse on, each lost committed events with a probability of about 0.4. */
    static final int KILLS = 8;
    static final String SPACE_FREED_AT_ONCE = ";RETENTION_TIME=1";

    @Test
    @Timeout(300)
    void everyCommittedEventSurvivesRepeatedSigkills(@TempDir Path dataDir) throws Exception {
        long seed = System.nanoTime();
        System.out.println("JournalSurvivesSigkillTest seed " + seed);
        Random random = new Random(seed);
        var db = EmbeddedDatabaseAccess.h2In(dataDir);
        String url = db.getUrl() + SPACE_FREED_AT_ONCE;
        var migrate = EmbeddedDatabaseAccess.h2In(dataDir);
        migrate.setUrl(url);
        io.pptp2wg.admin.db.Schema.migrate(migrate);
        List<String> lost = new ArrayList<>();
        long total = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            int commitsBeforeKill = 10 + random.nextInt(150); // the kill lands while the writer is busy
            long lastCommitted = runAndKill(dataDir, commitsBeforeKill);
            long committed = lastCommitted;
            Jdbi jdbi = Jdbi.create(url, db.getUser(), db.getPassword());
            long stored = jdbi.withHandle(h -> h.createQuery(
                            "SELECT COUNT(DISTINCT session_id) FROM session_events WHERE kind = 'LOGIN' AND session_id <= :n")
                    .bind("n", committed).mapTo(Long.class).one());
            if (stored != committed) {
                lost.add("kill " + kill + ": " + (committed - stored) + " of " + committed + " committed logins missing");
            }
            total = committed;
        }
        System.out.printf("JournalSurvivesSigkillTest: %d kills, %d logins committed, %d kills lost some%n", KILLS, total,
                lost.size());
        assertThat(lost).as("committed logins lost after SIGKILL (seed " + seed + ")").isEmpty();
    }

    /** Starts the child, lets it commit {@code commits} more logins, SIGKILLs it; the last one it reported committed. */
    private static long runAndKill(Path dataDir, int commits) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                JournalChild.class.getName(), dataDir.toString(), SPACE_FREED_AT_ONCE)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long from = -1;
        long lastCommitted = -1;
        try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("from ")) {
                    from = Long.parseLong(line.substring("from ".length()));
                } else if (line.startsWith("committed ")) {
                    lastCommitted = Long.parseLong(line.substring("committed ".length()));
                    if (lastCommitted - from >= commits) {
                        child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        assertThat(lastCommitted - from).as("commits before the kill").isGreaterThanOrEqualTo(commits);
        return lastCommitted;
    }
}
