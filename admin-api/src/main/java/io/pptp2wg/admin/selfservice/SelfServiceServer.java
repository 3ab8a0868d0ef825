package io.pptp2wg.admin.selfservice;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.InetSocketAddress;

/**
 * A small Jetty server of its own for the self-service page, bound to the gateway's tunnel address only (not one of
 * Dropwizard's connectors: that address exists only once the TUN holds it, and nothing else of the application may be
 * reachable there). No forwarded-header customizer: the remote address is the TCP peer.
 */
public final class SelfServiceServer implements AutoCloseable {
    /** Few threads: a page per user, fetched once. */
    private static final int MAX_THREADS = 8;
    private static final int IDLE_MILLIS = 30_000;
    private final Server server;
    private final ServerConnector connector;

    public SelfServiceServer(InetSocketAddress bind, SelfServiceServlet servlet) {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 2);
        pool.setName("self-service");
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(bind.getAddress().getHostAddress());
        connector.setPort(bind.getPort());
        connector.setIdleTimeout(IDLE_MILLIS);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder("self-service", servlet), "/*");
        server.setHandler(context);
    }

    public SelfServiceServer start() throws Exception {
        server.start();
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
