package io.pptp2wg.admin.resources;

import io.pptp2wg.admin.api.HandshakeReport;
import io.pptp2wg.admin.core.Audit;
import io.pptp2wg.admin.core.BackendPeers;
import io.pptp2wg.admin.core.CutoverConfigs;
import io.pptp2wg.admin.core.DeviceBook;
import io.pptp2wg.admin.core.HandshakeDump;
import io.pptp2wg.admin.core.NativeHandshakes;
import io.pptp2wg.admin.core.StickyAddresses;
import io.pptp2wg.admin.core.StoredIdentities;
import io.pptp2wg.admin.core.UserBook;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /api/backend}: what the backend WireGuard server needs and says. {@code POST handshakes} takes
 * {@code wg show IFACE dump} (text/plain) and marks users migrated; {@code GET peers} prints the
 * [Peer] blocks the backend's wg-quick file needs in per-user mode (public keys and addresses only).
 */
@Path("/api/backend")
public final class BackendResource {
    /** A dump of 100 000 peers is about 20 MB; 16 MiB is plenty for any real backend. */
    static final int MAX_DUMP_BYTES = 16 << 20;

    private final NativeHandshakes handshakes;
    private final UserBook users;
    private final StoredIdentities identities;
    private final StickyAddresses addresses;
    private final CutoverConfigs cutover;
    private final Audit audit;
    private final DeviceBook devices;

    public BackendResource(NativeHandshakes handshakes, UserBook users, StoredIdentities identities,
                           StickyAddresses addresses, CutoverConfigs cutover, Audit audit, DeviceBook devices) {
        this.devices = devices;
        this.handshakes = handshakes;
        this.cutover = cutover;
        this.users = users;
        this.identities = identities;
        this.addresses = addresses;
        this.audit = audit;
    }

    @POST
    @Path("handshakes")
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.APPLICATION_JSON)
    public HandshakeReport handshakes(InputStream body, @Context SecurityContext who) throws IOException {
        byte[] bytes = body.readNBytes(MAX_DUMP_BYTES + 1);
        if (bytes.length > MAX_DUMP_BYTES) {
            throw ApiErrors.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, "dump larger than " + MAX_DUMP_BYTES + " bytes");
        }
        List<HandshakeDump.PeerLine> peers;
        try {
            peers = HandshakeDump.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (HandshakeDump.Malformed e) {
            throw ApiErrors.badRequest("not a 'wg show IFACE dump': " + e.getMessage());
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0); // its first line holds the backend's private key
        }
        HandshakeReport report = handshakes.apply(peers);
        audit.record(Actor.of(who), "handshakes", "backend", report.peers() + " peers, " + report.knownUsers()
                + " users, migrated now: " + String.join(" ", report.newlyMigrated()));
        return report;
    }

    @GET
    @Path("peers")
    @Produces(MediaType.TEXT_PLAIN)
    public String peers() {
        return BackendPeers.text(users, identities, addresses, cutover, devices);
    }
}
