package io.pptp2wg.admin.auth;

import io.pptp2wg.admin.testing.MutableClock;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleSessionsTest {
    static final String HASH = OpenBSDBCrypt.generate("2y", "pw-of-lead".toCharArray(), new byte[16], 4);

    final MutableClock clock = new MutableClock(Instant.parse("2025-03-10T12:00:00Z"));
    final ConsoleSessions sessions = new ConsoleSessions(List.of(new AdminAccount("lead", HASH)), clock, new SecureRandom());

    @Test
    void theRightPasswordOpensASessionAndZeroesTheArray() {
        char[] pw = "pw-of-lead".toCharArray();
        var issued = sessions.signIn("lead", pw).orElseThrow();
        assertThat(pw).containsOnly('\0');
        var s = sessions.find(issued.id()).orElseThrow();
        assertThat(s.admin()).isEqualTo("lead");
        assertThat(ConsoleSessions.csrfMatches(s, issued.csrf())).isTrue();
        assertThat(ConsoleSessions.csrfMatches(s, issued.csrf() + "x")).isFalse();
        assertThat(ConsoleSessions.csrfMatches(s, null)).isFalse();
        assertThat(issued.id()).isNotEqualTo(issued.csrf()).hasSize(43);
    }

    @Test
    void aWrongPasswordOrAnUnknownNameOpensNothing() {
        char[] pw = "nope".toCharArray();
        assertThat(sessions.signIn("lead", pw)).isEmpty();
        assertThat(pw).containsOnly('\0');
        assertThat(sessions.signIn("someone", "pw-of-lead".toCharArray())).isEmpty();
        assertThat(sessions.find("made-up")).isEmpty();
        assertThat(sessions.find("x".repeat(500))).isEmpty();
    }

    @Test
    void aSessionEndsAfterHalfAnHourIdleOrTwelveHoursOrASignOut() {
        var a = sessions.signIn("lead", "pw-of-lead".toCharArray()).orElseThrow();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(a.id())).isPresent(); // renews the idle time
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(a.id())).isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.find(a.id())).isEmpty();

        var b = sessions.signIn("lead", "pw-of-lead".toCharArray()).orElseThrow();
        for (int i = 0; i < 12 * 3; i++) {
            clock.advance(Duration.ofMinutes(20));
            if (i < 12 * 3 - 1) {
                assertThat(sessions.find(b.id())).as("after %d min", (i + 1) * 20).isPresent();
            }
        }
        assertThat(sessions.find(b.id())).isEmpty();

        var c = sessions.signIn("lead", "pw-of-lead".toCharArray()).orElseThrow();
        sessions.signOut(c.id());
        assertThat(sessions.find(c.id())).isEmpty();
    }

    @Test
    void theOldestGoWhenTooManyAreOpen() {
        List<ConsoleSessions.Issued> all = new ArrayList<>();
        for (int i = 0; i < ConsoleSessions.MAX + 1; i++) {
            all.add(sessions.signIn("lead", "pw-of-lead".toCharArray()).orElseThrow());
        }
        assertThat(sessions.find(all.getFirst().id())).isEmpty();
        assertThat(sessions.find(all.getLast().id())).isPresent();
    }

    @Test
    void onlyABcryptHashIsAccepted() {
        assertThatThrownBy(() -> new AdminAccount("x", "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"))
                .hasMessageContaining("bcrypt");
        assertThat(Arrays.asList(HASH.split("\\$"))).contains("2y", "04");
    }
}
