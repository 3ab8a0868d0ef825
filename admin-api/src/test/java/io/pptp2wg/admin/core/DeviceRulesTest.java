package io.pptp2wg.admin.core;

import io.pptp2wg.admin.api.MigrationState;
import io.pptp2wg.admin.db.DeviceRow;
import io.pptp2wg.admin.db.DeviceRow.DeviceCutover;
import io.pptp2wg.admin.db.UserRow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A user is migrated when every device that logged in within activeDays has moved; devices have states too. */
class DeviceRulesTest {
    static final Instant NOW = Instant.parse("2025-06-15T10:00:00Z");
    static final Instant HOUR_AGO = NOW.minus(Duration.ofHours(1));
    final MigrationRules rules = new MigrationRules(30, Optional.empty(), ZoneOffset.UTC, "{user} ended {date}",
            "{user} moved", 90);

    static UserRow user(Optional<LocalDate> sunset, Optional<Instant> cutover, Optional<Instant> migrated) {
        return new UserRow("u", NOW, Optional.empty(), Optional.empty(), sunset, cutover, migrated, Optional.empty(),
                Optional.empty());
    }

    static final UserRow PLAIN = user(Optional.empty(), Optional.empty(), Optional.empty());

    static MigrationRules.DeviceFacts device(DeviceCutover cutover, Optional<Instant> migrated, Duration lastLoginAgo) {
        DeviceRow row = new DeviceRow("u", "d" + System.identityHashCode(cutover), "PC", "Microsoft", 1, "", "plain",
                List.of(), NOW.minus(Duration.ofDays(90)), NOW, "198.51.100.1", "MS-CHAPv2", cutover, migrated,
                Optional.empty(), Optional.empty());
        return new MigrationRules.DeviceFacts(row, Optional.ofNullable(lastLoginAgo).map(NOW::minus));
    }

    static final DeviceCutover ON_USER = new DeviceCutover.UserIdentity(HOUR_AGO);

    static DeviceCutover own() {
        return new DeviceCutover.OwnIdentity(HOUR_AGO, "key", 0xc0000265);
    }

    @Test
    void migratedOnceEveryActiveDeviceHasMoved() {
        var movedA = device(ON_USER, Optional.of(HOUR_AGO), Duration.ofDays(2));
        var movedB = device(own(), Optional.of(HOUR_AGO), Duration.ofDays(3));
        var activeUnmoved = device(DeviceCutover.NONE, Optional.empty(), Duration.ofDays(1));
        var issuedUnmoved = device(own(), Optional.empty(), Duration.ofDays(1));
        var dormant = device(DeviceCutover.NONE, Optional.empty(), Duration.ofDays(31));
        var neverLoggedIn = device(DeviceCutover.NONE, Optional.empty(), null);
        Optional<Instant> last = Optional.of(NOW.minus(Duration.ofDays(1)));

        assertThat(rules.stateOf(PLAIN, last, NOW, List.of(movedA, movedB))).isEqualTo(MigrationState.MIGRATED);
        assertThat(rules.stateOf(PLAIN, last, NOW, List.of(movedA, dormant, neverLoggedIn)))
                .as("devices quiet for activeDays do not hold the user back").isEqualTo(MigrationState.MIGRATED);
        assertThat(rules.stateOf(PLAIN, last, NOW, List.of(movedA, activeUnmoved))).isEqualTo(MigrationState.CUTOVER_ISSUED);
        assertThat(rules.stateOf(PLAIN, last, NOW, List.of(movedA, issuedUnmoved))).isEqualTo(MigrationState.CUTOVER_ISSUED);
        assertThat(rules.stateOf(PLAIN, last, NOW, List.of(issuedUnmoved))).isEqualTo(MigrationState.CUTOVER_ISSUED);
        assertThat(rules.stateOf(PLAIN, last, NOW, List.of(activeUnmoved, dormant))).isEqualTo(MigrationState.PPTP_ACTIVE);
        assertThat(rules.stateOf(PLAIN, Optional.empty(), NOW, List.of(dormant))).isEqualTo(MigrationState.PPTP_DORMANT);
        assertThat(rules.stateOf(PLAIN, last, NOW, List.of(dormant, neverLoggedIn)))
                .as("no device moved: not migrated").isEqualTo(MigrationState.PPTP_ACTIVE);
        // asked about a time before the migration: not yet
        assertThat(rules.stateOf(PLAIN, last, HOUR_AGO.minusSeconds(1), List.of(movedA, movedB)))
                .isEqualTo(MigrationState.PPTP_ACTIVE);
    }

    @Test
    void theAccountsOwnCutoverAndMigrationApplyToEveryDevice() {
        var plain = device(DeviceCutover.NONE, Optional.empty(), Duration.ofDays(1));
        UserRow issued = user(Optional.empty(), Optional.of(HOUR_AGO), Optional.empty());
        UserRow migrated = user(Optional.empty(), Optional.of(HOUR_AGO), Optional.of(HOUR_AGO));
        assertThat(rules.deviceState(issued, plain, NOW)).isEqualTo(MigrationState.CUTOVER_ISSUED);
        assertThat(rules.deviceState(migrated, plain, NOW)).isEqualTo(MigrationState.MIGRATED);
        assertThat(rules.stateOf(migrated, Optional.empty(), NOW, List.of(plain))).isEqualTo(MigrationState.MIGRATED);
        assertThat(rules.deviceState(PLAIN, plain, NOW)).isEqualTo(MigrationState.PPTP_ACTIVE);
        assertThat(rules.deviceState(PLAIN, device(DeviceCutover.NONE, Optional.empty(), Duration.ofDays(40)), NOW))
                .isEqualTo(MigrationState.PPTP_DORMANT);
    }

    @Test
    void aPassedSunsetBeatsACutoverButNotAMove() {
        UserRow sunset = user(Optional.of(LocalDate.parse("2025-06-01")), Optional.empty(), Optional.empty());
        var issued = device(own(), Optional.empty(), Duration.ofDays(1));
        var moved = device(own(), Optional.of(HOUR_AGO), Duration.ofDays(1));
        assertThat(rules.deviceState(sunset, issued, NOW)).isEqualTo(MigrationState.SUNSET_REFUSED);
        assertThat(rules.deviceState(sunset, moved, NOW)).isEqualTo(MigrationState.MIGRATED);
        assertThat(rules.stateOf(sunset, Optional.empty(), NOW, List.of(issued))).isEqualTo(MigrationState.SUNSET_REFUSED);
        assertThat(rules.stateOf(sunset, Optional.empty(), NOW, List.of(moved))).isEqualTo(MigrationState.MIGRATED);
    }
}
