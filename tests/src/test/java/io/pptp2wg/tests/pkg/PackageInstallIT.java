package io.pptp2wg.tests.pkg;

import com.wireguard.crypto.KeyPair;
import io.pptp2wg.tests.lab.ClientRun;
import io.pptp2wg.tests.lab.ClientScenario;
import io.pptp2wg.tests.lab.CommandResult;
import io.pptp2wg.tests.lab.Commands;
import io.pptp2wg.tests.lab.Lab;
import io.pptp2wg.tests.lab.LabException;
import io.pptp2wg.tests.lab.LabProcess;
import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.PptpClientVm;
import io.pptp2wg.tests.lab.RealPeerTest;
import io.pptp2wg.tests.lab.SessionResult;
import io.pptp2wg.tests.lab.Wait;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Debian package (packaging/target/pptp2wg_*_amd64.deb) as an operator meets it: installed with dpkg into a
 * throwaway Debian root that has no Java ({@link DebianRoot}), on an old pptpd host's files at their usual paths
 * (chap-secrets root:root 0600, as Debian's ppp ships it); {@code pptp2wg check} as root and as the pptp2wg user;
 * {@code pptp2wg server} as the pptp2wg user with CAP_NET_RAW alone (setpriv), in a lab namespace, where the real
 * pppd/pptp-linux client of the VM logs in and pings the gateway's tunnel address, and SIGHUP (the unit's reload)
 * re-reads the secrets; then an upgrade to a rebuilt package (same files, a higher version) keeps the WireGuard
 * identities; the same host turned into a radius plugin host (/etc/radiusclient/) passes {@code check}; and purge removes
 * /var/lib/pptp2wg and gives chap-secrets and the radius servers file back their modes. One VM boot, one login.
 */
@RealPeerTest
class PackageInstallIT {
    static final int PINGS = 3;
    static final String TUNNEL_ADDRESS = "198.51.100.1";
    /** The radius plugin host's server: never contacted (check only reads the files). */
    static final String RADIUS_SERVER = "192.0.2.9";
    static final String RADIUS_SECRET = "radius-host-secret-3f9a";

