package io.pptp2wg.tests.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The legacy server the gateway replaces, for comparison and for checking our own PPTP client
 * stacks: Debian's pptpd 1.4.0 + pppd 2.4.9 in a VM on the namespace's bridge (default
 * 192.0.2.10/24), PPP addresses 198.51.100.1 (local) and 198.51.100.100-199 (pool), iperf3 servers on
 * ports 5201-5204 of every address. Its syslog (pptpd, pptpctrl, pppd with debug) streams to the console.
 * <p>
 * Known pptpd behaviour: one call per control connection (a second Outgoing-Call-Request on the same
 * connection is refused), and every call on one connection would get the same remote address.
 *
 * <pre>{@code
 * try (Netns ns = Netns.create();
 *      ReferencePptpdVm pptpd = ReferencePptpdVm.builder(ns).user("test", "test").start()) {
 *     ClientRun run = PptpClientVm.builder(ns).server(pptpd.address())
 *             .scenario(ClientScenario.named("ref").ping(5)).run();
 * }
 * }</pre>
 */
public final class ReferencePptpdVm implements AutoCloseable {
    /** pppd options file lines: pptpd's usual MS-CHAPv2 + MPPE-128 server. */
    public static final List<String> DEFAULT_OPTIONS = List.of("refuse-pap", "refuse-chap", "refuse-mschap",
            "require-mschap-v2", "require-mppe-128", "nodefaultroute", "nobsdcomp", "nodeflate", "mtu 1400",
            "mru 1400", "lcp-echo-interval 30", "lcp-echo-failure 4");
    private static final String SLOG = "SLOG| ";

    private final QemuVm vm;
    private final String address;
    private final String localIp;
    private final double readySeconds;

    private ReferencePptpdVm(QemuVm vm, String address, String localIp, double readySeconds) {
        this.vm = vm;
        this.address = address;
        this.localIp = localIp;
        this.readySeconds = readySeconds;
    }

    public static Builder builder(Netns ns) {
        return new Builder(ns);
    }

    /** Where pptpd listens (TCP 1723, GRE). */
    public String address() {
        return address;
    }

    /** The server's PPP address (pptpd's localip): the ping and iperf3 target through a tunnel. */
    public String localIp() {
        return localIp;
    }

    /** Seconds from qemu's start to pptpd listening. */
    public double readySeconds() {
        return readySeconds;
    }

    public Path consoleLog() {
        return vm.console().logFile();
    }

    /** The server's syslog so far (pptpd, pptpctrl, pppd debug lines). */
    public List<String> serverLog() {
        return vm.console().texts().stream().filter(l -> l.startsWith(SLOG)).map(l -> l.substring(SLOG.length())).toList();
    }

    /** Waits for a server syslog line matching {@code pattern}; false on timeout. */
    public boolean awaitServerLog(Pattern pattern, Duration timeout) {
        return vm.await(0, l -> l.startsWith(SLOG) && pattern.matcher(l).find(), timeout).isPresent();
    }

    /** SIGKILL: the server vanishes without a goodbye. */
    public void kill() {
        vm.kill();
    }

    public String describe() {
        return vm.describe(60);
    }

    @Override
    public void close() {
        vm.close();
    }

    @Override
    public String toString() {
        return "pptpd " + vm;
    }

    public static final class Builder {
        private final Netns ns;
        private String name = "pptpd";
        private String ip = "192.0.2.10/24";
        private String localIp = "198.51.100.1";
        private String remoteIp = "198.51.100.100-199";
        private String serverName = "pptpd";
        private int connections = 100;
        private final List<String> chapSecrets = new ArrayList<>();
        private String chapSecretsVerbatim;
        private String papSecrets;
        private List<String> options = DEFAULT_OPTIONS;
        private final List<String> pptpdConf = new ArrayList<>();
        private int iperfServers = 4;
        private int memoryMb = 384;
        private Duration lifetime = Duration.ofMinutes(30);
        private boolean pptpdDebug;
        private Duration readyTimeout = Duration.ofSeconds(90);

        private Builder(Netns ns) {
            this.ns = ns;
        }

