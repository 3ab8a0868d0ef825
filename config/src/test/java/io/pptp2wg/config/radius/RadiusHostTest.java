package io.pptp2wg.config.radius;

import io.pptp2wg.config.ConfigProblem;
import io.pptp2wg.config.DropInLoader;
import io.pptp2wg.config.DropInPaths;
import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.config.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A host whose pppd authenticates through the radius plugin: options, radiusclient.conf and servers read as pppd does. */
class RadiusHostTest {
    private static final String SECRET_1 = "s3cr3t-one-NEVER-SHOWN";
    private static final String SECRET_2 = "s3cr3t-two-NEVER-SHOWN";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private DropInLoader.Loaded load(String options, String conf, String servers) throws IOException {
        write("servers", servers);
        write("radiusclient.conf", conf.replace("@DIR@", dir.toString()));
        Path opts = write("options.pptpd", options.replace("@DIR@", dir.toString()));
        Path pptpd = write("pptpd.conf", "option " + opts + "\nlocalip 192.0.2.1\nremoteip 192.0.2.10-20\n");
        return DropInLoader.load(new DropInPaths(Optional.of(pptpd), Optional.empty(), dir.resolve("chap-secrets-absent"),
                dir.resolve("pap-secrets-absent"), Optional.empty(), false));
    }

    private static final String OPTIONS = """
            name pptpd
            require-mschap-v2
            require-mppe-128
            plugin /usr/lib/pppd/2.4.9/radius.so
            radius-config-file @DIR@/radiusclient.conf
            avpair Service-Type=Framed-User
            plugin radattr.so
            """;

    private static final String CONF = """
            # as pppd's sample radiusclient.conf
            auth_order\tradius
            login_tries\t4
            login_timeout\t60
            nologin /etc/nologin
            issue\t/etc/radiusclient/issue
            authserver \t203.0.113.5:1645
            authserver radius2.example
            acctserver 203.0.113.5
            servers @DIR@/servers
            dictionary /etc/radiusclient/dictionary
            login_radius\t/usr/sbin/login.radius
            seqfile\t/var/run/radius.seq
            mapfile\t/etc/radiusclient/port-id-map
            default_realm
            radius_timeout\t4
            radius_retries\t2
            nas_identifier gw1
            bindaddr *
            login_local /bin/login
            """;

    private static final String SERVERS = "# server secret\n203.0.113.5\t" + SECRET_1 + "\nradius2.example " + SECRET_2 + "\n";

    @Test
    void pppdRadiusHostLoads() throws IOException {
        DropInLoader.Loaded loaded = load(OPTIONS, CONF, SERVERS);
        GatewaySettings s = loaded.orThrow();
        RadiusClientConf r = s.radius().orElseThrow();
        assertEquals(List.of("203.0.113.5:1645", "radius2.example:1812"), r.authServers().stream().map(RadiusServer::hostPort).toList());
        assertEquals(List.of("203.0.113.5:1813"), r.acctServers().stream().map(RadiusServer::hostPort).toList());
        assertEquals(SECRET_1, new String(r.authServers().get(0).secret().password()));
        assertEquals(SECRET_2, new String(r.authServers().get(1).secret().password()));
        assertEquals(4, r.timeoutSeconds());
        assertEquals(2, r.retries());
        assertEquals(Optional.of("gw1"), r.nasIdentifier());
        assertEquals(Optional.empty(), r.bindAddress());
        assertEquals(List.of(new AvPair("Service-Type", "Framed-User", dir.resolve("options.pptpd").toString(), 6)),
                r.plugin().avpairs());
        assertEquals(16, r.worstCaseSeconds());
        assertTrue(s.users().userNames().isEmpty(), "chap-secrets is not read with the radius plugin");
        List<String> notes = s.notes().stream().map(ConfigProblem::toString).toList();
        String opts = dir.resolve("options.pptpd").toString();
        assertHas(notes, opts + ":4: warning: plugin radius.so: every login is checked by RADIUS");
        assertHas(notes, opts + ":7: ignored: plugin radattr.so: radattr writes");
        String conf = dir.resolve("radiusclient.conf").toString();
        assertHas(notes, conf + ":13: ignored: seqfile: ");
        assertHas(notes, conf + ":11: ignored: dictionary: ");
        assertFalse(s.notes().stream().anyMatch(n -> n.severity() == ConfigProblem.Severity.ERROR));
        noSecretIn(loaded.problems());
        assertFalse(r.toString().contains(SECRET_1) || r.authServers().toString().contains(SECRET_1));
    }

    @Test
    void defaultsWhenOnlyTheServersAreGiven() throws IOException {
        GatewaySettings s = load("require-mschap-v2\nplugin radius.so\nradius-config-file @DIR@/radiusclient.conf\n",
                "authserver 203.0.113.5\nservers @DIR@/servers\n", SERVERS).orThrow();
        RadiusClientConf r = s.radius().orElseThrow();
        assertEquals(RadiusClientConf.DEFAULT_TIMEOUT_SECONDS, r.timeoutSeconds());
        assertEquals(RadiusClientConf.DEFAULT_RETRIES, r.retries());
        assertEquals(List.of(), r.acctServers());
    }

    @Test
    void theDefaultConfigFileIsPppds() {
        Problems problems = new Problems();
        var o = io.pptp2wg.config.ppp.PppOptionsParser.parse(Path.of("opts"), "plugin radius.so\n", problems);
        assertEquals(RadiusPlugin.DEFAULT_CONFIG_FILE, o.radius().orElseThrow().configFile());
        assertEquals(Path.of("/etc/radiusclient/radiusclient.conf"), RadiusPlugin.DEFAULT_CONFIG_FILE);
    }

