package io.pptp2wg.tests.lab;

import com.wireguard.crypto.KeyPair;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway as operators run it, {@code java -jar admin-api/target/pptp2wg.jar server config.yml},
 * inside a lab namespace ({@code ip netns exec}), on files the builder writes into a fresh directory:
 * config.yml, pptpd.conf, the pppd options file, chap-secrets, pap-secrets, wg.conf. Started, it has
 * answered on its admin port's /healthcheck. It can be stopped (SIGTERM), killed (SIGKILL) and
 * restarted on the same files and data directory.
 *
 * <pre>{@code
 * try (Netns ns = Netns.create();
 *      GatewayProcess gw = GatewayProcess.builder(ns).user("alice", "pw").start()) {
 *     HttpResponse h = gw.http("GET", "/healthcheck", null);
 *     ... PptpClientVm against ns.bridgeAddress() ...
 *     gw.kill(); gw.restart();                        // same data directory
 * }
 * }</pre>
 * Defaults: listens on the namespace's bridge address (192.0.2.1), localip 198.51.100.1, remoteip
 * 198.51.100.100-199, MS-CHAPv2 + MPPE-128, user test/test, admin API on 127.0.0.1:8080 and
 * 127.0.0.1:8081 inside the namespace, per-user WireGuard mode with generated keys and a backend
 * peer at 192.0.2.2:51820 (AllowedIPs 203.0.113.0/24) that exists only when a test starts one.
 */
public final class GatewayProcess implements AutoCloseable {
    /** pptpd's usual options file, as the example has it (documentation addresses). */
    public static final List<String> DEFAULT_OPTIONS = List.of("name pptpd", "refuse-pap", "refuse-chap",
            "refuse-mschap", "require-mschap-v2", "require-mppe-128", "ms-dns 198.51.100.53", "lcp-echo-interval 10",
            "lcp-echo-failure 3", "mtu 1400", "mru 1400");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(?<![0-9.])(\\d{1,3}(?:\\.\\d{1,3}){3})(?![0-9])");
    private static final int CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ on x86-64

    private final Netns ns;
    private final Path dir;
    private final Path config;
    private final int appPort;
    private final int adminPort;
    private final String apiToken;
    private final List<String> jvmArgs;
    private final Duration startTimeout;
    private LabProcess process;
    private int starts;
    private double startSeconds;

    private GatewayProcess(Netns ns, Path dir, Path config, int appPort, int adminPort, String apiToken,
                           List<String> jvmArgs, Duration startTimeout) {
        this.ns = ns;
        this.dir = dir;
        this.config = config;
        this.appPort = appPort;
        this.adminPort = adminPort;
        this.apiToken = apiToken;
        this.jvmArgs = jvmArgs;
        this.startTimeout = startTimeout;
    }

    /** admin-api/target/pptp2wg.jar of this checkout. */
    public static Path jar() {
        return Lab.projectRoot().resolve("admin-api/target/pptp2wg.jar");
    }

    public static Builder builder(Netns ns) {
        return new Builder(ns);
    }

