package io.pptp2wg.admin.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.pptp2wg.admin.Pptp2wgApplication;
import io.pptp2wg.admin.Pptp2wgConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pptp2wg check config.yml}: FILE:LINE: problem, non-zero exit, and never a secret in the output. */
class CheckCommandTest {
    private static final String SECRET = "Tr0ub4dor&3-never-print-me";
    private static final String WG = "[Interface]\nPrivateKey = dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=\n\n[Peer]\n"
            + "PublicKey = hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=\nEndpoint = 192.0.2.2:51820\nAllowedIPs = 203.0.113.0/24\n";

    @TempDir
    Path dir;

    private record Run(Optional<Throwable> failure, String out, String err) {}

    private Run check(String pptpdConf, String options, String chapSecrets) throws Exception {
        return check(pptpdConf, options, chapSecrets, "");
    }

    private Run check(String pptpdConf, String options, String chapSecrets, String moreYaml) throws Exception {
        Files.writeString(dir.resolve("pptpd.conf"), pptpdConf.replace("OPTIONS", dir.resolve("options").toString()));
        Files.writeString(dir.resolve("options"), options);
        Files.writeString(dir.resolve("chap-secrets"), chapSecrets);
        Files.writeString(dir.resolve("wg.conf"), WG);
        Path yml = dir.resolve("config.yml");
        Files.writeString(yml, "pptpd:\n  conf: " + dir.resolve("pptpd.conf") + "\n  chapSecrets: " + dir.resolve("chap-secrets")
                + "\n  papSecrets: " + dir.resolve("pap-secrets") + "\nwireguard:\n  config: " + dir.resolve("wg.conf")
                + "\ndataDir: " + dir.resolve("data") + "\nlogging:\n  level: WARN\n" + moreYaml);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Pptp2wgApplication app = new Pptp2wgApplication();
        Bootstrap<Pptp2wgConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        bootstrap.addCommand(new CheckCommand(app));
        Cli cli = new Cli(new JarLocation(Pptp2wgApplication.class), bootstrap,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        PrintStream stdout = System.out;
        Optional<Throwable> failure;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8)); // the command prints its report there
            failure = cli.run("check", yml.toString());
        } finally {
            System.setOut(stdout);
        }
        return new Run(failure, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void goodHostPasses() throws Exception {
        Run r = check("option OPTIONS\nlocalip 198.51.100.1\nremoteip 198.51.100.10-20\n",
                "name pptpd\nrequire-mschap-v2\nrequire-mppe-128\nproxyarp\n",
                "alice pptpd \"" + SECRET + "\" *\n");
        assertTrue(r.failure().isEmpty(), r.err());
        assertTrue(r.out().contains("OK: 1 users, authentication MS-CHAPv2, MPPE 128-bit stateless"), r.out());
        assertTrue(r.out().contains("options:4: ignored: proxyarp"), r.out());
        assertFalse((r.out() + r.err()).contains(SECRET));
    }

    @Test
    void mistakeIsReportedAsFileLineAndFails() throws Exception {
        Run r = check("option OPTIONS\nlocalip 198.51.100.1\nremoteip 198.51.100.10-20\n",
                "name pptpd\nrequire-mschap-v2\nrequire-mppe-128\nlcp-echo-interval soon\n",
                "alice pptpd \"" + SECRET + "\" 198.51.100.999\n");
        assertTrue(r.failure().isPresent(), "check must fail");
        assertTrue(r.err().contains(dir.resolve("options") + ":4: 'lcp-echo-interval' needs a whole number"), r.err());
        assertTrue(r.err().contains(dir.resolve("chap-secrets") + ":1: '198.51.100.999' is not an IPv4 address"), r.err());
        assertFalse((r.out() + r.err()).contains(SECRET), "a secret appeared in the output");
    }

    @Test
    void guessingLimitsOutOfOrderAreRefusedByName() throws Exception {
        Run r = check("option OPTIONS\nlocalip 198.51.100.1\nremoteip 198.51.100.10-20\n",
                "name pptpd\nrequire-mschap-v2\nrequire-mppe-128\n", "alice pptpd \"" + SECRET + "\" *\n",
                "guessing:\n  initialBackoff: 2 minutes\n  maxBackoff: 1 minute\nfloods:\n  connectionsPerSource: -1\n");
        assertTrue(r.failure().isPresent(), "check must fail");
        assertTrue(r.err().contains("guessing.backoffOrdered"), r.err());
        assertTrue(r.err().contains("floods.connectionsPerSource"), r.err());
    }

    @Test
    void radiusHostPassesAndShowsItsServersButNoSecret() throws Exception {
        Files.writeString(dir.resolve("servers"), "203.0.113.5 " + SECRET + "\n");
        Files.writeString(dir.resolve("radiusclient.conf"), "auth_order radius\nauthserver 203.0.113.5\nservers "
                + dir.resolve("servers") + "\ndictionary /etc/radiusclient/dictionary\nseqfile /var/run/radius.seq\n"
                + "radius_timeout 5\nradius_retries 2\n");
        Run r = check("option OPTIONS\nlocalip 198.51.100.1\nremoteip 198.51.100.10-20\n",
                "name pptpd\nrequire-mschap-v2\nrequire-mppe-128\nplugin radius.so\nradius-config-file "
                        + dir.resolve("radiusclient.conf") + "\navpair Service-Type=Framed-User\n", "");
        assertTrue(r.failure().isEmpty(), r.err());
        assertTrue(r.out().contains("OK: users from RADIUS [203.0.113.5:1812] (radius_timeout 5 s x radius_retries 2, at most 10 s"
                + " per login), authentication MS-CHAPv2"), r.out());
        assertTrue(r.out().contains("are not used for authentication, as with pppd"), r.out());
        assertFalse((r.out() + r.err()).contains(SECRET));
    }

    @Test
    void radiusAvpairThatCannotBeSentFailsCheck() throws Exception {
        Files.writeString(dir.resolve("servers"), "203.0.113.5 " + SECRET + "\n");
        Files.writeString(dir.resolve("radiusclient.conf"), "authserver 203.0.113.5\nservers " + dir.resolve("servers") + "\n");
        Run r = check("option OPTIONS\nlocalip 198.51.100.1\nremoteip 198.51.100.10-20\n",
                "require-mschap-v2\nplugin radius.so\nradius-config-file " + dir.resolve("radiusclient.conf")
                        + "\navpair Service-Type=Bogus-User\n", "");
        assertTrue(r.failure().isPresent(), "check must fail");
        assertTrue(r.err().contains(dir.resolve("options") + ":4: avpair: 'Bogus-User' is not a value of Service-Type"), r.err());
    }
}
