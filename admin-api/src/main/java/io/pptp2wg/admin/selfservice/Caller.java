package io.pptp2wg.admin.selfservice;

import io.pptp2wg.session.SessionInfo;

/** Who a self-service request comes from, as the TCP connection (never the request's content) tells. */
public sealed interface Caller {
    /** A live PPTP session whose tunnel address is the connection's source, with a user the page is offered to. */
    record Session(SessionInfo session) implements Caller {}

    /** A live session of a user the administrator has not offered the page to ({@code selfService.users}). */
    record NotOffered(SessionInfo session) implements Caller {}

    /**
     * Anything else: no live session has the source address, the request did not arrive on the page's own address,
     * or it named another host (DNS rebinding). It gets nothing.
     */
    record Nobody(String why) implements Caller {}
}
