package io.pptp2wg.admin.resources;

import io.pptp2wg.admin.api.MigrationState;
import io.pptp2wg.admin.api.SessionView;
import io.pptp2wg.admin.core.Audit;
import io.pptp2wg.admin.core.StoredIdentities;
import io.pptp2wg.admin.core.UserReports;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.session.SessionCounters;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionInfo;
import io.pptp2wg.session.SessionRegistry;
import io.pptp2wg.session.WireGuardHandshakes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** {@code /api/sessions}: the PPTP sessions up now; disconnecting one. */
@Path("/api/sessions")
@Produces(MediaType.APPLICATION_JSON)
public final class SessionsResource {
    private final SessionRegistry sessions;
    private final WireGuardHandshakes handshakes;
    private final StoredIdentities identities;
    private final UserReports reports;
    private final Audit audit;
    private final Clock clock;

    public SessionsResource(SessionRegistry sessions, WireGuardHandshakes handshakes, StoredIdentities identities,
                            UserReports reports, Audit audit, Clock clock) {
        this.sessions = sessions;
        this.handshakes = handshakes;
        this.identities = identities;
        this.reports = reports;
        this.audit = audit;
        this.clock = clock;
    }

    @GET
    public List<SessionView> list() {
        Instant now = clock.instant();
        Map<String, MigrationState> states = reports.states();
        return sessions.sessions().stream().map(h -> view(h, states.get(h.info().user()), now))
                .sorted(Comparator.comparingLong(SessionView::id)).toList();
    }

    private SessionView view(SessionHandle h, MigrationState state, Instant now) {
        SessionInfo i = h.info();
        SessionCounters c = h.counters();
        Long age = handshakes.lastHandshake(i)
                .map(t -> Math.max(0, Duration.between(t, now).toSeconds())).orElse(null);
        return new SessionView(i.id(), i.user(), state, i.localCallId(), i.peerCallId(),
                io.pptp2wg.admin.api.ClientView.of(i.fingerprint()), Ipv4.format(i.tunnelAddress()),
                i.auth() == null ? null : i.auth().displayName(), i.mppe(), i.started(),
                Math.max(0, Duration.between(i.started(), now).toSeconds()), c.bytesFromClient(), c.bytesToClient(),
                c.packetsFromClient(), c.packetsToClient(),
                handshakes.carryingKey(i).or(() -> i.holding() == io.pptp2wg.session.AddressAllocator.Holding.OWN
                        ? identities.publicKeyOf(i.user()) : java.util.Optional.empty()).orElse(null), age,
                io.pptp2wg.session.DeviceFingerprint.of(i.user(), i.fingerprint()).id(),
                i.holding().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Ends the session cleanly (LCP Terminate-Request, Call-Disconnect-Notify, Stop-Control-Connection). */
    @DELETE
    @Path("{id}")
    public Response disconnect(@PathParam("id") String id, @Context SecurityContext who) {
        long sessionId;
        try {
            sessionId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiErrors.notFound("no session '" + ApiErrors.shown(id) + "': session ids are numbers");
        }
        SessionHandle h = sessions.session(sessionId)
                .orElseThrow(() -> ApiErrors.notFound("no session " + sessionId + " is up"));
        String actor = Actor.of(who);
        audit.record(actor, "disconnect", h.info().user(), "session " + sessionId);
        h.disconnect("disconnected by the administrator (" + actor + ")");
        return Response.noContent().build();
    }
}
