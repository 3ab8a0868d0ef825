package io.pptp2wg.admin.core;

import io.pptp2wg.admin.api.ClientView;
import io.pptp2wg.admin.api.DeviceView;
import io.pptp2wg.admin.api.EventKind;
import io.pptp2wg.admin.api.MigrationReport;
import io.pptp2wg.admin.api.MigrationState;
import io.pptp2wg.admin.api.StoredEvent;
import io.pptp2wg.admin.api.UserDetail;
import io.pptp2wg.admin.api.UserView;
import io.pptp2wg.admin.db.DeviceRow;
import io.pptp2wg.admin.db.EventDao;
import io.pptp2wg.admin.db.UserRow;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.session.SessionCounters;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionRegistry;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users as the API shows them: the directory, the database's facts, the journal's totals and the
 * sessions up now, with each user's migration state; and the migration report with its burndown.
 */
public final class UserReports {
    /** Live totals of one user's sessions that are up. */
    private record Live(int sessions, long bytesFromClient, long bytesToClient) {
        static final Live NONE = new Live(0, 0, 0);

        Live plus(SessionCounters c) {
            return new Live(sessions + 1, bytesFromClient + c.bytesFromClient(), bytesToClient + c.bytesToClient());
        }
    }

    private final UserBook users;
    private final EventDao events;
    private final StickyAddresses addresses;
    private final StoredIdentities identities;
    private final MigrationRules rules;
    private final SessionRegistry sessions;
    private final Clock clock;
    private final DeviceReports devices;

    public UserReports(UserBook users, EventDao events, StickyAddresses addresses, StoredIdentities identities,
                       MigrationRules rules, SessionRegistry sessions, Clock clock, DeviceReports devices) {
        this.devices = devices;
        this.users = users;
        this.events = events;
        this.addresses = addresses;
        this.identities = identities;
        this.rules = rules;
        this.sessions = sessions;
        this.clock = clock;
    }

    public List<UserView> all() {
        Instant now = clock.instant();
        Map<String, EventDao.UserStats> stats = events.stats(Optional.empty());
        Map<String, StoredEvent> lastLogins = events.lastLogins(Optional.empty());
        Map<String, Live> live = live();
        Map<String, List<DeviceReports.Device>> all = devices.devices(Optional.empty(), sessions.sessions());
        List<UserView> out = new ArrayList<>();
        for (String name : users.names()) {
            out.add(view(name, stats.get(name), lastLogins.get(name), live.get(name), all.get(name), now));
        }
        return out;
    }

    public Optional<UserView> one(String name) {
        if (!users.isKnown(name)) {
            return Optional.empty();
        }
        return Optional.of(one(name, devices.devices(Optional.of(name), sessions.sessions()).get(name)));
    }

    private UserView one(String name, List<DeviceReports.Device> own) {
        Optional<String> only = Optional.of(name);
        return view(name, events.stats(only).get(name), events.lastLogins(only).get(name), live().get(name), own,
                clock.instant());
    }

    /** The user, their devices and their history. */
    public Optional<UserDetail> detail(String name, int historyLimit) {
        if (!users.isKnown(name)) {
            return Optional.empty();
        }
        List<DeviceReports.Device> own = devices.devices(Optional.of(name), sessions.sessions())
                .getOrDefault(name, List.of());
        Instant now = clock.instant();
        UserRow row = users.row(name);
        return Optional.of(new UserDetail(one(name, own), own.stream().map(d -> devices.view(row, d, now)).toList(),
                events.history(name, historyLimit)));
    }

    /** Every user's state now, from one query (for lists such as the live sessions). */
    public Map<String, MigrationState> states() {
        Instant now = clock.instant();
        Map<String, EventDao.UserStats> stats = events.stats(Optional.empty());
        Map<String, List<DeviceReports.Device>> all = devices.devices(Optional.empty(), List.of());
        Map<String, MigrationState> out = new HashMap<>();
        for (String name : users.names()) {
            EventDao.UserStats s = stats.getOrDefault(name, EventDao.UserStats.NONE);
            out.put(name, rules.stateOf(users.row(name), Optional.ofNullable(s.lastLogin()), now,
                    DeviceReports.facts(all.get(name))));
        }
        return out;
    }

    private UserView view(String name, EventDao.UserStats stats, StoredEvent lastLogin, Live live,
                          List<DeviceReports.Device> own, Instant now) {
        EventDao.UserStats s = stats == null ? EventDao.UserStats.NONE : stats;
        Live l = live == null ? Live.NONE : live;
        UserRow row = users.row(name);
        Optional<MigrationRules.Sunset> sunset = rules.sunsetOf(row.sunsetDate());
        ClientView client = lastLogin == null ? null : lastLogin.client();
        return new UserView(
                name,
                rules.stateOf(row, Optional.ofNullable(s.lastLogin()), now, DeviceReports.facts(own)),
                s.lastLogin(),
                s.logins(),
                client,
                s.bytesFromClient() + l.bytesFromClient(),
                s.bytesToClient() + l.bytesToClient(),
                addresses.addressOf(name).map(Ipv4::format).orElse(null),
                identities.publicKeyOf(name).orElse(null),
                sunset.map(MigrationRules.Sunset::date).orElse(null),
                sunset.map(MigrationRules.Sunset::source).orElse(null),
                row.cutoverIssuedAt().orElse(null),
                row.migratedAt().orElse(null),
                row.nativeEndpoint().orElse(null),
                row.nativeHandshakeAt().orElse(null),
                s.authFailures(),
                s.refused(),
                s.lastRefused(),
                l.sessions(),
                own == null ? 0 : own.size(),
                DeviceReports.moved(own, now),
                users.sourceOf(name));
    }

