package io.pptp2wg.admin.resources;

import com.wireguard.crypto.KeyPair;
import io.pptp2wg.admin.api.SunsetRequest;
import io.pptp2wg.admin.api.LockoutView;
import io.pptp2wg.admin.api.UserDetail;
import io.pptp2wg.session.guard.LoginLimiter;
import io.pptp2wg.admin.api.UserView;
import io.pptp2wg.admin.api.ImportReport;
import io.pptp2wg.admin.api.UserSource;
import io.pptp2wg.admin.core.UserImport;
import io.pptp2wg.admin.core.Audit;
import io.pptp2wg.admin.core.CutoverConfigs;
import io.pptp2wg.admin.core.UserCutovers;
import io.pptp2wg.admin.core.QrCodes;
import io.pptp2wg.admin.core.StickyAddresses;
import io.pptp2wg.admin.core.StoredIdentities;
import io.pptp2wg.admin.core.UserBook;
import io.pptp2wg.admin.core.UserReports;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/users}: every user with their migration state; a user's history; issuing their native
 * WireGuard configuration (the only responses that carry a secret); their sunset date.
 */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
public final class UsersResource {
    static final int DEFAULT_HISTORY = 100;
    static final int MAX_HISTORY = 10_000;
    static final String PNG = "image/png";

    private final UserBook users;
    private final UserReports reports;
    private final StoredIdentities identities;
    private final StickyAddresses addresses;
    private final UserCutovers cutovers;
    private final Audit audit;
    private final LoginLimiter limiter;
    private final Clock clock;

    public UsersResource(UserBook users, UserReports reports, StoredIdentities identities, StickyAddresses addresses,
                         CutoverConfigs configs, Audit audit, Clock clock, LoginLimiter limiter) {
        this.limiter = limiter;
        this.users = users;
        this.reports = reports;
        this.identities = identities;
        this.addresses = addresses;
        this.cutovers = new UserCutovers(users, identities, addresses, configs, audit, clock);
        this.audit = audit;
        this.clock = clock;
    }

    @GET
    public List<UserView> list() {
        return reports.all();
    }

    /**
     * Imports names to be tracked before they log in (pppd's radius plugin: there is no list to read), e.g. an export
     * of the VPN group: a JSON array of names or {@code {"name", "sunset"}}, or CSV with a header {@code name[,sunset]}.
     * Each gets its row, WireGuard identity and address now (so {@code backend-peers} lists it); a sunset date given
     * is set. Validated whole first (400 naming every bad row's line), idempotent, audited.
     */
    @POST
    @Consumes({MediaType.APPLICATION_JSON, "text/csv"})
    public ImportReport importUsers(String body, @Context jakarta.ws.rs.core.HttpHeaders headers,
                                    @Context SecurityContext who) {
        if (!users.fromRadius()) {
            throw ApiErrors.conflict("the users are the names in chap-secrets / pap-secrets (or the UCI file): add them"
                    + " there; POST /api/users imports names only when the options file loads pppd's radius plugin");
        }
        MediaType type = headers.getMediaType();
        boolean csv = type != null && type.getType().equalsIgnoreCase("text") && type.getSubtype().equalsIgnoreCase("csv");
        UserImport.Parsed parsed = csv ? UserImport.csv(body == null ? "" : body) : UserImport.json(body == null ? "" : body);
        if (parsed instanceof UserImport.Parsed.Refused r) {
            throw ApiErrors.badRequest("nothing imported: " + String.join("; ", r.problems()));
        }
        List<UserImport.Entry> entries = ((UserImport.Parsed.Ok) parsed).entries();
        List<String> names = entries.stream().map(UserImport.Entry::name).toList();
        int before = (int) names.stream().filter(users::isKnown).count();
        users.trackAll(names, UserSource.IMPORTED); // identities and addresses follow (AdminCore: onProvisioned)
        int sunsets = 0;
        for (UserImport.Entry e : entries) {
            if (e.sunset().isPresent() && !e.sunset().equals(users.row(e.name()).sunsetDate())) {
                users.setSunset(e.name(), e.sunset());
                sunsets++;
            }
        }
        ImportReport report = new ImportReport(names.size() - before, before, sunsets, names);
        audit.record(Actor.of(who), "import-users", names.size() == 1 ? names.getFirst() : names.size() + " users",
                report.added() + " new, " + report.alreadyKnown() + " known already, " + sunsets + " sunset dates set ("
                        + (csv ? "CSV" : "JSON") + ")");
        return report;
    }

    @GET
    @Path("{name}")
    public UserDetail one(@PathParam("name") String name, @QueryParam("limit") @DefaultValue("100") String limit) {
        int n;
        try {
            n = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw ApiErrors.badRequest("limit: '" + ApiErrors.shown(limit) + "' is not a number");
        }
        if (n < 1 || n > MAX_HISTORY) {
            throw ApiErrors.badRequest("limit: between 1 and " + MAX_HISTORY);
        }
        String user = known(name);
        return reports.detail(user, n).orElseThrow(() -> unknown(name))
                .withLockouts(limiter.lockoutsOf(user, clock.instant()).stream().map(LockoutView::of).toList());
    }

