package io.pptp2wg.gateway;

/** What the session layer counts, beside the control and GRE counters. */
public enum SessionCounter {
    CALLS_STARTED,
    SESSIONS_UP,
    SESSIONS_DOWN,
    AUTH_FAILURES,
    /** Logins refused by the login policy or PPP (sunset, migrated, MPPE not agreed...). */
    LOGINS_REFUSED,
    /** Outgoing-Call-Requests refused because {@code connections} calls were up. */
    CONNECTION_LIMIT_REFUSALS,
    /** Outgoing-Call-Requests refused because every Call ID was taken. */
    CALL_ID_EXHAUSTED,
    /** Sessions ended because their user left chap-secrets. */
    REMOVED_USER_DISCONNECTS,
    /** ICMP echo requests to the gateway's tunnel address answered (no uplink attached). */
    ECHO_REPLIES,
    /** IP packets from clients dropped because no uplink is attached and they were not for the responder. */
    NO_UPLINK_DROPS,
    /** IP packets for a client dropped because its session was not up (closing, or not yet open). */
    NOT_UP_DROPS,
    /** A PPP link threw: a bug; the session was ended. */
    PPP_FAILURES
}
