package io.pptp2wg.admin.core;

import io.dropwizard.lifecycle.Managed;
import io.pptp2wg.gateway.PptpGateway;

/** Starts the PPTP gateway with the application and stops it (sessions ended cleanly) with it. */
public final class PptpGatewayManaged implements Managed {
    private final PptpGateway gateway;

    public PptpGatewayManaged(PptpGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void start() throws Exception {
        gateway.start(); // without CAP_NET_RAW this fails with how to grant it
    }

    @Override
    public void stop() {
        gateway.stop();
    }
}
