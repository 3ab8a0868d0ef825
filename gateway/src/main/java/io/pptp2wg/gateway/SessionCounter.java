package io.pptp2wg.gateway;

/** What the session layer counts, beside the control and GRE counters. */
public enum SessionCounter {
    CALLS_STARTED,
    SESSIONS_UP,
    SESSIONS_DOWN,
    AUTH_FAILURES,
    /** Logins refused by the login policy or PPP (sunset, migrated, MPPE not agreed...). */
    LOGINS_REFUSED,
    /** Logins refused because the user had {@code maxSessionsPerUser} sessions already (also in LOGINS_REFUSED). */
    PER_USER_LIMIT_REFUSALS,
    /** Sessions ended because a reconnect of the same device took their address over. */
    RECONNECT_REPLACEMENTS,
    /** Older sessions of the same device that answered the probe of a newer login (both stayed). */
    PROBES_ANSWERED,
    /** Older sessions of the same device that did not answer the probe (the newer login replaced them). */
    PROBES_UNANSWERED,
    /** Logins whose record was not durable within LoginRecorder.HOLD_LIMIT_NANOS: IPCP went on without it. */
    LOGIN_RECORD_TIMEOUTS,
    /** Second (and further) sessions of a user given a borrowed address. */
    BORROWED_ADDRESSES,
    /** Outgoing-Call-Requests refused because {@code connections} calls were up. */
    CONNECTION_LIMIT_REFUSALS,
    /** Outgoing-Call-Requests refused because every Call ID was taken. */
    CALL_ID_EXHAUSTED,
    /** Sessions ended because their user left chap-secrets. */
    REMOVED_USER_DISCONNECTS,
    /** ICMP echo requests to the gateway's tunnel address answered. */
    ECHO_REPLIES,
    /** DHCPINFORMs answered with a DHCPACK (io.pptp2wg.dhcp). */
    DHCP_ACKS,
    /** Well-formed DHCP to the gateway that is not an INFORM (it assigns no addresses): not answered. */
    DHCP_IGNORED,
    /** IP packets to the gateway's tunnel address that are not echo requests (nothing listens there). */
    LOCAL_DROPS,
    /** IP packets from clients dropped because no uplink is attached. */
    NO_UPLINK_DROPS,
    /** IP packets for a client dropped because its session was not up (closing, or not yet open). */
    NOT_UP_DROPS,
    /** A PPP link threw: a bug; the session was ended. */
    PPP_FAILURES
}
