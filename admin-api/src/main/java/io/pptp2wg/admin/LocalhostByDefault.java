package io.pptp2wg.admin;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The admin API answers on localhost unless config.yml says otherwise: a connector without a
 * {@code bindHost} (Dropwizard's default is every interface) is bound to 127.0.0.1. To serve other
 * hosts, write the address, e.g. {@code bindHost: 0.0.0.0}.
 */
final class LocalhostByDefault {
    private static final Logger LOG = LoggerFactory.getLogger(LocalhostByDefault.class);
    static final String LOOPBACK = "127.0.0.1";

    private LocalhostByDefault() {}

    static void apply(ServerFactory server) {
        List<ConnectorFactory> connectors = new ArrayList<>();
        if (server instanceof DefaultServerFactory d) {
            connectors.addAll(d.getApplicationConnectors());
            connectors.addAll(d.getAdminConnectors());
        } else if (server instanceof SimpleServerFactory s) {
            connectors.add(s.getConnector());
        }
        for (ConnectorFactory c : connectors) {
            if (c instanceof HttpConnectorFactory http && (http.getBindHost() == null || http.getBindHost().isBlank())) {
                http.setBindHost(LOOPBACK);
                LOG.info("port {}: no bindHost in config.yml, listening on {} only", http.getPort(), LOOPBACK);
            }
        }
    }
}