    private Map<String, Live> live() {
        Map<String, Live> out = new HashMap<>();
        for (SessionHandle h : sessions.sessions()) {
            out.merge(h.info().user(), Live.NONE.plus(h.counters()), (a, b) -> new Live(a.sessions() + b.sessions(),
                    a.bytesFromClient() + b.bytesFromClient(), a.bytesToClient() + b.bytesToClient()));
        }
        return out;
    }

    public static Map<MigrationState, Integer> totals(List<UserView> views) {
        Map<MigrationState, Integer> totals = new EnumMap<>(MigrationState.class);
        for (MigrationState s : MigrationState.values()) {
            totals.put(s, 0);
        }
        views.forEach(v -> totals.merge(v.state(), 1, Integer::sum));
        return totals;
    }

    /** The report: totals and users now, and per day from {@code from} to {@code to} (inclusive) the states. */
    public MigrationReport migration(LocalDate from, LocalDate to) {
        List<UserView> views = all();
        Instant now = clock.instant();
        Map<String, List<DeviceReports.Device>> all = devices.devices(Optional.empty(), sessions.sessions());
        all.keySet().retainAll(users.names());
        List<DeviceView> deviceViews = new ArrayList<>();
        for (String name : users.names()) {
            UserRow row = users.row(name);
            all.getOrDefault(name, List.of()).forEach(d -> deviceViews.add(devices.view(row, d, now)));
        }
        return new MigrationReport(now, rules.activeDays(), totals(views), devices.totals(all, users::row, now), views,
                deviceViews, history(from, to));
    }

    /** Every current user's devices per state now (the {@code pptp2wg_devices} gauge). */
    public Map<MigrationState, Integer> deviceTotals() {
        Map<String, List<DeviceReports.Device>> all = devices.devices(Optional.empty(), List.of());
        all.keySet().retainAll(users.names());
        return devices.totals(all, users::row, clock.instant());
    }

    /**
     * Per day, each user's state at the end of that day, from the journal (logins) and the dates of
     * cut-over and migration; sunset dates as they are set now.
     */
    public List<MigrationReport.Day> history(LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(rules.zone()).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(rules.zone()).toInstant();
        Map<String, List<Instant>> logins = events.times(EventKind.LOGIN, start.minus(rules.activeWindow()), end);
        Map<String, List<Instant>> refusals = events.times(EventKind.REFUSED, start, end);
        Map<String, List<DeviceRow>> withDevices = devices.ofUsersWithCutovers();
        Map<EventDao.DeviceKey, List<Instant>> deviceLogins = events.deviceLoginTimes(withDevices.keySet(),
                start.minus(rules.activeWindow()), end);
        List<String> names = List.copyOf(users.names());
        List<MigrationReport.Day> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            Instant dayStart = d.atStartOfDay(rules.zone()).toInstant();
            Instant dayEnd = d.plusDays(1).atStartOfDay(rules.zone()).toInstant();
            Instant at = dayEnd.minusMillis(1);
            int[] n = new int[MigrationState.values().length];
            int dayLogins = 0;
            int dayRefusals = 0;
            for (String name : names) {
                List<Instant> l = logins.getOrDefault(name, List.of());
                Optional<Instant> last = lastBefore(l, dayEnd);
                n[rules.stateOf(users.row(name), last, at, deviceFacts(withDevices.get(name), deviceLogins, dayEnd))
                        .ordinal()]++;
                dayLogins += countIn(l, dayStart, dayEnd);
                dayRefusals += countIn(refusals.getOrDefault(name, List.of()), dayStart, dayEnd);
            }
            days.add(new MigrationReport.Day(d, n[MigrationState.PPTP_ACTIVE.ordinal()],
                    n[MigrationState.PPTP_DORMANT.ordinal()], n[MigrationState.CUTOVER_ISSUED.ordinal()],
                    n[MigrationState.MIGRATED.ordinal()], n[MigrationState.SUNSET_REFUSED.ordinal()], dayLogins,
                    dayRefusals));
        }
        return days;
    }

    /** The user's devices known before {@code end}, each with its last login before then. */
    private static List<MigrationRules.DeviceFacts> deviceFacts(List<DeviceRow> rows,
                                                                Map<EventDao.DeviceKey, List<Instant>> logins, Instant end) {
        if (rows == null) {
            return List.of();
        }
        List<MigrationRules.DeviceFacts> out = new ArrayList<>();
        for (DeviceRow r : rows) {
            if (r.firstSeen().isBefore(end)) {
                out.add(new MigrationRules.DeviceFacts(r, lastBefore(logins.getOrDefault(
                        new EventDao.DeviceKey(r.user(), r.id()), List.of()), end)));
            }
        }
        return out;
    }

        /** The latest instant before {@code end} in an ascending list. */
    private static Optional<Instant> lastBefore(List<Instant> sorted, Instant end) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).isBefore(end)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo > 0 ? Optional.of(sorted.get(lo - 1)) : Optional.empty();
    }

    private static int countIn(List<Instant> sorted, Instant from, Instant to) {
        int c = 0;
        for (Instant t : sorted) {
            if (!t.isBefore(from) && t.isBefore(to)) {
                c++;
            }
        }
        return c;
    }
}
