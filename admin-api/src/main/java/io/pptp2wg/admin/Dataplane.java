package io.pptp2wg.admin;

import io.pptp2wg.admin.metrics.PrometheusText;
import io.pptp2wg.session.HealthProbe;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionListener;
import io.pptp2wg.session.SessionRegistry;
import io.pptp2wg.session.WireGuardHandshakes;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the PPTP gateway and the WireGuard bridge give the admin API: the live sessions and their
 * events, the handshake times, their health probes (PPTP listener, GRE socket, backend handshake), and
 * their own metric families for /prometheus (the relay's packets and drops, the WireGuard identities').
 */
public record Dataplane(SessionRegistry sessions, WireGuardHandshakes handshakes, List<HealthProbe> probes,
                        List<Supplier<List<PrometheusText.Family>>> metrics) {
    public Dataplane {
        probes = List.copyOf(probes);
        metrics = List.copyOf(metrics);
    }

    /** Without metrics of its own. */
    public Dataplane(SessionRegistry sessions, WireGuardHandshakes handshakes, List<HealthProbe> probes) {
        this(sessions, handshakes, probes, List.of());
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
