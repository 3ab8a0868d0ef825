package io.pptp2wg.admin.core;

import io.pptp2wg.admin.db.AuditDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** Every admin action through /api: a row in {@code audit_log} and a line in the log (never a secret). */
public final class Audit {
    private static final Logger LOG = LoggerFactory.getLogger("io.pptp2wg.audit");

    private final AuditDao dao;
    private final Clock clock;

    public Audit(AuditDao dao, Clock clock) {
        this.dao = dao;
        this.clock = clock;
    }

    public void record(String actor, String action, String target, String detail) {
        LOG.info("audit: {} {} {}{}", printable(actor), printable(action), printable(target),
                detail == null || detail.isEmpty() ? "" : ": " + printable(detail));
        dao.insert(clock.instant(), actor, action, target, detail);
    }

    /** One log line per action, whatever a caller put in a name. */
    static String printable(String text) {
        return text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
    }

    public AuditDao dao() {
        return dao;
    }
}
