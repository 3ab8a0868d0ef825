package io.pptp2wg.radius;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The session identification of a Disconnect- or CoA-Request (RFC 5176 §3): a session matches when every
 * attribute given matches it.
 *
 * @param acctSessionId    Acct-Session-Id, as the gateway sent it in accounting
 * @param userName         User-Name, as the gateway sent it to RADIUS
 * @param framedIp         Framed-IP-Address: the tunnel address
 * @param callingStationId Calling-Station-Id: the client's public address
 * @param nasPort          NAS-Port: the call's number
 */
public record DaeMatch(Optional<String> acctSessionId, Optional<String> userName, OptionalInt framedIp,
                       Optional<String> callingStationId, OptionalInt nasPort) {
    public boolean empty() {
        return acctSessionId.isEmpty() && userName.isEmpty() && framedIp.isEmpty() && callingStationId.isEmpty()
                && nasPort.isEmpty();
    }

    /** Whether a session with these values matches. */
    public boolean matches(String sessionId, String user, int ip, String callingStation, int port) {
        return acctSessionId.map(v -> v.equals(sessionId)).orElse(true)
                && userName.map(v -> v.equals(user)).orElse(true)
                && (framedIp.isEmpty() || framedIp.getAsInt() == ip)
                && callingStationId.map(v -> v.equals(callingStation)).orElse(true)
                && (nasPort.isEmpty() || nasPort.getAsInt() == port);
    }
}
