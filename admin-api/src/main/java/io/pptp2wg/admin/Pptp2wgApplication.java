package io.pptp2wg.admin;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.migrations.MigrationsBundle;
import io.pptp2wg.admin.cli.CheckCommand;
import io.pptp2wg.admin.core.DropInSettings;
import io.pptp2wg.admin.core.PptpGatewayManaged;
import io.pptp2wg.admin.core.SecretsReloader;
import io.pptp2wg.admin.health.PptpHealthCheck;
import io.pptp2wg.admin.health.SettingsHealthCheck;
import io.pptp2wg.admin.tasks.ReloadSecretsTask;
import io.pptp2wg.config.ConfigProblem;
import io.pptp2wg.gateway.PppLinkFactory;
import io.pptp2wg.gateway.PptpGateway;
import io.pptp2wg.ppp.PppLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pptp2wg process: reads the old pptpd host's files and the WireGuard side, then runs the gateway,
 * the bridge and the admin API. {@code run()} only wires; each part lives in its own module.
 */
public class Pptp2wgApplication extends Application<Pptp2wgConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(Pptp2wgApplication.class);

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
    }

    @Override
    public void initialize(Bootstrap<Pptp2wgConfiguration> bootstrap) {
        bootstrap.addBundle(new MigrationsBundle<>() {
            @Override
            public DataSourceFactory getDataSourceFactory(Pptp2wgConfiguration configuration) {
                return configuration.database();
            }
        });
    }

    @Override
    public void run(Pptp2wgConfiguration configuration, Environment environment) {
        DropInSettings settings = DropInSettings.load(configuration); // refuses to start on any error
        for (ConfigProblem p : settings.notes()) {
            LOG.info("config: {}", p);
        }
        SecretsReloader reloader = new SecretsReloader(configuration.pptpd().toPaths(), settings);
        environment.lifecycle().manage(reloader);
        environment.admin().addTask(new ReloadSecretsTask(reloader));
        environment.healthChecks().register("config", new SettingsHealthCheck(reloader::current));

        // the PPTP side: TCP 1723 + raw GRE on pptpd.conf's listen; new logins see reloaded secrets at once,
        // removed users' sessions are ended ("removed from chap-secrets"), the others are untouched
        PptpGateway gateway = new PptpGateway(PptpGateway.Options.of(settings.gateway(), pppLinks()));
        reloader.addListener(gateway::updateUsers);
        environment.lifecycle().manage(new PptpGatewayManaged(gateway));
        environment.healthChecks().register("pptp", new PptpHealthCheck(gateway));
    }

    /** The PPP core's server links; with {@code debug} in the options file, pppd-like lines at DEBUG. */
    private static PppLinkFactory pppLinks() {
        Logger ppp = LoggerFactory.getLogger("io.pptp2wg.ppp.debug");
        return config -> config.options().debug()
                ? PppLinks.server(config, line -> ppp.debug("{} {}", config.client().publicAddress(), line))
                : PppLinks.server(config);
    }
}
