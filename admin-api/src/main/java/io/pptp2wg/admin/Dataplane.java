package io.pptp2wg.admin;

import io.pptp2wg.session.HealthProbe;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionListener;
import io.pptp2wg.session.SessionRegistry;
import io.pptp2wg.session.WireGuardHandshakes;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the PPTP gateway and the WireGuard bridge give the admin API: the live sessions and their
 * events, the handshake times, and their health probes (PPTP listener, GRE socket, backend handshake).
 */
public record Dataplane(SessionRegistry sessions, WireGuardHandshakes handshakes, List<HealthProbe> probes) {
    public Dataplane {
        probes = List.copyOf(probes);
    }

    /** No gateway running (yet): no sessions, no handshakes. */
    public static Dataplane none() {
        return new Dataplane(new SessionRegistry() {
            @Override
            public Collection<SessionHandle> sessions() {
                return List.of();
            }

            @Override
            public Optional<SessionHandle> session(long id) {
                return Optional.empty();
            }

            @Override
            public Optional<SessionHandle> byTunnelAddress(int address) {
                return Optional.empty();
            }

            @Override
            public void addListener(SessionListener listener) {
                // no events without a gateway
            }
        }, WireGuardHandshakes.none(), List.of());
    }
}
