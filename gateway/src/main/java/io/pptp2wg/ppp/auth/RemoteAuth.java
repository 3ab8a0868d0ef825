package io.pptp2wg.ppp.auth;

import io.pptp2wg.radius.AccessRequestSpec;

/**
 * An authentication service outside the link (RADIUS, pppd's radius plugin): the link hands it the
 * client's proof and goes on; the answer comes back later as an event,
 * {@link io.pptp2wg.ppp.PppLink#remoteAuthAnswered}, on the link's own thread. The link does no I/O.
 */
public interface RemoteAuth {
    /** Asks; returns the ticket the answer will carry. The credentials are the service's to zero. */
    long submit(AccessRequestSpec spec);

    /** The link went away before the answer: forget it. */
    void cancel(long ticket);

    /** NAS-Port and Calling-Station-Id of this call, for the request. */
    int nasPort();

    java.util.Optional<String> callingStationId();

    /** default_realm: appended as "@realm" to a name without one, as radiusclient does. */
    java.util.Optional<String> defaultRealm();
}