    /**
     * Clears the guessing limits' lock-outs of the user and of the addresses it failed from, with its failures and
     * back-off (audited): the lock-outs that were in force.
     */
    @POST
    @Path("{name}/unlock")
    public List<LockoutView> unlock(@PathParam("name") String name, @Context SecurityContext who) {
        String user = known(name);
        List<LockoutView> cleared = limiter.unlock(user, clock.instant()).stream().map(LockoutView::of).toList();
        audit.record(Actor.of(who), "unlock", user, cleared.isEmpty() ? "no lock-out in force"
                : "lock-outs cleared: " + cleared.stream().map(l -> l.source() == null ? "user" : l.source()).toList());
        return cleared;
    }

    /** Issues the user's native configuration; they stay able to use PPTP until their key is seen natively. */
    @POST
    @Path("{name}/cutover")
    @Produces(MediaType.TEXT_PLAIN)
    public Response cutover(@PathParam("name") String name, @Context SecurityContext who) {
        String user = known(name);
        String text;
        try {
            text = cutovers.issue(user, Actor.of(who), "");
        } catch (java.util.NoSuchElementException e) {
            throw unknown(user);
        } catch (UserCutovers.NoAddress e) {
            throw ApiErrors.conflict(e.getMessage());
        }
        return secret(Response.ok(text, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")), user + ".conf");
    }

    @GET
    @Path("{name}/wireguard.conf")
    @Produces(MediaType.TEXT_PLAIN)
    public Response config(@PathParam("name") String name, @Context SecurityContext who) {
        String user = issued(name);
        String text = configText(user);
        audit.record(Actor.of(who), "download-config", user, "wireguard.conf");
        return secret(Response.ok(text, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")), user + ".conf");
    }

    @GET
    @Path("{name}/wireguard.png")
    @Produces(PNG)
    public Response qr(@PathParam("name") String name, @Context SecurityContext who) {
        String user = issued(name);
        byte[] png = QrCodes.png(configText(user));
        audit.record(Actor.of(who), "download-config", user, "wireguard.png");
        return secret(Response.ok(png, PNG), user + ".png");
    }

    @PUT
    @Path("{name}/sunset")
    @Consumes(MediaType.APPLICATION_JSON)
    public UserView setSunset(@PathParam("name") String name, SunsetRequest body, @Context SecurityContext who) {
        String user = known(name);
        if (body == null) {
            throw ApiErrors.badRequest("body: {\"date\": \"YYYY-MM-DD\"} (or {\"date\": null} to clear)");
        }
        Optional<LocalDate> date = body.date() == null ? Optional.empty() : Optional.of(ApiErrors.date("date", body.date()));
        users.setSunset(user, date);
        audit.record(Actor.of(who), "sunset", user, date.map(d -> "PPTP ends on " + d).orElse("cleared"));
        return reports.one(user).orElseThrow(() -> unknown(user));
    }

    @DELETE
    @Path("{name}/sunset")
    public UserView clearSunset(@PathParam("name") String name, @Context SecurityContext who) {
        String user = known(name);
        users.setSunset(user, Optional.empty());
        audit.record(Actor.of(who), "sunset", user, "cleared");
        return reports.one(user).orElseThrow(() -> unknown(user));
    }

    private String configText(String user) {
        try {
            return cutovers.text(user);
        } catch (java.util.NoSuchElementException e) {
            throw unknown(user);
        } catch (UserCutovers.NoAddress e) {
            throw ApiErrors.conflict(e.getMessage());
        }
    }

    private String issued(String name) {
        String user = known(name);
        if (users.row(user).cutoverIssuedAt().isEmpty()) {
            throw ApiErrors.conflict("no WireGuard configuration was issued to '" + user
                    + "': POST /api/users/" + user + "/cutover first");
        }
        return user;
    }

    private String known(String name) {
        if (!users.isKnown(name)) {
            throw unknown(name);
        }
        return name;
    }

    private jakarta.ws.rs.WebApplicationException unknown(String name) {
        return ApiErrors.notFound("no user '" + ApiErrors.shown(name) + "' " + (users.fromRadius()
                ? "seen at a RADIUS login or imported" : "in chap-secrets"));
    }

    /** A response that carries a private key: never cached, offered as a file. */
    static Response secret(Response.ResponseBuilder b, String filename) {
        CacheControl cc = new CacheControl();
        cc.setNoStore(true);
        cc.setNoCache(true);
        cc.setPrivate(true);
        return b.cacheControl(cc)
                .header("Content-Disposition", "attachment; filename=\"" + filename.replaceAll("[^A-Za-z0-9._@-]", "_") + "\"")
                .header("Pragma", "no-cache")
                .build();
    }
}
