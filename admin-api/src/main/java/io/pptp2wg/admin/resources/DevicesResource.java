package io.pptp2wg.admin.resources;

import io.pptp2wg.admin.api.DeviceCutoverView;
import io.pptp2wg.admin.core.Audit;
import io.pptp2wg.admin.core.DeviceCutovers;
import io.pptp2wg.admin.core.QrCodes;
import io.pptp2wg.admin.core.UserBook;
import io.pptp2wg.config.Ipv4;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.util.function.Supplier;

/**
 * {@code /api/users/{name}/devices/{id}}: the per-device cut-over (JSON with the wg-quick text and the backend's
 * [Peer] block; the wg-quick text alone with {@code Accept: text/plain}) and its downloads, as for a user.
 */
@Path("/api/users/{name}/devices/{device}")
public final class DevicesResource {
    private final UserBook users;
    private final DeviceCutovers cutovers;
    private final Audit audit;

    public DevicesResource(UserBook users, DeviceCutovers cutovers, Audit audit) {
        this.users = users;
        this.cutovers = cutovers;
        this.audit = audit;
    }

    @POST
    @Path("cutover")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response cutover(@PathParam("name") String name, @PathParam("device") String device,
                            @Context HttpHeaders headers, @Context SecurityContext who) {
        String user = known(name);
        DeviceCutovers.Issued issued = refusals(() -> cutovers.issue(user, device));
        audit.record(Actor.of(who), "device-cutover", user, "device " + issued.device().id() + ": native WireGuard "
                + "configuration issued (" + issued.identity() + ", public key " + issued.publicKey() + ", "
                + Ipv4.format(issued.tunnelAddress()) + (issued.backendChange() ? "; the backend needs its [Peer]" : "")
                + ")");
        String file = user + "-" + issued.device().id();
        if (Accepts.prefersOverJson(headers, MediaType.TEXT_PLAIN_TYPE)) {
            return UsersResource.secret(Response.ok(issued.config(), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")),
                    file + ".conf");
        }
        DeviceCutoverView view = new DeviceCutoverView(user, issued.device().id(), issued.device().label(),
                issued.identity(), issued.publicKey(), Ipv4.format(issued.tunnelAddress()), issued.backendChange(),
                issued.backendPeer(), issued.config());
        return UsersResource.secret(Response.ok(view, MediaType.APPLICATION_JSON_TYPE), file + ".json");
    }

    @GET
    @Path("wireguard.conf")
    @Produces(MediaType.TEXT_PLAIN)
    public Response config(@PathParam("name") String name, @PathParam("device") String device,
                           @Context SecurityContext who) {
        DeviceCutovers.Issued issued = issued(known(name), device);
        audit.record(Actor.of(who), "download-config", name, "device " + issued.device().id() + " wireguard.conf");
        return UsersResource.secret(Response.ok(issued.config(), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")),
                name + "-" + issued.device().id() + ".conf");
    }

    @GET
    @Path("wireguard.png")
    @Produces(UsersResource.PNG)
    public Response qr(@PathParam("name") String name, @PathParam("device") String device, @Context SecurityContext who) {
        DeviceCutovers.Issued issued = issued(known(name), device);
        byte[] png = QrCodes.png(issued.config());
        audit.record(Actor.of(who), "download-config", name, "device " + issued.device().id() + " wireguard.png");
        return UsersResource.secret(Response.ok(png, UsersResource.PNG), name + "-" + issued.device().id() + ".png");
    }

    private DeviceCutovers.Issued issued(String user, String device) {
        return refusals(() -> cutovers.current(user, device)).orElseThrow(() -> ApiErrors.conflict(
                "no WireGuard configuration was issued to device '" + ApiErrors.shown(device) + "' of '" + user
                        + "': POST /api/users/" + user + "/devices/" + ApiErrors.shown(device) + "/cutover first"));
    }

    private static <T> T refusals(Supplier<T> action) {
        try {
            return action.get();
        } catch (DeviceCutovers.Refusal r) {
            throw r.notFound ? ApiErrors.notFound(r.getMessage()) : ApiErrors.conflict(r.getMessage());
        }
    }

    private String known(String name) {
        if (!users.isKnown(name)) {
            throw ApiErrors.notFound("no user '" + ApiErrors.shown(name) + "' in chap-secrets");
        }
        return name;
    }
}
