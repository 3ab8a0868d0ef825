package io.pptp2wg.gateway.radius;

import io.pptp2wg.radius.DaeClient;

import java.util.List;
import java.util.Optional;

/**
 * config.yml's {@code pptpd.radius:} for accounting and dynamic authorization (what radiusclient.conf does not say).
 *
 * @param accounting             send accounting to radiusclient.conf's {@code acctserver}s (pppd's radius plugin always does)
 * @param defaultInterimSeconds  Interim-Update interval when the Access-Accept carries no Acct-Interim-Interval;
 *                               0 = none, as pppd
 * @param minimumInterimSeconds  the floor under any interval (pppd and RFC 2869 §2.1: 60); lower only for tests
 * @param dynamicAuthorization   the RFC 5176 listener, off when empty
 */
public record RadiusOptions(boolean accounting, int defaultInterimSeconds, int minimumInterimSeconds,
                            Optional<DynamicAuthorization> dynamicAuthorization) {
    /** pppd 2.4.9's radius plugin raises an Acct-Interim-Interval under 60 s to 60 s. */
    public static final int PPPD_MINIMUM_INTERIM_SECONDS = 60;
    public static final RadiusOptions DEFAULTS = new RadiusOptions(true, 0, PPPD_MINIMUM_INTERIM_SECONDS, Optional.empty());

    /**
     * @param listen  the local address to bind (as written; a literal)
     * @param port    UDP port (RFC 5176 §3: 3799)
     * @param clients who may send Disconnect- and CoA-Requests
     */
    public record DynamicAuthorization(String listen, int port, List<DaeClient> clients) {
        public DynamicAuthorization {
            clients = List.copyOf(clients);
        }
    }

    /** The Interim-Update interval for a session whose Access-Accept said {@code fromServer} seconds (0 = nothing). */
    public int interimSeconds(int fromServer) {
        int v = fromServer > 0 ? fromServer : defaultInterimSeconds;
        return v <= 0 ? 0 : Math.max(v, minimumInterimSeconds);
    }
}
