package io.pptp2wg.admin.resources;

import com.codahale.metrics.Counter;
import io.pptp2wg.admin.auth.ConsoleSessions;
import io.pptp2wg.admin.core.Audit;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Map;

/**
 * The console's sign-in with an administrator's name and password (api.admins in config.yml):
 * {@code POST} answers the CSRF token and sets the session cookie (HttpOnly, SameSite=Strict, Path=/api,
 * Secure on TLS); {@code GET} says who is signed in; {@code DELETE} signs out. Refusals are counted and
 * logged without the password; sign-ins and sign-outs are audited.
 */
@Path("/api/console/session")
@Produces(MediaType.APPLICATION_JSON)
public final class ConsoleSessionResource {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSessionResource.class);

    /** The sign-in's body; the password is zeroed once checked. */
    public record SignIn(String name, char[] password) {}

    private final ConsoleSessions sessions;
    private final Audit audit;
    private final Counter refused;

    public ConsoleSessionResource(ConsoleSessions sessions, Audit audit, Counter refused) {
        this.sessions = sessions;
        this.audit = audit;
        this.refused = refused;
    }

    @POST
    public Response signIn(SignIn body, @Context SecurityContext transport) {
        if (!sessions.enabled()) {
            throw ApiErrors.notFound("no console administrators are configured (api.admins in config.yml): sign in with a token");
        }
        if (body == null || body.name() == null || body.password() == null || body.name().length() > 64
                || body.password().length > 1024) {
            if (body != null && body.password() != null) {
                Arrays.fill(body.password(), '\0');
            }
            throw ApiErrors.badRequest("send {\"name\": ..., \"password\": ...}");
        }
        var issued = sessions.signIn(body.name(), body.password());
        if (issued.isEmpty()) {
            refused.inc();
            LOG.warn("console sign-in refused for '{}': wrong name or password", ApiErrors.shown(body.name()));
            return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new io.dropwizard.jersey.errors.ErrorMessage(401, "wrong name or password")).build();
        }
        audit.record(body.name(), "console-sign-in", body.name(), "password");
        boolean secure = transport != null && transport.isSecure();
        return Response.ok(Map.of("admin", body.name(), "csrf", issued.get().csrf()))
                .header("Set-Cookie", cookie(issued.get().id(), issued.get().maxAge().toSeconds(), secure))
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    public Map<String, String> who(@Context SecurityContext who) {
        return Map.of("admin", Actor.of(who), "scheme", who.getAuthenticationScheme());
    }

    @DELETE
    public Response signOut(@CookieParam(ConsoleSessions.COOKIE) String id, @Context SecurityContext who) {
        sessions.signOut(id);
        audit.record(Actor.of(who), "console-sign-out", Actor.of(who), "");
        return Response.noContent().header("Set-Cookie", cookie("", 0, who.isSecure())).build();
    }

    static String cookie(String value, long maxAgeSeconds, boolean secure) {
        return ConsoleSessions.COOKIE + "=" + value + "; Path=/api; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
