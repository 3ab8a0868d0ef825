package io.pptp2wg.admin.resources;

import io.pptp2wg.admin.api.ConsoleOverview;
import io.pptp2wg.admin.api.EventKind;
import io.pptp2wg.admin.api.MigrationReport;
import io.pptp2wg.admin.api.MigrationState;
import io.pptp2wg.admin.core.MigrationRules;
import io.pptp2wg.admin.core.UserBook;
import io.pptp2wg.admin.core.UserReports;
import io.pptp2wg.admin.core.UserTable;
import io.pptp2wg.admin.db.EventDao;
import io.pptp2wg.session.SessionRegistry;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The thin calls the migration console needs beyond the rest of /api (same bearer token): its overview in
 * one answer, and the users table filtered, sorted and paged on the server.
 */
@Path("/api/console")
@Produces(MediaType.APPLICATION_JSON)
public final class ConsoleResource {
    static final Duration REFUSALS_WINDOW = Duration.ofDays(7);

    private final UserReports reports;
    private final UserBook users;
    private final EventDao events;
    private final MigrationRules rules;
    private final SessionRegistry sessions;
    private final Clock clock;

    public ConsoleResource(UserReports reports, UserBook users, EventDao events, MigrationRules rules,
                           SessionRegistry sessions, Clock clock) {
        this.reports = reports;
        this.users = users;
        this.events = events;
        this.rules = rules;
        this.sessions = sessions;
        this.clock = clock;
    }

    @GET
    @Path("overview")
    public ConsoleOverview overview() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, rules.zone());
        LocalDate first = events.firstAt(EventKind.LOGIN).map(t -> LocalDate.ofInstant(t, rules.zone())).orElse(today);
        if (first.isAfter(today)) {
            first = today;
        }
        if (ChronoUnit.DAYS.between(first, today) >= ReportsResource.MAX_DAYS) {
            first = today.minusDays(ReportsResource.MAX_DAYS - 1);
        }
        MigrationReport report = reports.migration(first, today);
        return new ConsoleOverview(now, today, first, rules.globalSunset().orElse(null), report.users().size(),
                report.totals(), report.deviceTotals(), sessions.sessions().size(), refusedAfterSunset(now),
                report.history());
    }

    /** Refusals whose user was past their sunset date at that moment (a migrated user's count too: both refuse). */
    private int refusedAfterSunset(Instant now) {
        int n = 0;
        for (Map.Entry<String, List<Instant>> e : events.times(EventKind.REFUSED, now.minus(REFUSALS_WINDOW),
                now.plusMillis(1)).entrySet()) {
            Optional<MigrationRules.Sunset> sunset = rules.sunsetOf(users.row(e.getKey()).sunsetDate());
            if (sunset.isEmpty()) {
                continue;
            }
            for (Instant t : e.getValue()) {
                if (rules.sunsetPassed(sunset.get().date(), t)) {
                    n++;
                }
            }
        }
        return n;
    }

    @GET
    @Path("users")
    public UserTable.Page users(@QueryParam("q") String search, @QueryParam("state") String state,
                                @QueryParam("sort") String sort, @QueryParam("dir") @DefaultValue("asc") String dir,
                                @QueryParam("offset") @DefaultValue("0") String offset,
                                @QueryParam("limit") @DefaultValue("50") String limit) {
        Optional<MigrationState> s = Optional.empty();
        if (state != null && !state.isBlank()) {
            s = Optional.of(Arrays.stream(MigrationState.values()).filter(m -> m.label().equals(state)).findFirst()
                    .orElseThrow(() -> ApiErrors.badRequest("state: one of " + Arrays.toString(MigrationState.values())
                            + ", not '" + ApiErrors.shown(state) + "'")));
        }
        UserTable.Sort by = UserTable.Sort.parse(sort).orElseThrow(() -> ApiErrors.badRequest(
                "sort: 'name', 'state', 'lastLogin', 'logins' or 'bytes', not '" + ApiErrors.shown(sort) + "'"));
        boolean descending = switch (dir) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw ApiErrors.badRequest("dir: 'asc' or 'desc', not '" + ApiErrors.shown(dir) + "'");
        };
        int from = number("offset", offset, 0, Integer.MAX_VALUE);
        int size = number("limit", limit, 1, UserTable.MAX_PAGE);
        return UserTable.page(reports.all(), new UserTable.Query(search, s, by, descending, from, size));
    }

    private static int number(String what, String text, int min, int max) {
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiErrors.badRequest(what + ": a whole number from " + min + " to " + max + ", not '"
                + ApiErrors.shown(text) + "'");
    }
}
