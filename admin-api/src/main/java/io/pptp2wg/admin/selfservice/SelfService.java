package io.pptp2wg.admin.selfservice;

import io.dropwizard.lifecycle.Managed;
import io.pptp2wg.bridge.local.SelfServiceTun;
import io.pptp2wg.bridge.relay.LocalService;
import io.pptp2wg.bridge.relay.Relay;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.session.SessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The self-service page as one managed object, started after the data plane: the TUN that holds the tunnel address
 * (CAP_NET_ADMIN), then the page's own Jetty bound to that address. Stopped first.
 */
public final class SelfService implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(SelfService.class);
    private final String device;
    private final LocalService service;
    private final int mtu;
    private final SessionRegistry sessions;
    private final Supplier<Relay> relay;
    private final SelfServiceServlet servlet;
    private SelfServiceTun tun;
    private SelfServiceServer server;

    public SelfService(String device, LocalService service, int mtu, SessionRegistry sessions, Supplier<Relay> relay,
                       SelfServiceServlet servlet) {
        this.device = device;
        this.service = service;
        this.mtu = mtu;
        this.sessions = sessions;
        this.relay = relay;
        this.servlet = servlet;
    }

    @Override
    public void start() throws Exception {
        Relay r = relay.get();
        if (r == null) {
            throw new IllegalStateException("self-service: the relay is not running");
        }
        try {
            tun = SelfServiceTun.open(device, service, mtu, sessions, r);
        } catch (RuntimeException e) {
            throw new IllegalStateException("selfService.enabled needs CAP_NET_ADMIN for the TUN device '" + device
                    + "' (AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN, or setcap cap_net_raw,cap_net_admin+ep on java): "
                    + e.getMessage(), e);
        }
        sessions.addListener(servlet);
        InetSocketAddress bind = new InetSocketAddress(Ipv4.toInetAddress(service.address()), service.port());
        server = new SelfServiceServer(bind, servlet).start();
        LOG.info("self-service page on http://{}:{}/ (inside the tunnels only)", Ipv4.format(service.address()), service.port());
    }

    @Override
    public void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (tun != null) {
            tun.close();
        }
    }
}
