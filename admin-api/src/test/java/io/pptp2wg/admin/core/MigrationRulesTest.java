package io.pptp2wg.admin.core;

import io.pptp2wg.admin.api.MigrationState;
import io.pptp2wg.admin.db.UserRow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationRulesTest {
    static final Instant NOW = Instant.parse("2025-06-15T10:00:00Z");
    final MigrationRules rules = new MigrationRules(30, Optional.of(LocalDate.parse("2025-07-01")),
            ZoneId.of("Europe/Berlin"), "{user} ended {date}", "{user} moved", 90);

    static UserRow row(Optional<LocalDate> sunset, Optional<Instant> cutover, Optional<Instant> migrated) {
        return new UserRow("u", NOW, Optional.empty(), Optional.empty(), sunset, cutover, migrated, Optional.empty(),
                Optional.empty());
    }

    static final UserRow PLAIN = row(Optional.empty(), Optional.empty(), Optional.empty());

    @Test
    void activeWithinTheWindowDormantAfter() {
        assertThat(rules.stateOf(PLAIN, Optional.of(NOW.minus(Duration.ofDays(29))), NOW)).isEqualTo(MigrationState.PPTP_ACTIVE);
        assertThat(rules.stateOf(PLAIN, Optional.of(NOW.minus(Duration.ofDays(30))), NOW)).isEqualTo(MigrationState.PPTP_DORMANT);
        assertThat(rules.stateOf(PLAIN, Optional.empty(), NOW)).isEqualTo(MigrationState.PPTP_DORMANT);
        // a login after the moment asked about does not count (history)
        assertThat(rules.stateOf(PLAIN, Optional.of(NOW.plusSeconds(1)), NOW)).isEqualTo(MigrationState.PPTP_DORMANT);
    }

    @Test
    void precedenceMigratedThenSunsetThenCutover() {
        Optional<Instant> recent = Optional.of(NOW.minusSeconds(60));
        Optional<LocalDate> past = Optional.of(LocalDate.parse("2025-06-01"));
        assertThat(rules.stateOf(row(past, recent, recent), recent, NOW)).isEqualTo(MigrationState.MIGRATED);
        assertThat(rules.stateOf(row(past, recent, Optional.empty()), recent, NOW)).isEqualTo(MigrationState.SUNSET_REFUSED);
        assertThat(rules.stateOf(row(Optional.empty(), recent, Optional.empty()), recent, NOW)).isEqualTo(MigrationState.CUTOVER_ISSUED);
        // not yet true at an earlier moment
        assertThat(rules.stateOf(row(Optional.empty(), recent, recent), Optional.empty(), NOW.minusSeconds(3600)))
                .isEqualTo(MigrationState.PPTP_DORMANT);
    }

    @Test
    void theSunsetStartsAtMidnightInTheConfiguredZoneAndAUsersOwnDateWins() {
        LocalDate day = LocalDate.parse("2025-06-15");
        // 00:00 in Berlin (summer) is 22:00 UTC the day before
        assertThat(rules.sunsetPassed(day, Instant.parse("2025-06-14T21:59:59Z"))).isFalse();
        assertThat(rules.sunsetPassed(day, Instant.parse("2025-06-14T22:00:00Z"))).isTrue();
        assertThat(rules.sunsetOf(Optional.empty())).contains(new MigrationRules.Sunset(LocalDate.parse("2025-07-01"), "global"));
        assertThat(rules.sunsetOf(Optional.of(LocalDate.parse("2025-08-01"))))
                .contains(new MigrationRules.Sunset(LocalDate.parse("2025-08-01"), "user"));
        assertThat(rules.stateOf(PLAIN, Optional.empty(), Instant.parse("2025-07-01T00:00:00Z")))
                .isEqualTo(MigrationState.SUNSET_REFUSED);
        assertThat(rules.stateOf(row(Optional.of(LocalDate.parse("2025-08-01")), Optional.empty(), Optional.empty()),
                Optional.empty(), Instant.parse("2025-07-02T00:00:00Z"))).isEqualTo(MigrationState.PPTP_DORMANT);
    }

    @Test
    void messagesNameTheUserAndTheDate() {
        assertThat(rules.sunsetMessageFor("alice", LocalDate.parse("2025-07-01"))).isEqualTo("alice ended 2025-07-01");
        assertThat(rules.migratedMessageFor("alice")).isEqualTo("alice moved");
    }
}
