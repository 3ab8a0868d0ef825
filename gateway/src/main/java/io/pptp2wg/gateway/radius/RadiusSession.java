package io.pptp2wg.gateway.radius;

import io.pptp2wg.session.SessionHandle;

import java.util.List;

/**
 * A live session as RADIUS accounting (RFC 2866) and dynamic authorization (RFC 5176) see it: what the Access-Accept
 * said of it, and the names a Disconnect- or CoA-Request may call it by. The gateway's calls implement it. Thread-safe.
 */
public interface RadiusSession extends SessionHandle {
    /** Acct-Session-Id (RFC 2866 §5.5), given when the session came up; null before. */
    String acctSessionId();

    /** The client's public address (Calling-Station-Id, as pptpd's remote_number). */
    int peerAddress();

    /** NAS-Port: the call's own number, as in the Access-Request. */
    int nasPort();

    /** The Access-Accept's Class attributes (echoed in accounting, RFC 2865 §5.25); empty without RADIUS. */
    List<byte[]> radiusClasses();

    /** The Access-Accept's Acct-Interim-Interval in seconds; 0 = none. */
    int radiusInterimSeconds();

    /** A CoA-Request's Session-Timeout: the session ends {@code seconds} from now (0 = no limit). */
    void changeSessionTimeout(int seconds);
}
