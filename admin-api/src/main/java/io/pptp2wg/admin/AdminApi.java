package io.pptp2wg.admin;

import io.dropwizard.core.setup.Environment;
import io.pptp2wg.admin.auth.BearerTokenFilter;
import io.pptp2wg.admin.auth.ConsoleSessions;
import io.pptp2wg.admin.console.ConsoleFilter;
import io.pptp2wg.admin.core.CheckpointWriter;
import io.pptp2wg.admin.core.Checkpoints;
import io.pptp2wg.admin.core.DeviceReports;
import io.pptp2wg.admin.core.UserReports;
import io.pptp2wg.admin.health.JournalHealthCheck;
import io.pptp2wg.admin.health.ProbeHealthCheck;
import io.pptp2wg.admin.metrics.GatewayMetrics;
import io.pptp2wg.admin.metrics.GuessingMetrics;
import io.pptp2wg.admin.metrics.PrometheusServlet;
import io.pptp2wg.admin.metrics.PrometheusText;
import io.pptp2wg.admin.resources.AuditResource;
import io.pptp2wg.admin.resources.BackendResource;
import io.pptp2wg.admin.resources.ConsoleResource;
import io.pptp2wg.admin.resources.ConsoleSessionResource;
import io.pptp2wg.admin.resources.DevicesResource;
import io.pptp2wg.admin.resources.ReportsResource;
import io.pptp2wg.admin.resources.SessionsResource;
import io.pptp2wg.admin.resources.UsersResource;
import io.pptp2wg.session.HealthProbe;
import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;

/** The admin API on top of the running gateway: session events into the journal, /api, health, metrics. */
public final class AdminApi {
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    private AdminApi() {}

    public static UserReports serve(Pptp2wgConfiguration config, Environment environment, AdminCore core,
                                    Dataplane dataplane) {
        GatewayMetrics metrics = new GatewayMetrics(environment.metrics());
        dataplane.sessions().addListener(core.journal());
        dataplane.sessions().addListener(metrics);
        dataplane.sessions().addListener(core.users().sightings()); // pppd's radius plugin: a failed login's new name
        java.time.Duration every = config.storage().checkpointInterval();
        environment.lifecycle().manage(new CheckpointWriter(dataplane.sessions(), core.journal(),
                new Checkpoints(every, Checkpoints.tickFor(every)), core.clock()));

        DeviceReports devices = new DeviceReports(core.deviceDao(), core.events(), core.storedIdentities(),
                core.stickyAddresses(), core.rules());
        UserReports reports = new UserReports(core.users(), core.events(), core.stickyAddresses(),
                core.storedIdentities(), core.rules(), dataplane.sessions(), core.clock(), devices);

        var tokens = config.api().tokens();
        if (tokens.isEmpty() && config.api().admins().isEmpty()) {
            LOG.warn("no api.tokens and no api.admins in config.yml: every /api call is refused");
        }
        var jersey = environment.jersey();
        var refused = environment.metrics().counter("pptp2wg_api_refused_total");
        var consoleSessions = new ConsoleSessions(config.api().admins(), core.clock(), new SecureRandom());
        jersey.register(new BearerTokenFilter(tokens, consoleSessions, refused, core.apiTokens(),
                environment.metrics().counter("pptp2wg_api_throttled_total"), core.clock()));
        jersey.register(new ConsoleSessionResource(consoleSessions, core.audit(), refused));
        jersey.register(new SessionsResource(dataplane.sessions(), dataplane.handshakes(), core.storedIdentities(),
                reports, core.audit(), core.clock(), core.fleetSettings().node(),
                core.fleet().map(f -> new io.pptp2wg.admin.fleet.FleetSessions(f, core.events()))));
        core.fleet().ifPresent(f -> f.deliverTo(dataplane.sessions())); // disconnect requests from other nodes
        jersey.register(new UsersResource(core.users(), reports, core.storedIdentities(), core.stickyAddresses(),
                core.cutover(), core.audit(), core.clock(), core.limiter()));
        jersey.register(new DevicesResource(core.users(), core.deviceCutovers(), core.audit()));
        jersey.register(new ReportsResource(reports, core.rules(), core.clock()));
        jersey.register(new BackendResource(core.nativeHandshakes(), core.users(), core.storedIdentities(),
                core.stickyAddresses(), core.cutover(), core.audit(), core.devices()));
        jersey.register(new AuditResource(core.audit()));
        jersey.register(new ConsoleResource(reports, core.users(), core.events(), core.rules(), dataplane.sessions(),
                core.clock()));
        // the console's files are served by the assets bundles (Pptp2wgApplication.initialize); its headers here
        environment.servlets().addFilter("console", new ConsoleFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");

        environment.healthChecks().register("journal", new JournalHealthCheck(core.journal()));
        for (HealthProbe p : dataplane.probes()) {
            environment.healthChecks().register(p.name(), new ProbeHealthCheck(p));
        }
        Supplier<List<PrometheusText.Family>> users = GatewayMetrics.users(reports);
        List<Supplier<List<PrometheusText.Family>>> families = new ArrayList<>(List.of(
                metrics.sessions(dataplane.sessions()),
                core.fleet().map(f -> io.pptp2wg.admin.metrics.FleetMetrics.once(f, users)).orElse(users),
                GatewayMetrics.handshakes(dataplane.handshakes(), core.nativeHandshakes()),
                GatewayMetrics.journal(core.journal()),
                GuessingMetrics.of(core.limiter())));
        families.addAll(dataplane.metrics());
        core.fleet().ifPresent(f -> families.add(io.pptp2wg.admin.metrics.FleetMetrics.totals(f,
                new io.pptp2wg.admin.fleet.FleetSessions(f, core.events()), dataplane.sessions())));
        PrometheusServlet prometheus = core.fleet().isEmpty()
                ? new PrometheusServlet(environment.metrics(), families)
                : new PrometheusServlet(environment.metrics(), families, core.fleetSettings().node(),
                        io.pptp2wg.admin.metrics.FleetMetrics.FLEET_WIDE::contains);
        environment.admin().addServlet("prometheus", prometheus).addMapping("/prometheus");
        return reports;
    }
}