    @Test
    void installCheckServeUpgradePurge() throws Exception {
        long t0 = System.nanoTime();
        Path deb = packageFile();
        Path dir = Lab.newDir("package");
        // lintian (Debian's package checker) beside the rest: no errors (its warnings are printed)
        CompletableFuture<CommandResult> lintian = CompletableFuture.supplyAsync(() -> Commands.run(Duration.ofMinutes(15),
                null, List.of("lintian", "--fail-on", "error", "--tag-display-limit", "0", deb.toString())));
        try (DebianRoot root = DebianRoot.copyInto(dir)) {
            System.out.printf("[measure] throwaway root ready after %.1f s%n", (System.nanoTime() - t0) / 1e9);
            assertThat(root.sh("command -v java").ok()).as("the throwaway root has no Java").isFalse();
            placeOldHostFiles(root);
            Files.copy(deb, root.file("/tmp/pptp2wg.deb"));

            ok(root.sh("dpkg -i /tmp/pptp2wg.deb"), "dpkg -i");
            assertThat(stat(root, "/etc/ppp/chap-secrets")).isEqualTo("root:pptp2wg 640");
            assertThat(stat(root, "/etc/ppp/pap-secrets")).isEqualTo("root:pptp2wg 640");
            assertThat(stat(root, "/etc/radiusclient/servers")).isEqualTo("root:pptp2wg 640");
            assertThat(stat(root, "/var/lib/pptp2wg")).isEqualTo("pptp2wg:pptp2wg 700");
            assertThat(stat(root, "/etc/pptp2wg/config.yml")).isEqualTo("root:pptp2wg 640");
            ok(root.sh("dpkg -i /tmp/pptp2wg.deb"), "dpkg -i again (the maintainer scripts are idempotent)");
            verifyUnit(root, dir);
            writeWgConf(root);

            CommandResult check = root.sh("pptp2wg check");
            ok(check, "pptp2wg check");
            CommandResult userCheck = root.sh(asGatewayUser("pptp2wg check"));
            ok(userCheck, "pptp2wg check as user pptp2wg");

            try (Netns ns = Netns.create()) {
                String peersBefore = serveOneLogin(ns, root);
                assertThat(stat(root, "/var/lib/pptp2wg/identity.key")).isEqualTo("pptp2wg:pptp2wg 600");
                String keyBefore = sha256(root, "/var/lib/pptp2wg/identity.key");

                Path upgraded = rebuiltWithHigherVersion(deb, dir);
                Files.copy(upgraded, root.file("/tmp/pptp2wg-upgrade.deb"));
                ok(root.sh("dpkg -i /tmp/pptp2wg-upgrade.deb"), "upgrade");
                Files.delete(upgraded); // 75 MB
                assertThat(root.sh("dpkg-query -W -f='${Version}' pptp2wg").stdout()).endsWith("+upgrade");
                assertThat(sha256(root, "/var/lib/pptp2wg/identity.key")).as("identity.key kept").isEqualTo(keyBefore);
                assertThat(backendPeers(root)).as("the users' WireGuard identities kept").isEqualTo(peersBefore);
                radiusHostChecks(ns, root);
            }

            ok(root.sh("dpkg --purge pptp2wg"), "purge");
            assertThat(Files.exists(root.file("/var/lib/pptp2wg"))).as("purge removes /var/lib/pptp2wg").isFalse();
            assertThat(stat(root, "/etc/ppp/chap-secrets")).isEqualTo("root:root 600");
            assertThat(stat(root, "/etc/radiusclient/servers")).isEqualTo("root:root 600");
            assertThat(Files.exists(root.file("/usr/lib/pptp2wg"))).isFalse();
        }
        CommandResult lint = lintian.get(15, TimeUnit.MINUTES);
        System.out.println("[measure] lintian " + deb.getFileName() + " (" + Files.size(deb) / 1024 + " KiB):\n" + lint.stdout()
                + lint.stderr());
        assertThat(lint.exitCode()).as("lintian reports errors:\n" + lint.stdout()).isZero();
        System.out.printf("[measure] package test %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** The server as the unit runs it (user pptp2wg, CAP_NET_RAW alone); one real client logs in. The backend's peers. */
    private String serveOneLogin(Netns ns, DebianRoot root) {
        // before the server: the embedded database is the running server's alone (H2 locks its file)
        String peers = backendPeers(root); // every chap-secrets user has an identity now
        List<String> cmd = ns.wrap(root.command(asGatewayUser("exec pptp2wg server")));
        Path log = Lab.runDir().resolve(ns.name() + "-package-gateway.log");
        try (LabProcess gw = LabProcess.start("package-gateway", log, cmd)) {
            boolean healthy = Wait.until(() -> !gw.isAlive() || health(ns) == 200, Duration.ofSeconds(120), Duration.ofMillis(500));
            assertThat(healthy && gw.isAlive()).as("the packaged gateway answers /healthcheck\n" + gw.logTail(60)).isTrue();
            assertThat(gw.logText()).doesNotContain("CAP_NET_RAW is missing");
            String status = ns.exec("sh", "-c", "grep -E '^(Uid|CapEff|CapAmb)' /proc/" + gw.pid() + "/status").stdout();
            System.out.println("[package] gateway process " + status.replace('\n', ' '));
            assertThat(status).containsPattern("CapEff:\\s+0000000000002000"); // CAP_NET_RAW (13) alone

            ClientRun run = PptpClientVm.builder(ns).scenario(ClientScenario.named("package").ping(PINGS)).run();
            SessionResult s = run.scenario("package").session(0);
            assertThat(s.up()).as(run.describe() + "\n" + gw.logTail(40)).isTrue();
            assertThat(s.remoteAddress()).isEqualTo(TUNNEL_ADDRESS);
            assertThat(s.ping()).as(run.describe()).hasValueSatisfying(p -> assertThat(p.rx()).isEqualTo(PINGS));
            assertThat(gw.awaitLog(Pattern.compile("session up .*user=test "), Duration.ofSeconds(10))).isTrue();
            System.out.printf("[measure] package: client VM boot %.1f s, session up %.1f s after its start%n",
                    run.bootSeconds(), s.upSeconds());
            // systemctl reload = ExecReload=kill -HUP $MAINPID: the secrets are read again, the gateway stays up
            ok(Commands.run("kill", "-HUP", Long.toString(gw.pid())), "kill -HUP (systemctl reload)");
            assertThat(gw.awaitLog(Pattern.compile("SIGHUP: reloaded: 1 users"), Duration.ofSeconds(20)))
                    .as(gw.logTail(20)).isTrue();
            assertThat(health(ns)).as("still serving after SIGHUP").isEqualTo(200);
            gw.stop(Duration.ofSeconds(20));
            assertThat(backendPeers(root)).as("the same identities after the server ran").isEqualTo(peers);
            return peers;
        }
    }

    /**
     * systemd-analyze verify and security on the installed unit (its /usr/bin/pptp2wg pointed into the root: verify
     * checks that the commands exist).
     */
    private static void verifyUnit(DebianRoot root, Path dir) throws IOException {
        String unit = Files.readString(root.file("/lib/systemd/system/pptp2wg.service"))
                .replace("/usr/bin/pptp2wg", root.file("/usr/bin/pptp2wg").toString());
        Path copy = Files.createDirectories(dir.resolve("unit")).resolve("pptp2wg.service");
        Files.writeString(copy, unit);
        ok(Commands.run(Duration.ofSeconds(60), null, List.of("systemd-analyze", "verify", copy.toString())),
                "systemd-analyze verify");
        CommandResult security = Commands.run(Duration.ofSeconds(60), null,
                List.of("systemd-analyze", "security", "--offline=true", copy.toString()));
        String score = security.stdout().lines().filter(l -> l.contains("Overall exposure level")).findFirst().orElse("");
        System.out.println("[measure] systemd-analyze security: " + score.strip());
        assertThat(score).as(security.stdout()).containsPattern("level for pptp2wg.service: [0-2]\\.\\d");
    }

    private static String asGatewayUser(String command) {
        return "exec setpriv --reuid=pptp2wg --regid=pptp2wg --init-groups --no-new-privs --inh-caps=-all,+net_raw"
                + " --ambient-caps=-all,+net_raw --bounding-set=-all,+net_raw -- sh -c '" + command + "'";
    }

    private static int health(Netns ns) {
        CommandResult r = ns.exec(Duration.ofSeconds(15), "curl", "-s", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}",
                "http://127.0.0.1:8081/healthcheck");
        try {
            return Integer.parseInt(r.stdout().strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * A host whose pppd authenticates through the radius plugin: the same options file with {@code plugin radius.so} and
     * no {@code radius-config-file}, so /etc/radiusclient/radiusclient.conf and the servers file it names are read where
     * the plugin reads them; {@code pptp2wg check} as the gateway's user passes and shows the server but not its secret,
     * and {@code pptp2wg server} starts on them (the server is never reached: no login is tried).
     */
    private static void radiusHostChecks(Netns ns, DebianRoot root) throws IOException {
        Path options = root.file("/etc/ppp/pptpd-options");
        Files.writeString(options, Files.readString(options) + "plugin radius.so\n");
        CommandResult check = root.sh(asGatewayUser("pptp2wg check"));
        ok(check, "pptp2wg check of a radius plugin host, as user pptp2wg");
        assertThat(check.stdout()).contains("users from RADIUS [" + RADIUS_SERVER + ":1812]")
                .contains("not used for authentication, as with pppd");
        assertThat(check.stdout() + check.stderr()).doesNotContain(RADIUS_SECRET);
        List<String> cmd = ns.wrap(root.command(asGatewayUser("exec pptp2wg server")));
        try (LabProcess gw = LabProcess.start("package-radius-gateway", Lab.runDir().resolve(ns.name() + "-package-radius.log"), cmd)) {
            boolean healthy = Wait.until(() -> !gw.isAlive() || health(ns) == 200, Duration.ofSeconds(120), Duration.ofMillis(500));
            assertThat(healthy && gw.isAlive()).as("the radius plugin host's gateway answers /healthcheck\n" + gw.logTail(60)).isTrue();
            assertThat(gw.logText()).contains("not used for authentication, as with pppd").doesNotContain(RADIUS_SECRET);
            gw.stop(Duration.ofSeconds(20));
        }
    }

    /** An old pptpd host's files at their Debian paths, with their Debian owners and modes. */
    private static void placeOldHostFiles(DebianRoot root) throws IOException {
        Files.createDirectories(root.file("/etc/ppp"));
        Files.writeString(root.file("/etc/pptpd.conf"), String.join("\n", "option /etc/ppp/pptpd-options",
                "listen 192.0.2.1", "localip " + TUNNEL_ADDRESS, "remoteip 198.51.100.100-199", ""));
        Files.writeString(root.file("/etc/ppp/pptpd-options"), String.join("\n", "name pptpd", "refuse-pap", "refuse-chap",
                "refuse-mschap", "require-mschap-v2", "require-mppe-128", "ms-dns 198.51.100.53", "mtu 1400", "mru 1400", ""));
        Files.writeString(root.file("/etc/ppp/chap-secrets"), "# client\tserver\tsecret\tIP addresses\n\"test\"\t*\t\"test\"\t*\n");
        Files.writeString(root.file("/etc/ppp/pap-secrets"), "# client\tserver\tsecret\tIP addresses\n");
        // the radius plugin's files at the paths it reads by default (used once the options load it: radiusHostChecks)
        Files.createDirectories(root.file("/etc/radiusclient"));
        Files.writeString(root.file("/etc/radiusclient/radiusclient.conf"), String.join("\n", "auth_order\tradius",
                "authserver\t" + RADIUS_SERVER, "acctserver\t" + RADIUS_SERVER + ":1813", "servers\t/etc/radiusclient/servers",
                "dictionary\t/etc/radiusclient/dictionary", "seqfile\t/var/run/radius.seq", "radius_timeout\t3",
                "radius_retries\t2", ""));
        Files.writeString(root.file("/etc/radiusclient/servers"), RADIUS_SERVER + "\t" + RADIUS_SECRET + "\n");
        ok(root.sh("chown root:root /etc/ppp/chap-secrets /etc/ppp/pap-secrets /etc/radiusclient/servers"
                + " && chmod 0600 /etc/ppp/chap-secrets /etc/ppp/pap-secrets /etc/radiusclient/servers"
                + " && chmod 0644 /etc/pptpd.conf /etc/ppp/pptpd-options /etc/radiusclient/radiusclient.conf"), "old host's files");
    }

    /** What the admin writes after installing: the gateway's key, the backend (absent here: pings stay on the gateway). */
    private static void writeWgConf(DebianRoot root) throws IOException {
        String wg = String.join("\n", "[Interface]", "PrivateKey = " + new KeyPair().getPrivateKey().toBase64(), "",
                "[Peer]", "PublicKey = " + new KeyPair().getPublicKey().toBase64(), "Endpoint = 192.0.2.2:51820",
                "AllowedIPs = 203.0.113.0/24", "");
        Files.writeString(root.file("/etc/pptp2wg/wg.conf"), wg);
        ok(root.sh("chown root:pptp2wg /etc/pptp2wg/wg.conf && chmod 0640 /etc/pptp2wg/wg.conf"), "wg.conf");
    }

    private static String backendPeers(DebianRoot root) {
        CommandResult r = root.sh(asGatewayUser("pptp2wg backend-peers"));
        ok(r, "pptp2wg backend-peers");
        assertThat(r.stdout()).contains("[Peer]");
        return r.stdout();
    }

    /** The same package with version VERSION+upgrade: what an upgrade to the next build looks like to dpkg. */
    private static Path rebuiltWithHigherVersion(Path deb, Path dir) {
        Path tree = dir.resolve("upgrade-tree");
        Path out = dir.resolve("pptp2wg-upgrade.deb");
        ok(Commands.run(Duration.ofMinutes(3), null, List.of("dpkg-deb", "-R", deb.toString(), tree.toString())), "dpkg-deb -R");
        ok(Commands.run(Duration.ofSeconds(10), null, List.of("sed", "-i", "s/^Version: .*/&+upgrade/",
                tree.resolve("DEBIAN/control").toString())), "version");
        ok(Commands.run(Duration.ofMinutes(3), null, List.of("dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "--build",
                tree.toString(), out.toString())), "dpkg-deb --build");
        Commands.run(Duration.ofMinutes(1), null, List.of("rm", "-rf", tree.toString()));
        return out;
    }

    private static String stat(DebianRoot root, String path) {
        CommandResult r = root.sh("stat -c '%U:%G %a' " + path);
        ok(r, "stat " + path);
        return r.stdout().strip();
    }

    private static String sha256(DebianRoot root, String path) {
        CommandResult r = root.sh("sha256sum " + path);
        ok(r, "sha256sum " + path);
        return r.stdout().strip();
    }

    private static void ok(CommandResult r, String what) {
        if (!r.ok()) {
            throw new AssertionError(what + " failed (" + r.exitCode() + "):\n" + r.stdout() + r.stderr());
        }
        System.out.println("[package] " + what + ": ok" + (r.stdout().isBlank() ? "" : "\n" + indent(r.stdout())));
    }

    private static String indent(String text) {
        List<String> out = new ArrayList<>();
        text.lines().limit(40).forEach(l -> out.add("    " + l));
        return String.join("\n", out);
    }

    /** The newest packaging/target/pptp2wg_*_amd64.deb; the build makes it when dpkg-dev is installed. */
    static Path packageFile() throws IOException {
        Path target = Lab.projectRoot().resolve("packaging/target");
        if (Files.isDirectory(target)) {
            try (var files = Files.list(target)) {
                var found = files.filter(p -> p.getFileName().toString().matches("pptp2wg_.*_amd64\\.deb"))
                        .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()));
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new LabException("no packaging/target/pptp2wg_*_amd64.deb: build it (mvn package, with dpkg-dev installed:"
                + " tools/setup.sh), e.g. mvn -B -ntp -pl packaging,tests -am verify -Dit.test=PackageInstallIT");
    }
}
