package io.pptp2wg.admin.cli;

import io.dropwizard.core.cli.EnvironmentCommand;
import io.dropwizard.core.setup.Environment;
import io.pptp2wg.admin.AdminCore;
import io.pptp2wg.admin.Pptp2wgApplication;
import io.pptp2wg.admin.Pptp2wgConfiguration;
import io.pptp2wg.admin.core.BackendPeers;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code pptp2wg backend-peers config.yml}: prints the [Peer] blocks the backend WireGuard server's wg-quick
 * file needs in per-user mode (each user's public key and AllowedIPs = the user's tunnel address/32, and the gateway's
 * own key with AllowedIPs = the pool, for further devices of a user on borrowed addresses), creating
 * keys and addresses for users who have none yet, exactly as {@code GET /api/backend/peers} does. Set the
 * backend up once with it; a user who later moves to a native client keeps the same key and address.
 * The embedded database is locked while the gateway runs: then ask the gateway ({@code GET /api/backend/peers}).
 */
public final class BackendPeersCommand extends EnvironmentCommand<Pptp2wgConfiguration> {
    private final Pptp2wgApplication application;

    public BackendPeersCommand(Pptp2wgApplication application) {
        super(application, "backend-peers", "Prints the [Peer] blocks of every PPTP user for the backend's wg-quick file");
        this.application = application;
    }

    private String peers;

    /** Everything but the peer blocks (logs, Liquibase's progress) goes to stderr, so stdout can go to a file. */
    @Override
    protected void run(io.dropwizard.core.setup.Bootstrap<Pptp2wgConfiguration> bootstrap, Namespace namespace,
                       Pptp2wgConfiguration configuration) throws Exception {
        java.io.PrintStream stdout = System.out;
        System.setOut(System.err);
        try {
            super.run(bootstrap, namespace, configuration);
        } finally {
            System.setOut(stdout);
        }
        stdout.print(peers);
        stdout.flush();
    }

    @Override
    protected void run(Environment environment, Namespace namespace, Pptp2wgConfiguration configuration) {
        AdminCore admin = application.adminCore(); // built by the application's run(), without starting anything
        peers = BackendPeers.text(admin.users(), admin.storedIdentities(), admin.stickyAddresses(),
                admin.cutover(), admin.devices());
    }

    @Override
    public void onError(io.dropwizard.core.cli.Cli cli, Namespace namespace, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("already in use")) {
                cli.getStdErr().println("The embedded database is in use by the running gateway; ask it instead:\n"
                        + "  curl -H 'Authorization: Bearer TOKEN' http://127.0.0.1:8080/api/backend/peers");
                return;
            }
        }
        super.onError(cli, namespace, e);
    }
}
