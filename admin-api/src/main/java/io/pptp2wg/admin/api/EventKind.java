package io.pptp2wg.admin.api;

/** The kinds of stored session events. */
public enum EventKind {
    /** A session came up (SessionEvent.Up). */
    LOGIN,
    /** A session ended (SessionEvent.Down), with its duration and bytes. */
    LOGOUT,
    /** Wrong password or unknown user (SessionEvent.AuthFailure). */
    AUTH_FAILURE,
    /** Refused for another reason: sunset, migrated, connection limit, MPPE (SessionEvent.Refused). */
    REFUSED,
    /** The guessing limits locked out an address or the user (SessionEvent.LockedOut): reason and until in the text. */
    LOCKOUT,
    /** A session that was up when the process stopped without a logout (SIGKILL, crash): end and bytes unknown. */
    LOST
}
