package io.pptp2wg.admin.core;

import io.dropwizard.lifecycle.Managed;
import io.pptp2wg.admin.AdminCore;
import io.pptp2wg.admin.Dataplane;
import io.pptp2wg.admin.DhcpFactory;
import io.pptp2wg.admin.metrics.PptpMetrics;
import io.pptp2wg.admin.metrics.RelayMetrics;
import io.pptp2wg.bridge.relay.Relay;
import io.pptp2wg.bridge.relay.RelaySettings;
import io.pptp2wg.gateway.GatewayOptions;
import io.pptp2wg.gateway.PppLinkFactory;
import io.pptp2wg.gateway.PptpGateway;
import io.pptp2wg.ppp.PppLinks;
import io.pptp2wg.session.HealthProbe;
import io.pptp2wg.session.WireGuardHandshakes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The data plane as one managed object: the PPTP gateway (TCP 1723 + raw GRE, on pptpd.conf's listen address)
 * and, once it runs, the relay into WireGuard on the gateway's event loops. Started after the database (the
 * login policy, sticky addresses and identities come from the admin core) and stopped before it.
 */
public final class GatewayAndBridge implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayAndBridge.class);

    private final DropInSettings settings;
    private final AdminCore admin;
    private final PptpGateway gateway;
    /** The gateway's monotonic clock, which the relay's decisions use too. */
    private final java.util.function.LongSupplier nanoClock;
    private volatile Relay relay;

    /** @param maxSessionsPerUser config.yml's {@code pptpd.maxSessionsPerUser}, 0 = no limit (as pptpd) */
    public GatewayAndBridge(DropInSettings settings, AdminCore admin, DhcpFactory dhcp, int maxSessionsPerUser,
                            io.pptp2wg.gateway.FloodLimits floods) {
        this.settings = settings;
        this.admin = admin;
        GatewayOptions options = GatewayOptions.of(settings.gateway(), pppLinks())
                .withPolicy(admin.loginPolicy())
                .withAddresses(admin.addresses())
                .withDhcp(dhcp.build(settings.gateway(), settings.wireguard()))
                .withMaxSessionsPerUser(maxSessionsPerUser)
                .withLimiter(admin.limiter())
                .withFloods(floods);
        this.nanoClock = options.nanoClock();
        this.gateway = new PptpGateway(options);
    }

    /** The PPP core's server links; with {@code debug} in the options file, pppd-like lines at DEBUG. */
    private static PppLinkFactory pppLinks() {
        Logger ppp = LoggerFactory.getLogger("io.pptp2wg.ppp.debug");
        return config -> config.options().debug()
                ? PppLinks.server(config, line -> ppp.debug("{} {}", config.client().publicAddress(), line))
                : PppLinks.server(config);
    }

    public PptpGateway gateway() {
        return gateway;
    }

    /** The relay once {@link #start} opened it (null before). */
    public Relay relay() {
        return relay;
    }

    @Override
    public void start() throws Exception {
        gateway.start(); // without CAP_NET_RAW this fails, saying how to grant it
        RelaySettings rs = RelaySettings.from(settings.wireguard(), settings.gateway());
        int port = settings.wireguard().listenPort().orElse(0);
        relay = Relay.open(rs, new InetSocketAddress(port), gateway.eventLoopGroup(), gateway, admin.identities(), nanoClock);
        gateway.setUplink(relay);
        LOG.info("WireGuard side: {} mode, UDP {}", rs.mode().configName(), relay.socket().localAddress());
    }

    @Override
    public void stop() {
        Relay r = relay;
        if (r != null) {
            r.close(); // first: its socket lives on the gateway's event loops, which stop with the gateway
        }
        gateway.stop(); // sessions end cleanly (LCP Terminate, Call-Disconnect-Notify, Stop-Control-Connection)
    }

    /** What the admin API reads: sessions, handshakes and the health of the listener, GRE socket and backend. */
    public Dataplane asDataplane() {
        WireGuardHandshakes handshakes = new WireGuardHandshakes() {
            @Override
            public Optional<Instant> lastHandshake(String user) {
                Relay r = relay;
                return r == null ? Optional.empty() : r.lastHandshake(user);
            }

            @Override
            public Optional<String> carryingKey(String user) {
                Relay r = relay;
                return r == null ? Optional.empty() : r.carryingKey(user);
            }

            @Override
            public Optional<String> carryingKey(io.pptp2wg.session.SessionInfo session) {
                Relay r = relay;
                return r == null ? Optional.empty() : r.carryingKey(session);
            }

            @Override
            public Optional<Instant> lastHandshake(io.pptp2wg.session.SessionInfo session) {
                Relay r = relay;
                return r == null ? Optional.empty() : r.lastHandshake(session);
            }

            @Override
            public long completed() {
                Relay r = relay;
                return r == null ? 0 : r.completed();
            }
        };
        HealthProbe pptp = probe("pptp", () -> {
            if (!gateway.listening()) {
                return HealthProbe.Status.unhealthy("PPTP control listener (TCP 1723) is not up");
            }
            if (!gateway.greSocketUp()) {
                return HealthProbe.Status.unhealthy("GRE raw socket is not up"
                        + gateway.greFailure().map(t -> ": " + t.getMessage()).orElse(""));
            }
            return HealthProbe.Status.healthy(gateway.stats().liveCalls() + " calls, " + gateway.stats().liveSessions() + " sessions");
        });
        HealthProbe backend = probe("wireguard-backend", () -> {
            Relay r = relay;
            return r == null ? HealthProbe.Status.unhealthy("the WireGuard socket is not open") : r.backendProbe().check();
        });
        return new Dataplane(gateway, handshakes, List.of(pptp, backend),
                List.of(PptpMetrics.of(gateway::stats), RelayMetrics.of(() -> relay), PptpMetrics.radius(() -> gateway.radius().auth()),
                        PptpMetrics.accounting(() -> gateway.radius().accounting()),
                        PptpMetrics.dynamicAuthorization(() -> gateway.radius().dynamicAuthorization())));
    }

    private static HealthProbe probe(String name, Supplier<HealthProbe.Status> check) {
        return new HealthProbe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Status check() {
                return check.get();
            }
        };
    }
}
