package io.pptp2wg.admin.health;

import com.codahale.metrics.health.HealthCheck;
import io.pptp2wg.session.HealthProbe;

/** A gateway or bridge {@link HealthProbe} (PPTP listener, GRE socket, backend handshake) as a health check. */
public final class ProbeHealthCheck extends HealthCheck {
    private final HealthProbe probe;

    public ProbeHealthCheck(HealthProbe probe) {
        this.probe = probe;
    }

    @Override
    protected Result check() {
        HealthProbe.Status s = probe.check();
        return s.healthy() ? Result.healthy(s.message()) : Result.unhealthy(s.message());
    }
}