        /** 1-10 of [a-z0-9]; default pptpd. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder ip(String cidr) {
            this.ip = DocumentationAddresses.require("pptpd ip", cidr);
            return this;
        }

        public Builder localIp(String address) {
            this.localIp = DocumentationAddresses.require("localip", address);
            return this;
        }

        /** pptpd's remoteip, e.g. 198.51.100.100-199 (pptpd refuses calls once it is used up). */
        public Builder remoteIp(String range) {
            this.remoteIp = DocumentationAddresses.require("remoteip", range);
            return this;
        }

        /** pppd's {@code name} (the server column of chap-secrets); default pptpd. */
        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        public Builder connections(int n) {
            this.connections = n;
            return this;
        }

        /** A chap-secrets line for {@code user} (any address). Without any, the user is test/test. */
        public Builder user(String user, String password) {
            chapSecrets.add("\"" + user + "\" " + serverName + " \"" + password + "\" *");
            return this;
        }

        /** chap-secrets verbatim (replaces {@link #user}). */
        public Builder chapSecrets(String text) {
            this.chapSecretsVerbatim = text;
            return this;
        }

        /** pap-secrets verbatim (PAP needs it, with {@code require-pap} or {@code auth} alone in the options). */
        public Builder papSecrets(String text) {
            this.papSecrets = text;
            return this;
        }

        /** The pppd options file, one option per line (replaces {@link #DEFAULT_OPTIONS}). */
        public Builder options(List<String> lines) {
            this.options = List.copyOf(lines);
            return this;
        }

        /** Extra pptpd.conf lines (e.g. {@code stimeout 10}). */
        public Builder pptpdConf(String... lines) {
            pptpdConf.addAll(List.of(lines));
            return this;
        }

        public Builder iperfServers(int n) {
            this.iperfServers = n;
            return this;
        }

        public Builder memoryMb(int mb) {
            this.memoryMb = mb;
            return this;
        }

        /** The VM powers itself off after this (default 30 min). */
        public Builder lifetime(Duration lifetime) {
            this.lifetime = lifetime;
            return this;
        }

        /** pptpd -d: its control-connection debug lines in the log. */
        public Builder pptpdDebug() {
            this.pptpdDebug = true;
            return this;
        }

        /** Boots the VM and waits (bounded) until pptpd listens. */
        public ReferencePptpdVm start() {
            String secrets = chapSecretsVerbatim != null ? chapSecretsVerbatim
                    : chapSecrets.isEmpty() ? "\"test\" " + serverName + " \"test\" *" : String.join("\n", chapSecrets);
            GuestConfig conf = new GuestConfig()
                    .set("role", "server")
                    .set("ip", ip)
                    .set("lifetime", lifetime.toSeconds())
                    .set("hostname", "pptpd")
                    .set("localip", localIp)
                    .set("remoteip", remoteIp)
                    .set("srvname", serverName)
                    .set("connections", connections)
                    .set("chap_secrets", secrets)
                    .setIfPresent("pap_secrets", papSecrets)
                    .set("srv_options", String.join("\n", options))
                    .set("iperf_servers", iperfServers);
            if (!pptpdConf.isEmpty()) {
                conf.set("pptpd_extra", String.join("\n", pptpdConf));
            }
            if (pptpdDebug) {
                conf.set("pptpd_debug", 1);
            }
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("etc/harness.conf", conf.toShell());
            QemuVm vm = QemuVm.boot(ns, name, ip, memoryMb, files);
            try {
                Console.Line ready = vm.await(0, l -> l.startsWith("READY "), readyTimeout)
                        .orElseThrow(() -> new LabException("pptpd VM not ready within " + readyTimeout + "\n" + vm.describe(40)));
                if (!ready.text().contains("status=ok")) {
                    throw new LabException("pptpd VM failed: " + ready.text() + "\n" + vm.describe(60));
                }
                return new ReferencePptpdVm(vm, DocumentationAddresses.hostOf(ip), localIp, vm.secondsSinceStart(ready.nanos()));
            } catch (RuntimeException e) {
                vm.close();
                throw e;
            }
        }
    }
}
