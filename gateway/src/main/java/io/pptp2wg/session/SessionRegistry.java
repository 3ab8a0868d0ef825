package io.pptp2wg.session;

import java.util.Collection;
import java.util.Optional;

/** The gateway's live sessions and their events, as the bridge and the admin API consume them. */
public interface SessionRegistry {
    /** A snapshot of the sessions that are up. */
    Collection<SessionHandle> sessions();

    Optional<SessionHandle> session(long id);

    /** The session whose client has this tunnel address, if one is up. */
    Optional<SessionHandle> byTunnelAddress(int address);

    void addListener(SessionListener listener);
}
