package io.pptp2wg.admin.health;

import com.codahale.metrics.health.HealthCheck;
import io.pptp2wg.gateway.PptpGateway;

/** Healthy while TCP 1723 listens and the GRE socket's reader runs; shows the live calls and sessions. */
public final class PptpHealthCheck extends HealthCheck {
    private final PptpGateway gateway;

    public PptpHealthCheck(PptpGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    protected Result check() {
        if (!gateway.listening()) {
            return Result.unhealthy("PPTP control listener (TCP 1723) is not up");
        }
        if (!gateway.greSocketUp()) {
            return Result.unhealthy("GRE raw socket is not up" + gateway.greFailure().map(t -> ": " + t.getMessage()).orElse(""));
        }
        return Result.builder().healthy().withMessage("listening")
                .withDetail("calls", gateway.stats().liveCalls())
                .withDetail("sessions", gateway.stats().liveSessions()).build();
    }
}
