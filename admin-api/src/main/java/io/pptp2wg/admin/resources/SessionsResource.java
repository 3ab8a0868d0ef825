package io.pptp2wg.admin.resources;

import io.pptp2wg.admin.api.MigrationState;
import io.pptp2wg.admin.api.SessionView;
import io.pptp2wg.admin.core.Audit;
import io.pptp2wg.admin.core.StoredIdentities;
import io.pptp2wg.admin.core.UserReports;
import io.pptp2wg.admin.fleet.FleetSessions;
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
import jakarta.ws.rs.QueryParam;
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
import java.util.Optional;

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
    private final String node;
    /** The other nodes' sessions (fleet.enabled), else none. */
    private final Optional<FleetSessions> fleet;

    public SessionsResource(SessionRegistry sessions, WireGuardHandshakes handshakes, StoredIdentities identities,
                            UserReports reports, Audit audit, Clock clock) {
        this(sessions, handshakes, identities, reports, audit, clock, "localhost", Optional.empty());
    }

    public SessionsResource(SessionRegistry sessions, WireGuardHandshakes handshakes, StoredIdentities identities,
                            UserReports reports, Audit audit, Clock clock, String node, Optional<FleetSessions> fleet) {
        this.node = node;
        this.fleet = fleet;
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
        List<SessionView> local = sessions.sessions().stream().map(h -> view(h, states.get(h.info().user()), now))
                .sorted(Comparator.comparingLong(SessionView::id)).toList();
        if (fleet.isEmpty()) {
            return local;
        }
        List<SessionView> all = new java.util.ArrayList<>(local);
        fleet.get().remote().stream().map(r -> remoteView(r, states.get(r.login().user()), now))
                .sorted(Comparator.comparing(SessionView::node).thenComparingLong(SessionView::id))
                .forEach(all::add);
        return all;
    }

    private SessionView remoteView(FleetSessions.Remote r, MigrationState state, Instant now) {
        var l = r.login();
        Instant started = l.started() != null ? l.started() : l.at();
        SessionCounters c = r.checkpoint().map(io.pptp2wg.admin.core.Checkpoints.Checkpoint::counters)
                .orElse(SessionCounters.ZERO);
        return new SessionView(l.sessionId(), l.user(), state, 0, 0, l.client(), l.tunnelAddress(), l.auth(), l.mppe(),
                started, Math.max(0, Duration.between(started, now).toSeconds()), c.bytesFromClient(),
                c.bytesToClient(), c.packetsFromClient(), c.packetsToClient(), null, null, l.deviceId(), null,
                r.node());
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
                i.holding().name().toLowerCase(java.util.Locale.ROOT), node);
    }

    /** Ends the session cleanly (LCP Terminate-Request, Call-Disconnect-Notify, Stop-Control-Connection). */
    @DELETE
    @Path("{id}")
    public Response disconnect(@PathParam("id") String id, @QueryParam("node") String onNode,
                               @Context SecurityContext who) {
        long sessionId;
        try {
            sessionId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiErrors.notFound("no session '" + ApiErrors.shown(id) + "': session ids are numbers");
        }
        if (onNode != null && !onNode.isBlank() && !onNode.equals(node)) {
            return disconnectOn(onNode, sessionId, who); // another node carries it: it ends it at its next beat
        }
        SessionHandle h = sessions.session(sessionId)
                .orElseThrow(() -> ApiErrors.notFound("no session " + sessionId + " is up"));
        String actor = Actor.of(who);
        audit.record(actor, "disconnect", h.info().user(), "session " + sessionId);
        h.disconnect("disconnected by the administrator (" + actor + ")");
        return Response.noContent().build();
    }

    private Response disconnectOn(String onNode, long sessionId, SecurityContext who) {
        if (fleet.isEmpty()) {
            throw ApiErrors.notFound("no node '" + ApiErrors.shown(onNode) + "': this gateway is not in a fleet");
        }
        var remote = fleet.get().remote().stream()
                .filter(r -> r.node().equals(onNode) && r.login().sessionId() == sessionId).findFirst()
                .orElseThrow(() -> ApiErrors.notFound("no session " + sessionId + " is up on node "
                        + ApiErrors.shown(onNode)));
        String actor = Actor.of(who);
        audit.record(actor, "disconnect", remote.login().user(), "session " + sessionId + " on node " + onNode);
        if (!fleet.get().disconnect(onNode, sessionId, "disconnected by the administrator (" + actor + " on node "
                + node + ")")) {
            throw ApiErrors.notFound("node " + ApiErrors.shown(onNode) + " is not up");
        }
        return Response.accepted().build(); // carried out by that node within one heartbeat interval
    }
}