    /** Starts the process and waits (bounded) until its admin port answers /healthcheck. */
    private void launch() {
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            throw new LabException("no " + jar + ": build it first (mvn verify packages admin-api before the tests module)");
        }
        if (process != null) {
            process.close(); // the previous run, already stopped or killed
        }
        starts++;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", jar.toString(), "server", config.toString()));
        long t0 = System.nanoTime();
        process = LabProcess.start("gateway-" + starts, dir.resolve("gateway-" + starts + ".log"), ns.wrap(cmd), dir);
        boolean answered = Wait.until(() -> !process.isAlive() || health().status() > 0, startTimeout, Duration.ofMillis(250));
        if (!process.isAlive()) {
            throw new LabException("the gateway exited (" + process.awaitExit(Duration.ofSeconds(5)) + ") while starting; "
                    + process.log() + ":\n" + process.logTail(60));
        }
        if (!answered) {
            String tail = process.logTail(60);
            process.kill();
            throw new LabException("the gateway's /healthcheck did not answer within " + startTimeout + "; "
                    + process.log() + ":\n" + tail);
        }
        startSeconds = (System.nanoTime() - t0) / 1e9;
    }

    /**
     * An HTTP request to the gateway, through curl inside the namespace: paths under /api go to the
     * application port (with the API token, when one was given), all others to the admin port
     * (/healthcheck, /metrics, /tasks/...). {@code body} (JSON unless a Content-Type header says otherwise) may be
     * null. Status 0: nothing answered.
     */
    public HttpResponse http(String method, String path, String body, String... headers) {
        int port = path.startsWith("/api") ? appPort : adminPort;
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-m", "10", "-X", method, "-w", "\n%{http_code}"));
        if (path.startsWith("/api") && apiToken != null) {
            cmd.addAll(List.of("-H", "Authorization: Bearer " + apiToken));
        }
        for (String h : headers) {
            cmd.addAll(List.of("-H", h));
        }
        if (body != null) {
            boolean typed = java.util.Arrays.stream(headers).anyMatch(h -> h.regionMatches(true, 0, "Content-Type:", 0, 13));
            if (!typed) {
                cmd.addAll(List.of("-H", "Content-Type: application/json"));
            }
            cmd.addAll(List.of("--data-binary", "@-"));
        }
        cmd.add("http://127.0.0.1:" + port + path);
        CommandResult r = Commands.run(Duration.ofSeconds(20), body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                ns.wrap(cmd));
        String out = r.stdout();
        int nl = out.lastIndexOf('\n');
        int status;
        try {
            status = Integer.parseInt(out.substring(nl + 1).strip());
        } catch (NumberFormatException e) {
            status = 0;
        }
        return new HttpResponse(status, nl < 0 ? "" : out.substring(0, nl));
    }

    /** GET /healthcheck on the admin port (status 200: every check healthy). */
    public HttpResponse health() {
        return http("GET", "/healthcheck", null);
    }

    /** Waits until /healthcheck says 200; false on timeout. */
    public boolean awaitHealthy(Duration timeout) {
        return Wait.until(() -> health().status() == 200, timeout, Duration.ofMillis(250));
    }

    /** SIGTERM (a clean shutdown), SIGKILL after 15 s; the exit code. */
    public int stop() {
        return process.stop(Duration.ofSeconds(15));
    }

    /** SIGKILL: nothing flushed, nothing said goodbye (the durability test). */
    public int kill() {
        return process.kill();
    }

    /** Stops the gateway if it runs, then starts it again on the same files and data directory. */
    public void restart() {
        if (process.isAlive()) {
            stop();
        }
        launch();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The current run's log (stdout and stderr); a restart starts a new one. */
    public Path log() {
        return process.log();
    }

    public String logText() {
        return process.logText();
    }

    /** Waits for a line of the current run's log matching {@code pattern}. */
    public boolean awaitLog(Pattern pattern, Duration timeout) {
        return process.awaitLog(pattern, timeout);
    }

    /** Seconds from the last start to /healthcheck answering. */
    public double startSeconds() {
        return startSeconds;
    }

    /** CPU seconds (user + system, all threads) the current process has used, from /proc. */
    public double cpuSeconds() {
        String[] f = procStat();
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS_PER_SECOND;
    }

    /**
     * CPU seconds (user + system) per thread name of the current process, from /proc/PID/task (names as the
     * kernel keeps them, 15 characters; threads of one name summed): where the CPU of {@link #cpuSeconds()} goes.
     */
    public Map<String, Double> threadCpuSeconds() {
        Map<String, Double> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid() + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip().replaceAll("[0-9]+$", "#");
                    String st = Files.readString(t.resolve("stat"));
                    String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
                    out.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS_PER_SECOND, Double::sum);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Resident set size in bytes, from /proc. */
    public long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** /proc/PID/stat fields after the command name: index 0 = state, 11 = utime, 12 = stime. */
    private String[] procStat() {
        try {
            String s = Files.readString(Path.of("/proc/" + pid() + "/stat"));
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory with config.yml and the files it names. */
    public Path workDir() {
        return dir;
    }

    public Path configFile() {
        return config;
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
        ns.disown(this);
        Cleanup.forget(this);
    }

    @Override
    public String toString() {
        return "gateway (" + (process == null ? "not started" : "pid " + process.pid()) + ", " + ns + ", " + dir + ")";
    }

    /** The gateway's files; every address in them must be a documentation (or loopback) address. */
    public static final class Builder {
        private final Netns ns;
        private String listen;
        private String localIp = "198.51.100.1";
        private String remoteIp = "198.51.100.100-199";
        private int connections = 100;
        private final List<String> pptpdConf = new ArrayList<>();
        private List<String> options = DEFAULT_OPTIONS;
        private final List<String> extraOptions = new ArrayList<>();
        private final List<String> chapSecrets = new ArrayList<>();
        private final List<String> papSecrets = new ArrayList<>();
        private String chapSecretsVerbatim;
        private String wgConf;
        private String backendPublicKey;
        private String backendEndpoint = "192.0.2.2:51820";
        private String backendAllowedIps = "203.0.113.0/24";
        private String mode = "per-user";
        private KeyPair wireGuardKeys;
        private Integer wireGuardMtu;
        private boolean preferStatefulMppe;
        private final List<String> pptpdYaml = new ArrayList<>();
        private final List<String> wireguardYaml = new ArrayList<>();
        private final List<String> topYaml = new ArrayList<>();
        private final Map<String, String> loggers = new LinkedHashMap<>();
        private String logLevel = "INFO";
        private int appPort = 8080;
        private int adminPort = 8081;
        private String apiToken;
        private final List<String> jvmArgs = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(90);

        private Builder(Netns ns) {
            this.ns = ns;
        }

        /** pptpd.conf's {@code listen} (default: the namespace's bridge address). */
        public Builder listen(String address) {
            this.listen = DocumentationAddresses.require("listen", address);
            return this;
        }

        public Builder localIp(String address) {
            this.localIp = DocumentationAddresses.require("localip", address);
            return this;
        }

        public Builder remoteIp(String range) {
            this.remoteIp = DocumentationAddresses.require("remoteip", range);
            return this;
        }

        public Builder connections(int n) {
            this.connections = n;
            return this;
        }

        /** Extra pptpd.conf lines, verbatim. */
        public Builder pptpdConf(String... lines) {
            pptpdConf.addAll(List.of(lines));
            return this;
        }

        /** The pppd options file, one option per line (replaces {@link #DEFAULT_OPTIONS}). */
        public Builder options(List<String> lines) {
            this.options = List.copyOf(lines);
            return this;
        }

        /** Lines added to the options file (e.g. {@code mppe-stateful}, {@code require-pap}). */
        public Builder addOptions(String... lines) {
            extraOptions.addAll(List.of(lines));
            return this;
        }

        /** A chap-secrets line: {@code "user" * "password" *}. Without any, the user is test/test. */
        public Builder user(String user, String password) {
            chapSecrets.add("\"" + user + "\"\t*\t\"" + password + "\"\t*");
            return this;
        }

        /** A chap-secrets line with the user's fixed address. */
        public Builder user(String user, String password, String address) {
            chapSecrets.add("\"" + user + "\"\t*\t\"" + password + "\"\t" + DocumentationAddresses.require("address", address));
            return this;
        }

        /** chap-secrets verbatim (replaces {@link #user}). */
        public Builder chapSecrets(String text) {
            this.chapSecretsVerbatim = text;
            return this;
        }

        /** A pap-secrets line (PAP users, as with pppd). */
        public Builder papUser(String user, String password) {
            papSecrets.add("\"" + user + "\"\t*\t\"" + password + "\"\t*");
            return this;
        }

        /** wg.conf verbatim (replaces the generated one). */
        public Builder wgConf(String text) {
            this.wgConf = text;
            return this;
        }

        /** The generated wg.conf's backend peer. */
        public Builder backend(String publicKeyBase64, String endpoint, String allowedIps) {
            this.backendPublicKey = publicKeyBase64;
            this.backendEndpoint = endpoint;
            this.backendAllowedIps = allowedIps;
            return this;
        }

        /** The generated wg.conf's [Interface] key (the one identity in shared mode); default: a new one. */
        public Builder wireGuardKeys(KeyPair keys) {
            this.wireGuardKeys = keys;
            return this;
        }

        /** The generated wg.conf's [Interface] MTU (default: none, wg-quick's 1420). */
        public Builder wireGuardMtu(int mtu) {
            this.wireGuardMtu = mtu;
            return this;
        }

        /** per-user (default) or shared. */
        public Builder mode(String mode) {
            this.mode = mode;
            return this;
        }

        public Builder preferStatefulMppe(boolean prefer) {
            this.preferStatefulMppe = prefer;
            return this;
        }

        /** Lines inside config.yml's {@code pptpd:} section (two-space indented for you). */
        public Builder pptpdYaml(String... lines) {
            pptpdYaml.addAll(List.of(lines));
            return this;
        }

        /** Lines inside config.yml's {@code wireguard:} section. */
        public Builder wireguardYaml(String... lines) {
            wireguardYaml.addAll(List.of(lines));
            return this;
        }

        /** Top-level config.yml lines, verbatim (a new section). */
        public Builder configYaml(String... lines) {
            topYaml.addAll(List.of(lines));
            return this;
        }

        public Builder logLevel(String level) {
            this.logLevel = level;
            return this;
        }

        /** e.g. {@code logger("io.pptp2wg", "DEBUG")}. */
        public Builder logger(String name, String level) {
            loggers.put(name, level);
            return this;
        }

        public Builder ports(int appPort, int adminPort) {
            this.appPort = appPort;
            this.adminPort = adminPort;
            return this;
        }

        /** Sent as {@code Authorization: Bearer} with every /api request of {@link #http}. */
        public Builder apiToken(String token) {
            this.apiToken = token;
            return this;
        }

        public Builder jvmArgs(String... args) {
            jvmArgs.addAll(List.of(args));
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Writes the files and starts the gateway; returns once /healthcheck answers. */
        public GatewayProcess start() {
            Path dir = Lab.newDir(ns.name() + "-gateway");
            try {
                Map<String, String> files = files(dir);
                for (Map.Entry<String, String> f : files.entrySet()) {
                    checkAddresses(f.getKey(), f.getValue());
                    Files.writeString(dir.resolve(f.getKey()), f.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            GatewayProcess gw = new GatewayProcess(ns, dir, dir.resolve("config.yml"), appPort, adminPort, apiToken,
                    List.copyOf(jvmArgs), startTimeout);
            ns.own(gw);
            Cleanup.register(gw);
            try {
                gw.launch();
            } catch (RuntimeException e) {
                gw.close();
                throw e;
            }
            return gw;
        }

        private Map<String, String> files(Path dir) {
            Map<String, String> f = new LinkedHashMap<>();
            List<String> conf = new ArrayList<>(List.of("option " + dir.resolve("options.pptpd"),
                    "listen " + (listen != null ? listen : ns.bridgeAddress()), "connections " + connections,
                    "localip " + localIp, "remoteip " + remoteIp));
            conf.addAll(pptpdConf);
            f.put("pptpd.conf", lines(conf));
            List<String> opts = new ArrayList<>(options);
            opts.addAll(extraOptions);
            f.put("options.pptpd", lines(opts));
            f.put("chap-secrets", chapSecretsVerbatim != null ? chapSecretsVerbatim
                    : lines(chapSecrets.isEmpty() ? List.of("\"test\"\t*\t\"test\"\t*") : chapSecrets));
            f.put("pap-secrets", lines(papSecrets));
            f.put("wg.conf", wgConf != null ? wgConf : generatedWgConf());
            f.put("config.yml", configYml(dir));
            return f;
        }

        private String generatedWgConf() {
            String backendKey = backendPublicKey != null ? backendPublicKey : new KeyPair().getPublicKey().toBase64();
            KeyPair keys = wireGuardKeys != null ? wireGuardKeys : new KeyPair();
            List<String> l = new ArrayList<>(List.of("[Interface]", "PrivateKey = " + keys.getPrivateKey().toBase64()));
            if (wireGuardMtu != null) {
                l.add("MTU = " + wireGuardMtu);
            }
            l.addAll(List.of("", "[Peer]", "PublicKey = " + backendKey, "Endpoint = " + backendEndpoint,
                    "AllowedIPs = " + backendAllowedIps, "PersistentKeepalive = 25"));
            return lines(l);
        }

        private String configYml(Path dir) {
            List<String> y = new ArrayList<>();
            y.add("pptpd:");
            y.add("  conf: " + dir.resolve("pptpd.conf"));
            y.add("  chapSecrets: " + dir.resolve("chap-secrets"));
            y.add("  papSecrets: " + dir.resolve("pap-secrets"));
            y.add("  preferStatefulMppe: " + preferStatefulMppe);
            pptpdYaml.forEach(l -> y.add("  " + l));
            y.add("wireguard:");
            y.add("  config: " + dir.resolve("wg.conf"));
            y.add("  mode: " + mode);
            wireguardYaml.forEach(l -> y.add("  " + l));
            y.add("dataDir: " + dir.resolve("data"));
            y.add("server:");
            y.add("  applicationConnectors:");
            y.add("    - type: http");
            y.add("      bindHost: 127.0.0.1");
            y.add("      port: " + appPort);
            y.add("  adminConnectors:");
            y.add("    - type: http");
            y.add("      bindHost: 127.0.0.1");
            y.add("      port: " + adminPort);
            y.add("logging:");
            y.add("  level: " + logLevel);
            if (!loggers.isEmpty()) {
                y.add("  loggers:");
                loggers.forEach((k, v) -> y.add("    " + k + ": " + v));
            }
            y.addAll(topYaml);
            return lines(y);
        }

        private static String lines(List<String> lines) {
            return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
        }

        /** Every dotted quad in a file the gateway reads is a documentation, loopback or wildcard address. */
        static void checkAddresses(String file, String text) {
            Matcher m = DOTTED_QUAD.matcher(text);
            while (m.find()) {
                String a = m.group(1);
                if (!a.startsWith("127.") && !a.equals("0.0.0.0") && !DocumentationAddresses.isDocumentation(a)) {
                    throw new IllegalArgumentException(file + " names " + a
                            + ": outside 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (network rule for tests)");
                }
            }
        }
    }
}
