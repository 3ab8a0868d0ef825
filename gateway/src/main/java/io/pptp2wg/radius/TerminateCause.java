package io.pptp2wg.radius;

/** Acct-Terminate-Cause (RFC 2866 §5.10): why a session ended, in the Stop record. */
public enum TerminateCause {
    /** The client ended it (LCP Terminate-Request, Call-Clear-Request, Stop-Control-Connection-Request). */
    USER_REQUEST(1),
    /** The client went away (echo failures, TCP lost, hangup). */
    LOST_CARRIER(2),
    LOST_SERVICE(3),
    /** {@code idle} / Idle-Timeout. */
    IDLE_TIMEOUT(4),
    /** {@code maxconnect} / Session-Timeout. */
    SESSION_TIMEOUT(5),
    /** An administrator (the admin API, a RADIUS Disconnect-Request, a user removed from the secrets). */
    ADMIN_RESET(6),
    /** The gateway was stopped cleanly. */
    ADMIN_REBOOT(7),
    PORT_ERROR(8),
    /** An internal failure of the gateway. */
    NAS_ERROR(9),
    /** The gateway ended it for a reason of its own (a reconnect of the same device replaced it). */
    NAS_REQUEST(10),
    NAS_REBOOT(11),
    SERVICE_UNAVAILABLE(15);

    public final int value;

    TerminateCause(int value) {
        this.value = value;
    }
}
