package io.pptp2wg.tests.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A VM running the real Linux PPTP client, Debian's pppd 2.4.9 + pptp-linux 1.10, against a server
 * on the namespace's bridge (default: the host side, 192.0.2.1, where the gateway listens). It runs
 * its scenarios one after the other in one boot, prints what happened, and powers off.
 *
 * <pre>{@code
 * try (Netns ns = Netns.create();
 *      PptpClientVm vm = PptpClientVm.builder(ns)
 *              .scenario(ClientScenario.named("stateless").ping(20))
 *              .scenario(ClientScenario.named("badpass").password("wrong"))
 *              .start()) {
 *     ClientRun run = vm.awaitEnd();
 *     SessionResult s = run.scenario("stateless").session(0);
 *     assertThat(s.up()).as(run.describe()).isTrue();
 *     assertThat(s.mppe()).isEqualTo("128-bit stateless");
 * }
 * }</pre>
 * Between scenarios the host can act: {@link #awaitHolding} (sessions up and held), {@link #release},
 * {@link #kill} (the VM vanishes without a goodbye: the dead-peer test).
 */
public final class PptpClientVm implements AutoCloseable {
    /** How often, and how far apart, a release is sent while the guest does not answer it. */
    private static final int RELEASE_SENDS = 10;
    private static final Duration RELEASE_ANSWER = Duration.ofSeconds(3);
    private final QemuVm vm;
    private final Duration lifetime;
    private final List<String> scenarioNames;

    private PptpClientVm(QemuVm vm, Duration lifetime, List<String> scenarioNames) {
        this.vm = vm;
        this.lifetime = lifetime;
        this.scenarioNames = scenarioNames;
    }

    public static Builder builder(Netns ns) {
        return new Builder(ns);
    }

    /** Boots, runs every scenario, and returns the results once the VM has powered off. */
    public static ClientRun run(Builder builder) {
        try (PptpClientVm vm = builder.start()) {
            return vm.awaitEnd();
        }
    }

    /** The console log: every line the guest printed (pppd logs of failed sessions included). */
    public Path consoleLog() {
        return vm.console().logFile();
    }

    public String name() {
        return vm.name();
    }

    /** Seconds from qemu's start to the guest's /init; waits for it (bounded). */
    public double awaitBoot(Duration timeout) {
        return vm.await(0, l -> l.startsWith("HARNESS init"), timeout)
                .map(l -> vm.secondsSinceStart(l.nanos()))
                .orElseThrow(() -> new LabException("the client VM did not reach /init within " + timeout + "\n" + describe()));
    }

    /**
     * Waits until scenario {@code scenario} holds its sessions (they are up, pinged, measured); returns
     * the results so far. The scenario must have {@link ClientScenario#hold} or {@link ClientScenario#holdUntilReleased}.
     */
    public ClientRun awaitHolding(String scenario, Duration timeout) {
        requireScenario(scenario);
        String prefix = "RESULT " + scenario + " holding ";
        if (vm.await(0, l -> l.startsWith(prefix), timeout).isEmpty()) {
            throw new LabException("scenario " + scenario + " did not reach its hold within " + timeout + "\n" + describe());
        }
        return results();
    }

    /**
     * Waits until scenario {@code scenario} prints a {@code RESULT <scenario> <kind>} line (e.g. "ping": its
     * pings are done and its iperf3 starts); returns the line's text.
     */
    public String awaitResult(String scenario, String kind, Duration timeout) {
        requireScenario(scenario);
        String prefix = "RESULT " + scenario + " " + kind + " ";
        return vm.await(0, l -> l.startsWith(prefix), timeout).map(Console.Line::text).orElseThrow(() ->
                new LabException("no '" + prefix.strip() + "' line within " + timeout + "\n" + describe()));
    }

    /**
     * Ends scenario {@code scenario}'s {@link ClientScenario#holdUntilReleased hold} now. Once the scenario holds,
     * the line is sent again until the guest answers with its hold result: under an emulated CPU loaded by twenty
     * sessions, busybox's {@code read -t 1} can time out in the middle of the line and the guest then sees neither
     * half as the command (seen in a clean-clone CI run: "released=0" after the whole 300-s hold). A line sent before
     * the hold begins waits in the guest's tty and is read when it does.
     */
    public void release(String scenario) {
        requireScenario(scenario);
        String holding = "RESULT " + scenario + " holding ";
        String held = "RESULT " + scenario + " hold ";
        boolean holds = vm.console().lines().stream().anyMatch(l -> l.text().startsWith(holding));
        for (int sent = 0; sent < (holds ? RELEASE_SENDS : 1); sent++) {
            vm.console().send("release " + scenario); // lines for another scenario's hold are ignored by the guest
            if (holds && vm.await(0, l -> l.startsWith(held), RELEASE_ANSWER).isPresent()) {
                return;
            }
        }
    }

    /** Kills the VM (SIGKILL to qemu): no LCP Terminate, no Call-Clear, no TCP FIN: the peer just goes silent. */
    public void kill() {
        vm.kill();
    }

    public boolean isAlive() {
        return vm.isAlive();
    }

    /** The results so far (the VM may still be running). */
    public ClientRun results() {
        List<Console.Line> lines = vm.console().lines();
        Optional<Console.Line> init = lines.stream().filter(l -> l.text().startsWith("HARNESS init")).findFirst();
        Optional<Console.Line> end = lines.stream().filter(l -> l.text().startsWith("END ")).findFirst();
        double boot = init.map(l -> vm.secondsSinceStart(l.nanos())).orElse(Double.NaN);
        double total = vm.secondsSinceStart(end.map(Console.Line::nanos).orElse(System.nanoTime()));
        return ClientRunParser.parse(vm.name(), lines.stream().map(Console.Line::text).toList(), boot, total, consoleLog());
    }

    /** Waits for the END line (every scenario done), bounded by the VM's lifetime. */
    public ClientRun awaitEnd() {
        return awaitEnd(lifetime.plusSeconds(15));
    }

    /** Waits for the END line and for qemu to exit; throws with the console's tail when it does not come. */
    public ClientRun awaitEnd(Duration timeout) {
        if (vm.await(0, l -> l.startsWith("END "), timeout).isEmpty()) {
            boolean exited = vm.awaitExit(Duration.ofSeconds(2)) != -1;
            throw new LabException((exited ? "the client VM exited without finishing"
                    : "the client VM did not finish within " + timeout) + "\n" + describe());
        }
        vm.awaitExit(Duration.ofSeconds(10));
        return results();
    }

    /** For failure messages: where the logs are and the console's last lines. */
    public String describe() {
        return vm.describe(60);
    }

    private void requireScenario(String scenario) {
        if (!scenarioNames.contains(scenario)) {
            throw new IllegalArgumentException("no scenario " + scenario + " in " + scenarioNames);
        }
    }

    @Override
    public void close() {
        vm.close();
    }

    @Override
    public String toString() {
        return "client " + vm;
    }

    /** What the client VM does; the defaults fit a gateway listening on the namespace's 192.0.2.1. */
    public static final class Builder {
        private final Netns ns;
        private final List<ClientScenario> scenarios = new ArrayList<>();
        private String name;
        private String ip;
        private String server;
        private String hostname;
        private Integer memoryMb;
        private Duration lifetime;

        private Builder(Netns ns) {
            this.ns = ns;
        }

        /** 1-10 of [a-z0-9]; default c1, c2... */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * The VM's eth0. Default: 192.0.2.20/24 for a namespace's first client VM, .21 for the second...;
         * their per-session source addresses ({@link ClientScenario.Control#PER_SESSION}) start at
         * 192.0.2.100, .130, .160... (30 each) unless a scenario sets {@link ClientScenario#bindBase}.
         * The defaults repeat after five VMs: at most five client VMs of one namespace at the same time.
         */
        public Builder ip(String cidr) {
            this.ip = DocumentationAddresses.require("client ip", cidr);
            return this;
        }

        /** The PPTP server (default: the namespace's bridge address, 192.0.2.1). */
        public Builder server(String address) {
            this.server = DocumentationAddresses.require("server", address);
            return this;
        }

        /** The guest's host name (pptp-linux itself sends "local" in Start-Control-Connection-Request). */
        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        /** Default 256 MiB + 4 MiB per session of the largest scenario. */
        public Builder memoryMb(int mb) {
            this.memoryMb = mb;
            return this;
        }

        /** When the guest powers itself off whatever happens (default: the scenarios' budget + 60 s). */
        public Builder lifetime(Duration lifetime) {
            this.lifetime = lifetime;
            return this;
        }

        public Builder scenario(ClientScenario scenario) {
            if (scenarios.stream().anyMatch(s -> s.name().equals(scenario.name()))) {
                throw new IllegalArgumentException("two scenarios named " + scenario.name());
            }
            scenarios.add(scenario);
            return this;
        }

        /** Boots the VM; it starts with the first scenario as soon as it is up. */
        public PptpClientVm start() {
            if (scenarios.isEmpty()) {
                throw new IllegalStateException("a client VM needs at least one scenario");
            }
            String vmName = name != null ? name : "c" + Lab.nextSequence();
            int budget = 60 + scenarios.stream().mapToInt(ClientScenario::budgetSeconds).sum();
            Duration life = lifetime != null ? lifetime : Duration.ofSeconds(budget);
            int maxSessions = scenarios.stream().mapToInt(ClientScenario::sessions).max().orElse(1);
            // client VM k of a namespace (slot k mod 5): eth0 192.0.2.(20+slot), per-session sources
            // from 192.0.2.(100+30*slot); up to five client VMs can run at the same time
            int k = ns.nextClientIndex() % 5;
            GuestConfig harness = new GuestConfig()
                    .set("role", "client")
                    .set("ip", ip != null ? ip : "192.0.2." + (20 + k) + "/24")
                    .set("bind_base", "192.0.2." + (100 + 30 * k))
                    .set("server", server != null ? server : ns.bridgeAddress())
                    .set("lifetime", life.toSeconds())
                    .setIfPresent("hostname", hostname);
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("etc/harness.conf", harness.toShell());
            for (int i = 0; i < scenarios.size(); i++) {
                files.put(String.format("etc/scenario/%02d.conf", i + 1), scenarios.get(i).keys().toShell());
            }
            QemuVm vm = QemuVm.boot(ns, vmName, harness.get("ip"), memoryMb != null ? memoryMb : 256 + 4 * maxSessions, files);
            return new PptpClientVm(vm, life, scenarios.stream().map(ClientScenario::name).toList());
        }

        /** {@link #start()}, wait for the end, close: the results. */
        public ClientRun run() {
            return PptpClientVm.run(this);
        }
    }
}
