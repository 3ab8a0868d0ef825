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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing committed is lost on SIGKILL: a child JVM stores logins through the journal into the
 * embedded H2 database and reports each commit; it is killed with SIGKILL mid-stream; every event it
 * reported committed is then in the database.
 */
class JournalSurvivesSigkillTest {
    /** Enough commits that the kill lands while the writer is busy. */
    static final int KILL_AFTER = 300;

    @Test
    @Timeout(180)
    void everyCommittedEventSurvivesSigkill(@TempDir Path dataDir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                JournalChild.class.getName(), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        int lastCommitted = 0;
        try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("committed ")) {
                    lastCommitted = Integer.parseInt(line.substring("committed ".length()));
                    if (lastCommitted >= KILL_AFTER) {
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
        assertThat(lastCommitted).isGreaterThanOrEqualTo(KILL_AFTER);

        var db = EmbeddedDatabaseAccess.h2In(dataDir);
        Jdbi jdbi = Jdbi.create(db.getUrl(), db.getUser(), db.getPassword());
        int committed = lastCommitted;
        long stored = jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM session_events WHERE kind = 'LOGIN' AND session_id <= :n")
                .bind("n", committed).mapTo(Long.class).one());
        assertThat(stored).as("logins reported committed before the kill").isEqualTo(committed);
    }
}
