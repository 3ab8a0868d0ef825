package io.pptp2wg.gateway.radius;

import io.pptp2wg.radius.TerminateCause;

/**
 * The Acct-Terminate-Cause (RFC 2866 §5.10) of the reason a session ended with, as pppd's radius plugin maps its exit
 * status: the client's own end = User-Request, the client gone = Lost-Carrier, {@code idle} = Idle-Timeout,
 * {@code maxconnect} / Session-Timeout = Session-Timeout, an administrator = Admin-Reset, a clean stop of the
 * gateway = Admin-Reboot. The reasons are the texts the gateway's layers end a session with.
 */
public final class TeardownCauses {
    private TeardownCauses() {}

    public static TerminateCause of(String reason) {
        String r = reason == null ? "" : reason;
        if (r.startsWith("LCP terminated by peer") || r.startsWith("Call-Clear-Request from the client")
                || r.startsWith("Stop-Control-Connection-Request from the client")) {
            return TerminateCause.USER_REQUEST;
        }
        if (r.equals("Link inactive")) {
            return TerminateCause.IDLE_TIMEOUT;
        }
        if (r.equals("Connect time expired")) {
            return TerminateCause.SESSION_TIMEOUT;
        }
        if (r.startsWith("disconnected by the administrator") || r.startsWith("RADIUS Disconnect-Request")
                || r.startsWith("removed from")) {
            return TerminateCause.ADMIN_RESET;
        }
        if (r.equals("gateway shutting down")) {
            return TerminateCause.ADMIN_REBOOT;
        }
        if (r.startsWith("replaced by a reconnect")) {
            return TerminateCause.NAS_REQUEST;
        }
        if (r.equals("internal error")) {
            return TerminateCause.NAS_ERROR;
        }
        // the client went away: echo failures, hangup, TCP closed or reset, no Stop-Control-Connection-Reply
        return TerminateCause.LOST_CARRIER;
    }
}