    @Test
    void listFormOfServers() throws IOException {
        GatewaySettings s = load("plugin radius.so\nradius-config-file @DIR@/radiusclient.conf\n",
                "authserver 203.0.113.5:1812,radius2.example\nservers @DIR@/servers\n", SERVERS).orThrow();
        assertEquals(2, s.radius().orElseThrow().authServers().size());
    }

    @Test
    void missingSecretIsAnErrorAtTheServersLine() throws IOException {
        DropInLoader.Loaded loaded = load("plugin radius.so\nradius-config-file @DIR@/radiusclient.conf\n",
                "authserver 203.0.113.5\nauthserver 198.51.100.7:1812\nservers @DIR@/servers\n", SERVERS);
        assertTrue(loaded.settings().isEmpty());
        List<String> errors = loaded.problems().errors().stream().map(ConfigProblem::toString).toList();
        assertHas(errors, dir.resolve("radiusclient.conf") + ":2: no secret for server '198.51.100.7' in " + dir.resolve("servers"));
        noSecretIn(loaded.problems());
    }

    @Test
    void aServersPathThatCannotBeOneIsAnErrorAtItsLine() throws IOException {
        DropInLoader.Loaded loaded = load("plugin radius.so\nradius-config-file @DIR@/radiusclient.conf\n",
                "authserver 203.0.113.5\nservers @DIR@/ser\u0000vers\n", SERVERS); // a NUL: Path.of refuses it
        assertTrue(loaded.settings().isEmpty());
        List<String> errors = loaded.problems().errors().stream().map(ConfigProblem::toString).toList();
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(dir.resolve("radiusclient.conf") + ":2: 'servers' names no valid path")),
                errors.toString());
    }

    @Test
    void everyMistakeNamesFileAndLine() throws IOException {
        DropInLoader.Loaded loaded = load("""
                plugin radius.so
                radius-config-file @DIR@/radiusclient.conf
                avpair =nothing
                plugin radrealms.so
                """, """
                authserver 203.0.113.5:99999
                authserver host:1812:secret
                radius_timeout soon
                radius_retries 0
                servers @DIR@/servers
                nas_identifier
                frobnicate 1
                """, "203.0.113.5\n" + "radius2.example " + SECRET_2 + "\n");
        assertTrue(loaded.settings().isEmpty());
        List<String> all = loaded.problems().all().stream().map(ConfigProblem::toString).toList();
        String opts = dir.resolve("options.pptpd").toString();
        String conf = dir.resolve("radiusclient.conf").toString();
        String servers = dir.resolve("servers").toString();
        assertHas(all, opts + ":3: 'avpair' needs ATTRIBUTE=VALUE");
        assertHas(all, opts + ":4: 'plugin radrealms.so' cannot be loaded");
        assertHas(all, conf + ":1: '203.0.113.5:99999': the port must be");
        assertHas(all, conf + ":2: 'host:1812:secret' is not host[:port]");
        assertHas(all, conf + ":3: 'radius_timeout' needs a whole number");
        assertHas(all, conf + ":4: 'radius_retries' needs a whole number");
        assertHas(all, conf + ":6: 'nas_identifier' needs a value");
        assertHas(all, conf + ":7: warning: unknown radiusclient.conf keyword 'frobnicate'");
        assertHas(all, servers + ":1: an entry needs: host secret");
        noSecretIn(loaded.problems());
    }

    @Test
    void missingConfigFileIsAnErrorAtThePluginLine() throws IOException {
        Path opts = write("o", "require-mschap-v2\nplugin radius.so\nradius-config-file " + dir.resolve("nope") + "\n");
        Path pptpd = write("pptpd.conf", "option " + opts + "\nlocalip 192.0.2.1\nremoteip 192.0.2.10-20\n");
        DropInLoader.Loaded loaded = DropInLoader.load(new DropInPaths(Optional.of(pptpd), Optional.empty(),
                dir.resolve("c"), dir.resolve("p"), Optional.empty(), false));
        assertTrue(loaded.settings().isEmpty());
        assertHas(loaded.problems().errors().stream().map(ConfigProblem::toString).toList(),
                opts + ":2: 'plugin radius.so': cannot read " + dir.resolve("nope") + ": no such file");
    }

    @Test
    void radiusOptionsWithoutThePluginWarn() {
        Problems problems = new Problems();
        var o = io.pptp2wg.config.ppp.PppOptionsParser.parse(Path.of("opts"), "avpair Service-Type=Framed-User\n", problems);
        assertTrue(o.radius().isEmpty());
        assertHas(problems.all().stream().map(ConfigProblem::toString).toList(), "opts:1: warning: 'avpair' has no effect");
        assertNull(AvPair.parse("novalue", "f", 1));
    }

    private static void noSecretIn(Problems problems) {
        for (ConfigProblem p : problems.all()) {
            assertFalse(p.toString().contains(SECRET_1) || p.toString().contains(SECRET_2), "a secret leaked into: " + p);
        }
    }

    private static void assertHas(List<String> lines, String prefix) {
        assertTrue(lines.stream().anyMatch(e -> e.startsWith(prefix)), "missing '" + prefix + "' in\n" + String.join("\n", lines));
    }
}
