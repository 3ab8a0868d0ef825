package io.pptp2wg.admin;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.migrations.MigrationsBundle;
import io.pptp2wg.admin.cli.BackendPeersCommand;
import io.pptp2wg.admin.cli.CheckCommand;
import io.pptp2wg.admin.core.DropInSettings;
import io.pptp2wg.admin.core.GatewayAndBridge;
import io.pptp2wg.admin.core.SecretsReloader;
import io.pptp2wg.admin.db.Schema;
import io.pptp2wg.admin.health.SettingsHealthCheck;
import io.pptp2wg.admin.tasks.ReloadOnHangup;
import io.pptp2wg.admin.tasks.ReloadSecretsTask;
import io.pptp2wg.config.ConfigProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.pptp2wg.admin.core.UserCutovers;
import io.pptp2wg.admin.selfservice.CallerIdentification;
import io.pptp2wg.admin.selfservice.SelfService;
import io.pptp2wg.admin.selfservice.SelfServiceServlet;
import io.pptp2wg.bridge.relay.LocalService;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * The pptp2wg process: reads the old pptpd host's files and the WireGuard side, then runs the gateway,
 * the bridge and the admin API. {@code run()} only wires; each part lives in its own module.
 */
public class Pptp2wgApplication extends Application<Pptp2wgConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(Pptp2wgApplication.class);
    private volatile AdminCore adminCore;

    public static void main(String[] args) throws Exception {
        new Pptp2wgApplication().run(args);
    }

    @Override
    public String getName() {
        return "pptp2wg";
    }

    @Override
    protected void addDefaultCommands(Bootstrap<Pptp2wgConfiguration> bootstrap) {
        bootstrap.addCommand(new ServerCommand<>(this));
        bootstrap.addCommand(new CheckCommand(this));
        bootstrap.addCommand(new BackendPeersCommand(this));
    }

    @Override
    public void initialize(Bootstrap<Pptp2wgConfiguration> bootstrap) {
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        // the migration console (src/main/resources/console) and the chart library's WebJar, on the application port
        bootstrap.addBundle(new AssetsBundle("/console", "/console", "index.html", "console"));
        bootstrap.addBundle(new AssetsBundle("/META-INF/resources/webjars", "/webjars", null, "webjars"));
        bootstrap.addBundle(new MigrationsBundle<>() {
            @Override
            public DataSourceFactory getDataSourceFactory(Pptp2wgConfiguration configuration) {
                return configuration.database();
            }

            @Override
            public String getMigrationsFileName() {
                return Schema.MIGRATIONS;
            }
        });
    }

    @Override
    public void run(Pptp2wgConfiguration configuration, Environment environment) {
        LocalhostByDefault.apply(configuration.getServerFactory());
        DropInSettings settings = DropInSettings.load(configuration); // refuses to start on any error
        for (ConfigProblem p : settings.notes()) {
            // a warning (e.g. weak authentication methods allowed by the options file) is a WARN line, once at start
            if (p.severity() == ConfigProblem.Severity.WARNING) {
                LOG.warn("config: {}", p);
            } else {
                LOG.info("config: {}", p);
            }
        }
        SecretsReloader reloader = new SecretsReloader(configuration.pptpd().toPaths(), settings);
        environment.lifecycle().manage(reloader);
        environment.admin().addTask(new ReloadSecretsTask(reloader));
        ReloadOnHangup.install(reloader); // systemctl reload pptp2wg
        environment.healthChecks().register("config", new SettingsHealthCheck(reloader::current));

        // the database, the users, their WireGuard identities and sticky addresses, the login policy
        AdminCore admin = AdminCore.start(configuration, environment, reloader, clock(), new SecureRandom());
        this.adminCore = admin;
        // the PPTP gateway and the WireGuard bridge, given admin.loginPolicy(), admin.addresses(), admin.identities()
        Dataplane dataplane = dataplane(configuration, environment, reloader, admin);
        AdminApi.serve(configuration, environment, admin, dataplane);
    }

    /**
     * Builds and registers (as a managed object) the PPTP gateway and the WireGuard bridge between it and the
     * backend. The admin API tests replace it with an in-memory gateway.
     */
    protected Dataplane dataplane(Pptp2wgConfiguration configuration, Environment environment,
                                  SecretsReloader reloader, AdminCore admin) {
        GatewayAndBridge dataplane = new GatewayAndBridge(reloader.current(), admin, configuration.pptpd().dhcp(),
                configuration.pptpd().maxSessionsPerUser(), configuration.floods().build());
        reloader.addListener(dataplane.gateway()::updateUsers);
        dataplane.gateway().radius().options(configuration.pptpd().radius().build());
        if (configuration.storage().loginStoredBeforeIpcp()) {
            dataplane.gateway().setLoginRecorder(admin.journal()); // a login is committed before the client's IPCP opens
        }
        environment.lifecycle().manage(dataplane);
        if (configuration.selfService().enabled()) {
            environment.lifecycle().manage(selfService(configuration, reloader, admin, dataplane));
        }
        return dataplane.asDataplane();
    }

    /** The self-service page on the gateway's tunnel address (pptpd's localip), started after the data plane. */
    private static SelfService selfService(Pptp2wgConfiguration configuration, SecretsReloader reloader, AdminCore admin,
                                           GatewayAndBridge dataplane) {
        SelfServiceFactory f = configuration.selfService();
        var gateway = reloader.current().gateway();
        LocalService service = new LocalService(gateway.localIp(), f.port());
        CallerIdentification who = new CallerIdentification(dataplane.gateway(), service.address(), f.port(), f.users());
        UserCutovers cutovers = new UserCutovers(admin.users(), admin.storedIdentities(), admin.stickyAddresses(),
                admin.cutover(), admin.audit(), admin.clock());
        SelfServiceServlet servlet = new SelfServiceServlet(who, cutovers, admin.users(), admin.rules(), admin.clock(),
                f.qr(), f.noticeDays(), new SecureRandom());
        return new SelfService(f.device(), service, gateway.ppp().mtu(), dataplane.gateway(), dataplane::relay, servlet);
    }

    /** The admin core that {@link #run} built (commands that need the database read it after run). */
    public AdminCore adminCore() {
        if (adminCore == null) {
            throw new IllegalStateException("run() has not built the admin core");
        }
        return adminCore;
    }

    /** The time for sunset dates, activity windows and the journal; tests move it. */
    protected Clock clock() {
        return Clock.systemUTC();
    }
}
