package io.pptp2wg.admin.core;

import io.pptp2wg.admin.api.MigrationState;
import io.pptp2wg.admin.db.DeviceRow;
import io.pptp2wg.admin.db.UserRow;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * How a user's migration state follows from the facts (pure: time is a parameter).
 * Precedence: {@code migrated} > {@code sunset-refused} > {@code cutover-issued} > {@code pptp-active} >
 * {@code pptp-dormant}.
 *
 * <p>Devices: {@code POST /api/users/{name}/cutover} is the account's cut-over, as before devices were known: it
 * applies to every device of the account (all of them {@code cutover-issued}; once the user's key is seen natively
 * the account is {@code migrated} and every PPTP login of it refused). A per-device cut-over moves one device; a
 * user with per-device cut-overs is {@code migrated} once at least one device has moved and every device that
 * logged in with PPTP within {@code activeDays} has moved; their other devices keep PPTP until then.
 *
 * @param activeDays      a PPTP login within this many days makes a user {@code pptp-active}
 * @param globalSunset    the day PPTP ends for every user without a date of their own
 * @param zone            where a day starts (sunset dates, the report's days)
 * @param sunsetMessage   the refusal text after a sunset date; {user} and {date} are replaced
 * @param migratedMessage the refusal text for a migrated user; {user} is replaced
 * @param historyDays     the report's default burndown length
 */
public record MigrationRules(int activeDays, Optional<LocalDate> globalSunset, ZoneId zone, String sunsetMessage,
                             String migratedMessage, int historyDays) {

    /** The sunset day that applies to a user, and where it comes from. */
    public record Sunset(LocalDate date, String source) {}

    public Duration activeWindow() {
        return Duration.ofDays(activeDays);
    }

    public Optional<Sunset> sunsetOf(Optional<LocalDate> usersOwn) {
        return usersOwn.map(d -> new Sunset(d, "user")).or(() -> globalSunset.map(d -> new Sunset(d, "global")));
    }

    /** Whether PPTP has ended for a sunset day: from 00:00 of that day in {@link #zone}. */
    public boolean sunsetPassed(LocalDate sunset, Instant now) {
        return !now.isBefore(sunset.atStartOfDay(zone).toInstant());
    }

    /** A device and its last PPTP login, for the states. */
    public record DeviceFacts(DeviceRow row, Optional<Instant> lastLogin) {}

    public MigrationState stateOf(UserRow user, Optional<Instant> lastLogin, Instant now) {
        return stateOf(user, lastLogin, now, List.of());
    }

    /** The user's state, their devices' cut-overs and migrations included. */
    public MigrationState stateOf(UserRow user, Optional<Instant> lastLogin, Instant now, List<DeviceFacts> devices) {
        if (user.migratedAt().filter(m -> !m.isAfter(now)).isPresent()) {
            return MigrationState.MIGRATED;
        }
        boolean anyMoved = false;
        boolean activeLeft = false;
        boolean anyIssued = false;
        for (DeviceFacts d : devices) {
            boolean moved = deviceMoved(d.row(), now);
            anyMoved |= moved;
            activeLeft |= !moved && active(d.lastLogin(), now);
            anyIssued |= d.row().cutover().issued().filter(c -> !c.isAfter(now)).isPresent();
        }
        if (anyMoved && !activeLeft) {
            return MigrationState.MIGRATED;
        }
        if (anyIssued && !sunsetPassed(user, now)) {
            return MigrationState.CUTOVER_ISSUED;
        }
        Optional<Sunset> sunset = sunsetOf(user.sunsetDate());
        if (sunset.isPresent() && sunsetPassed(sunset.get().date(), now)) {
            return MigrationState.SUNSET_REFUSED;
        }
        if (user.cutoverIssuedAt().filter(c -> !c.isAfter(now)).isPresent()) {
            return MigrationState.CUTOVER_ISSUED;
        }
        return active(lastLogin, now) ? MigrationState.PPTP_ACTIVE : MigrationState.PPTP_DORMANT;
    }

    /** One device's state: the account's facts (migrated, sunset, the account's cut-over) and the device's own. */
    public MigrationState deviceState(UserRow user, DeviceFacts device, Instant now) {
        if (user.migratedAt().filter(m -> !m.isAfter(now)).isPresent() || deviceMoved(device.row(), now)) {
            return MigrationState.MIGRATED;
        }
        if (sunsetPassed(user, now)) {
            return MigrationState.SUNSET_REFUSED;
        }
        if (device.row().cutover().issued().or(user::cutoverIssuedAt).filter(c -> !c.isAfter(now)).isPresent()) {
            return MigrationState.CUTOVER_ISSUED;
        }
        return active(device.lastLogin(), now) ? MigrationState.PPTP_ACTIVE : MigrationState.PPTP_DORMANT;
    }

    /** The device's own key (or the user's, which it took) was seen natively. */
    static boolean deviceMoved(DeviceRow device, Instant now) {
        return device.isCutOver() && device.migratedAt().filter(m -> !m.isAfter(now)).isPresent();
    }

    private boolean sunsetPassed(UserRow user, Instant now) {
        Optional<Sunset> sunset = sunsetOf(user.sunsetDate());
        return sunset.isPresent() && sunsetPassed(sunset.get().date(), now);
    }

    private boolean active(Optional<Instant> lastLogin, Instant now) {
        return lastLogin.filter(l -> !l.isAfter(now) && now.isBefore(l.plus(activeWindow()))).isPresent();
    }

    public String sunsetMessageFor(String user, LocalDate date) {
        return sunsetMessage.replace("{user}", user).replace("{date}", date.toString());
    }

    public String migratedMessageFor(String user) {
        return migratedMessage.replace("{user}", user);
    }
}
