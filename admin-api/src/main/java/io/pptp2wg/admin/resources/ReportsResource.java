package io.pptp2wg.admin.resources;

import io.pptp2wg.admin.api.ClientView;
import io.pptp2wg.admin.api.DeviceView;
import io.pptp2wg.admin.api.MigrationReport;
import io.pptp2wg.admin.api.MigrationState;
import io.pptp2wg.admin.api.UserView;
import io.pptp2wg.admin.core.MigrationRules;
import io.pptp2wg.admin.core.UserReports;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /api/reports/migration}: who still depends on PPTP. JSON by default; CSV with
 * {@code ?format=csv} or {@code Accept: text/csv} ({@code ?table=users} (default), {@code devices}, {@code history} for
 * the burndown, {@code totals}). {@code ?from=} and {@code ?to=} (YYYY-MM-DD) bound the history.
 */
@Path("/api/reports")
public final class ReportsResource {
    public static final String CSV = "text/csv";
    /** Ten years of days at most in one report. */
    static final long MAX_DAYS = 3660;

    private final UserReports reports;
    private final MigrationRules rules;
    private final Clock clock;

    public ReportsResource(UserReports reports, MigrationRules rules, Clock clock) {
        this.reports = reports;
        this.rules = rules;
        this.clock = clock;
    }

    @GET
    @Path("migration")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Response migration(@QueryParam("format") String format, @QueryParam("table") String table,
                              @QueryParam("from") String fromText, @QueryParam("to") String toText,
                              @Context HttpHeaders headers) {
        boolean csv = wantsCsv(format, headers);
        LocalDate today = LocalDate.ofInstant(clock.instant(), rules.zone());
        LocalDate to = toText == null ? today : ApiErrors.date("to", toText);
        LocalDate from = fromText == null ? to.minusDays(rules.historyDays() - 1L) : ApiErrors.date("from", fromText);
        if (from.isAfter(to)) {
            throw ApiErrors.badRequest("from (" + from + ") is after to (" + to + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw ApiErrors.badRequest("at most " + MAX_DAYS + " days in one report");
        }
        String t = table == null ? "users" : table.toLowerCase(Locale.ROOT);
        if (!List.of("users", "devices", "history", "totals").contains(t)) {
            throw ApiErrors.badRequest("table: 'users', 'devices', 'history' or 'totals', not '"
                    + ApiErrors.shown(table) + "'");
        }
        MigrationReport report = reports.migration(from, to);
        if (!csv) {
            return Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
        }
        String body = switch (t) {
            case "history" -> historyCsv(report);
            case "totals" -> totalsCsv(report);
            case "devices" -> devicesCsv(report);
            default -> usersCsv(report);
        };
        return Response.ok(body, MediaType.valueOf(CSV + "; charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"pptp-migration-" + t + "-" + to + ".csv\"")
                .build();
    }

    private static boolean wantsCsv(String format, HttpHeaders headers) {
        if (format != null) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ApiErrors.badRequest("format: 'json' or 'csv', not '" + ApiErrors.shown(format) + "'");
            };
        }
        return Accepts.prefersOverJson(headers, MediaType.valueOf(CSV));
    }

    static String usersCsv(MigrationReport r) {
        Csv csv = new Csv().row(List.of("user", "state", "last_login", "logins", "host_name", "vendor",
                "firmware_revision", "public_address", "bytes_from_client", "bytes_to_client", "tunnel_address",
                "wireguard_public_key", "sunset_date", "cutover_issued_at", "migrated_at", "auth_failures",
                "refused_attempts", "last_refused_at", "sessions_up", "devices", "devices_migrated"));
        for (UserView u : r.users()) {
            ClientView c = u.lastClient();
            List<Object> f = new ArrayList<>();
            f.add(u.name());
            f.add(u.state().label());
            f.add(u.lastLogin());
            f.add(u.logins());
            f.add(c == null ? null : c.hostName());
            f.add(c == null ? null : c.vendor());
            f.add(c == null ? null : c.firmwareRevision());
            f.add(c == null ? null : c.publicAddress());
            f.add(u.bytesFromClient());
            f.add(u.bytesToClient());
            f.add(u.tunnelAddress());
            f.add(u.wireguardPublicKey());
            f.add(u.sunsetDate());
            f.add(u.cutoverIssuedAt());
            f.add(u.migratedAt());
            f.add(u.authFailures());
            f.add(u.refusedAttempts());
            f.add(u.lastRefusedAt());
            f.add(u.sessionsUp());
            f.add(u.devices());
            f.add(u.devicesMigrated());
            csv.row(f);
        }
        return csv.toString();
    }

    /** A row per device: who still dials PPTP from where, and with which method. */
    static String devicesCsv(MigrationReport r) {
        Csv csv = new Csv().row(List.of("user", "device_id", "label", "state", "last_auth", "first_seen", "last_seen",
                "last_login", "logins", "bytes_from_client", "bytes_to_client", "last_public_address", "cutover",
                "tunnel_address", "wireguard_public_key", "migrated_at"));
        for (DeviceView d : r.devices()) {
            List<Object> f = new ArrayList<>();
            f.add(d.user());
            f.add(d.id());
            f.add(d.label());
            f.add(d.state().label());
            f.add(d.lastAuth());
            f.add(d.firstSeen());
            f.add(d.lastSeen());
            f.add(d.lastLogin());
            f.add(d.logins());
            f.add(d.bytesFromClient());
            f.add(d.bytesToClient());
            f.add(d.lastPublicAddress());
            f.add(d.cutover());
            f.add(d.tunnelAddress());
            f.add(d.wireguardPublicKey());
            f.add(d.migratedAt());
            csv.row(f);
        }
        return csv.toString();
    }

    static String historyCsv(MigrationReport r) {
        Csv csv = new Csv().row(List.of("date", "pptp-active", "pptp-dormant", "cutover-issued", "migrated",
                "sunset-refused", "logins", "refused_attempts"));
        for (MigrationReport.Day d : r.history()) {
            csv.row(List.of(d.date(), d.pptpActive(), d.pptpDormant(), d.cutoverIssued(), d.migrated(),
                    d.sunsetRefused(), d.logins(), d.refusedAttempts()));
        }
        return csv.toString();
    }

    static String totalsCsv(MigrationReport r) {
        Csv csv = new Csv().row(List.of("state", "users", "devices"));
        for (MigrationState s : MigrationState.values()) {
            csv.row(List.of(s.label(), r.totals().getOrDefault(s, 0), r.deviceTotals().getOrDefault(s, 0)));
        }
        return csv.toString();
    }
}
