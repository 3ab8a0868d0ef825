package io.pptp2wg.admin.resources;

import io.pptp2wg.admin.core.Audit;
import io.pptp2wg.admin.db.AuditDao;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** {@code GET /api/audit}: the latest admin actions, newest first. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditResource {
    static final int MAX = 10_000;
    private final Audit audit;

    public AuditResource(Audit audit) {
        this.audit = audit;
    }

    @GET
    public List<AuditDao.Entry> latest(@QueryParam("limit") @DefaultValue("100") String limit) {
        int n;
        try {
            n = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw ApiErrors.badRequest("limit: '" + ApiErrors.shown(limit) + "' is not a number");
        }
        if (n < 1 || n > MAX) {
            throw ApiErrors.badRequest("limit: between 1 and " + MAX);
        }
        return audit.dao().latest(n);
    }
}
