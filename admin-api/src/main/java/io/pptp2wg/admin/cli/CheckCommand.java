package io.pptp2wg.admin.cli;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.pptp2wg.admin.Pptp2wgConfiguration;
import io.pptp2wg.admin.core.DropInSettings;
import io.pptp2wg.config.ConfigException;
import io.pptp2wg.config.ConfigProblem;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code pptp2wg check config.yml}: validates config.yml and every file it points to (pptpd.conf, the
 * options file, chap-secrets, pap-secrets, UCI, wg.conf). Prints each problem as {@code FILE:LINE: problem}
 * and exits non-zero on an error. Replaces Dropwizard's own {@code check}, which sees only config.yml.
 */
public final class CheckCommand extends ConfiguredCommand<Pptp2wgConfiguration> {
    private final Application<Pptp2wgConfiguration> application;

    public CheckCommand(Application<Pptp2wgConfiguration> application) {
        super("check", "Checks config.yml and every pptpd, pppd, secrets and WireGuard file it names");
        this.application = application;
    }

    @Override
    protected Class<Pptp2wgConfiguration> getConfigurationClass() {
        return application.getConfigurationClass();
    }

    @Override
    protected void run(Bootstrap<Pptp2wgConfiguration> bootstrap, Namespace namespace, Pptp2wgConfiguration configuration) {
        DropInSettings settings = DropInSettings.load(configuration); // throws with every error listed
        for (ConfigProblem p : settings.notes()) {
            System.out.println(p);
        }
        var g = settings.gateway();
        // the avpairs' names and values, against the dictionary the RADIUS client uses (throws with FILE:LINE)
        g.radius().ifPresent(r -> io.pptp2wg.radius.AvPairs.resolveOrThrow(r.plugin().avpairs(),
                new org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary()));
        String who = g.radius().map(r -> "users from RADIUS " + r.authServers().stream()
                        .map(io.pptp2wg.config.radius.RadiusServer::hostPort).toList() + " (radius_timeout " + r.timeoutSeconds()
                        + " s x radius_retries " + r.retries() + ", at most " + r.worstCaseSeconds() + " s per login)")
                .orElse(g.users().userNames().size() + " users");
        System.out.println("OK: " + who + ", authentication "
                + String.join(", ", g.ppp().auth().stream().map(a -> a.displayName()).toList())
                + (g.ppp().auth().contains(io.pptp2wg.config.ppp.AuthProtocol.PAP) && g.ppp().auth().size() > 1
                        && g.radius().isEmpty() && !g.users().hasPapEntries() ? " (PAP not offered: no pap-secrets entry, as with pppd)" : "")
                + ", MPPE " + g.ppp().mppe() + ", WireGuard mode " + settings.wireguard().mode().configName());
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof ConfigException ce) {
            for (ConfigProblem p : ce.problems()) {
                cli.getStdErr().println(p);
            }
            cli.getStdErr().println("check failed: " + ce.problems().size() + " error(s)");
        } else {
            super.onError(cli, namespace, e);
        }
    }
}
