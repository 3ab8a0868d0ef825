package io.pptp2wg.radius;

import io.pptp2wg.session.SessionCounters;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One session as accounting reports it (RFC 2866 §5): what stays the same from Start to Stop, and where its
 * usage is read when a record is sent.
 *
 * @param sessionId        Acct-Session-Id, unique ({@link AcctSessionIds})
 * @param userName         User-Name as it went to RADIUS
 * @param classes          every Class of the Access-Accept, echoed as they came (RFC 2865 §5.25)
 * @param callingStationId the client's public address
 * @param framedIp         Framed-IP-Address: the client's tunnel address
 * @param nasPort          NAS-Port: the call's number, as in the Access-Request
 * @param startedNanos     when the session came up (the core's clock), for Acct-Session-Time
 * @param interimNanos     Interim-Update every so often; 0 = none
 * @param usage            the session's counters now (read on the accounting thread; may be slightly stale)
 */
public record AcctSession(String sessionId, String userName, List<byte[]> classes, Optional<String> callingStationId,
                          int framedIp, int nasPort, long startedNanos, long interimNanos, Supplier<SessionCounters> usage) {
    public AcctSession {
        classes = List.copyOf(classes);
    }
}
