package io.pptp2wg.pptp.control;

/** What the control connections count; every refusal and drop has its own counter. */
public enum ControlCounter {
    CONNECTIONS_OPENED,
    CONNECTIONS_STARTED,
    MESSAGES_RECEIVED,
    MESSAGES_SENT,
    /** A frame the codec refused (see {@link Malformed} for the split). */
    MALFORMED,
    /** A message not valid in the connection's state or from a client (replies we never asked for, PAC → PNS types). */
    UNEXPECTED,
    /** No Start-Control-Connection-Request within {@code stimeout}. */
    START_TIMEOUTS,
    /** Accepted and closed at once: the address had {@code floods.connectionsPerSource} connections open. */
    CONNECTIONS_REFUSED_PER_SOURCE,
    /** Accepted and closed at once: {@code floods.halfOpen} connections were waiting for their Start-Control-Connection-Request. */
    CONNECTIONS_REFUSED_HALF_OPEN,
    /** Outgoing-Call-Requests refused: the connection had {@code floods.callsPerConnection} calls. */
    CALLS_REFUSED_PER_CONNECTION,
    /** Start-Control-Connection-Request with a version other than 1.0. */
    BAD_VERSION,
    /** A second Start-Control-Connection-Request on an established connection. */
    DUPLICATE_START,
    ECHO_REQUESTS_SENT,
    ECHO_REQUESTS_ANSWERED,
    /** No Echo-Reply in time: the connection was closed. */
    ECHO_TIMEOUTS,
    CALLS_OPENED,
    /** Outgoing-Call-Request refused because {@code connections} calls are up. */
    CALLS_REFUSED_LIMIT,
    /** Outgoing-Call-Request refused for another reason (no call ID left, duplicate peer call ID, not started). */
    CALLS_REFUSED_OTHER,
    /** Incoming-Call-Request refused: a client never offers calls to a server. */
    INCOMING_CALLS_REFUSED,
    /** A message naming a call ID that is not open on this connection. */
    UNKNOWN_CALL_ID,
    CALLS_CLEARED_BY_PEER,
    CALLS_CLEARED_BY_US,
    SET_LINK_INFO_RECEIVED,
    WAN_ERROR_NOTIFY_RECEIVED,
    STOPS_BY_PEER,
    STOPS_BY_US,
    /** We sent Stop-Control-Connection-Request and got no reply in time. */
    STOP_TIMEOUTS,
    /** The TCP connection went away without a Stop-Control-Connection exchange. */
    CONNECTIONS_LOST
}
