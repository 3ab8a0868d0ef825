package io.pptp2wg.admin.core;

import io.pptp2wg.admin.api.MigrationState;
import io.pptp2wg.admin.db.UserRow;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * How a user's migration state follows from the facts (pure: time is a parameter).
 * Precedence: {@code migrated} > {@code sunset-refused} > {@code cutover-issued} > {@code pptp-active} >
 * {@code pptp-dormant}.
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

    public MigrationState stateOf(UserRow user, Optional<Instant> lastLogin, Instant now) {
        if (user.migratedAt().filter(m -> !m.isAfter(now)).isPresent()) {
            return MigrationState.MIGRATED;
        }
        Optional<Sunset> sunset = sunsetOf(user.sunsetDate());
        if (sunset.isPresent() && sunsetPassed(sunset.get().date(), now)) {
            return MigrationState.SUNSET_REFUSED;
        }
        if (user.cutoverIssuedAt().filter(c -> !c.isAfter(now)).isPresent()) {
            return MigrationState.CUTOVER_ISSUED;
        }
        if (lastLogin.filter(l -> !l.isAfter(now) && now.isBefore(l.plus(activeWindow()))).isPresent()) {
            return MigrationState.PPTP_ACTIVE;
        }
        return MigrationState.PPTP_DORMANT;
    }

    public String sunsetMessageFor(String user, LocalDate date) {
        return sunsetMessage.replace("{user}", user).replace("{date}", date.toString());
    }

    public String migratedMessageFor(String user) {
        return migratedMessage.replace("{user}", user);
    }
}
