package io.pptp2wg.tests.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network namespace made for one test: a bridge {@code br0} holding the host side's address (default
 * 192.0.2.1/24, where the gateway listens), VMs plugged into it by TAP devices, no default route and
 * no link to the outside. Every address given is checked against the documentation ranges. Deleted on
 * {@link #close()}, together with the processes started through it.
 *
 * <pre>{@code
 * try (Netns ns = Netns.create()) {
 *     ns.exec("ip", "-br", "addr").orThrow();          // runs inside the namespace
 *     LabProcess iperf = ns.start("iperf3", "iperf3", "-s", "-B", "192.0.2.1");
 *     ServerSocket s = ns.call(() -> new ServerSocket(...)); // a socket inside the namespace
 * }
 * }</pre>
 */
public final class Netns implements AutoCloseable {
    /** The bridge inside every lab namespace. */
    public static final String BRIDGE = "br0";
    /** The host side's default address on the bridge: where the gateway listens. */
    public static final String DEFAULT_BRIDGE_CIDR = "192.0.2.1/24";

    private static final Pattern OURS = Pattern.compile("^p2w-(\\d+)-\\d+$");
    private static boolean staleSwept;

    private final String name;
    private final String bridgeCidr;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final AtomicInteger interfaces = new AtomicInteger();
    private final AtomicInteger clients = new AtomicInteger();
    private ExecutorService inside;
    private boolean closed;

    private Netns(String name, String bridgeCidr) {
        this.name = name;
        this.bridgeCidr = bridgeCidr;
    }

    /** A namespace with {@code br0} at 192.0.2.1/24. */
    public static Netns create() {
        return create(DEFAULT_BRIDGE_CIDR);
    }

    /** A namespace with {@code br0} at {@code bridgeCidr} (a documentation address). */
    public static Netns create(String bridgeCidr) {
        DocumentationAddresses.require("bridge address", bridgeCidr);
        return create(bridgeCidr, true);
    }

    /**
     * A namespace with only {@code lo} (no bridge): for a peer plugged into another namespace's bridge
     * ({@link #plugIntoBridge}), such as a {@link WireGuardBackend}.
     */
    public static Netns createStandalone() {
        return create(null, false);
    }

    private static Netns create(String bridgeCidr, boolean bridge) {
        sweepStale();
        Netns ns = new Netns("p2w-" + ProcessHandle.current().pid() + "-" + Lab.nextSequence(), bridgeCidr);
        Commands.run("ip", "netns", "add", ns.name).orThrow();
        Cleanup.register(ns);
        try {
            // no IPv6 at all: nothing but the test's own traffic in its captures
            ns.exec("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1").orThrow();
            ns.ip("link", "set", "lo", "up");
            if (bridge) {
                ns.ip("link", "add", BRIDGE, "type", "bridge", "stp_state", "0", "forward_delay", "0");
                ns.ip("addr", "add", bridgeCidr, "dev", BRIDGE);
                ns.ip("link", "set", BRIDGE, "up");
            }
            ns.assertNoDefaultRoute();
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** The host side's address on the bridge, without prefix (e.g. 192.0.2.1). */
    public String bridgeAddress() {
        if (bridgeCidr == null) {
            throw new IllegalStateException(name + " has no bridge");
        }
        return DocumentationAddresses.hostOf(bridgeCidr);
    }

    /** Adds {@code cidr} to the bridge (e.g. a second listen address for the gateway). */
    public void addBridgeAddress(String cidr) {
        addAddress(BRIDGE, cidr);
    }

    public void addAddress(String device, String cidr) {
        ip("addr", "add", DocumentationAddresses.require("address", cidr), "dev", device);
    }

    /** A route to a documentation network through a documentation gateway; a default route is refused. */
    public void addRoute(String destinationCidr, String via) {
        if (destinationCidr.startsWith("default") || destinationCidr.startsWith("0.0.0.0")) {
            throw new IllegalArgumentException("a lab namespace never gets a default route");
        }
        ip("route", "add", DocumentationAddresses.require("route", destinationCidr), "via",
                DocumentationAddresses.require("gateway", via));
        assertNoDefaultRoute();
    }

    /** A veth pair from this namespace to {@code other}, both ends up with the given addresses. */
    public Veth linkTo(Netns other, String ourCidr, String theirCidr) {
        DocumentationAddresses.require("address", ourCidr);
        DocumentationAddresses.require("address", theirCidr);
        int n = interfaces.incrementAndGet();
        String ours = "veth" + n + "a";
        String theirs = "veth" + n + "b";
        Commands.run("ip", "-n", name, "link", "add", ours, "type", "veth", "peer", "name", theirs,
                "netns", other.name).orThrow();
        addAddress(ours, ourCidr);
        other.addAddress(theirs, theirCidr);
        ip("link", "set", ours, "up");
        other.ip("link", "set", theirs, "up");
        return new Veth(this, ours, ourCidr, other, theirs, theirCidr);
    }

    /**
     * A veth pair whose end here is a port of this namespace's bridge (no address: the other side is one
     * more host on the bridge's LAN, like a VM's TAP) and whose end in {@code other} has {@code theirCidr}.
     */
    public Veth plugIntoBridge(Netns other, String theirCidr) {
        DocumentationAddresses.require("address", theirCidr);
        if (bridgeCidr == null) {
            throw new IllegalStateException(name + " has no bridge");
        }
        int n = interfaces.incrementAndGet();
        String ours = "vport" + n;
        String theirs = "vup" + n;
        Commands.run("ip", "-n", name, "link", "add", ours, "type", "veth", "peer", "name", theirs,
                "netns", other.name).orThrow();
        ip("link", "set", ours, "master", BRIDGE);
        ip("link", "set", ours, "up");
        other.addAddress(theirs, theirCidr);
        other.ip("link", "set", theirs, "up");
        return new Veth(this, ours, bridgeCidr, other, theirs, theirCidr);
    }

    /** Throws unless the namespace has no IPv4 and no IPv6 default route (the network rule). */
    public void assertNoDefaultRoute() {
        String v4 = Commands.run("ip", "-n", name, "-4", "route", "show", "default").orThrow().stdout();
        String v6 = Commands.run("ip", "-n", name, "-6", "route", "show", "default").stdout();
        if (!v4.isBlank() || !v6.isBlank()) {
            throw new LabException("netns " + name + " has a default route (" + (v4 + v6).strip() + "): refused");
        }
    }

    /** {@code ip -n NAME args...}, which must succeed. */
    public CommandResult ip(String... args) {
        List<String> c = new ArrayList<>(List.of("ip", "-n", name));
        c.addAll(List.of(args));
        return Commands.run(Commands.DEFAULT_TIMEOUT, null, c).orThrow();
    }

    /** {@code command} prefixed with {@code ip netns exec NAME}. */
    public List<String> wrap(List<String> command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", name));
        c.addAll(command);
        return c;
    }

    /** Runs a short command inside the namespace (60 s at most). */
    public CommandResult exec(String... command) {
        return exec(Commands.DEFAULT_TIMEOUT, command);
    }

    public CommandResult exec(Duration timeout, String... command) {
        return Commands.run(timeout, null, wrap(List.of(command)));
    }

    /** Starts a long-lived command inside the namespace; its log is in the lab directory; stopped on close. */
    public LabProcess start(String label, String... command) {
        Path log = Lab.runDir().resolve(name + "-" + label + "-" + Lab.nextSequence() + ".log");
        LabProcess p = LabProcess.start(label, log, wrap(List.of(command)));
        synchronized (owned) {
            owned.add(p);
        }
        return p;
    }

    /** 0 for the first client VM of this namespace, then 1, 2... (its default addresses follow from it). */
    int nextClientIndex() {
        return clients.getAndIncrement();
    }

    /** Closes {@code resource} before the namespace is deleted (a VM, the gateway, a capture). */
    void own(AutoCloseable resource) {
        synchronized (owned) {
            owned.add(resource);
        }
    }

    void disown(AutoCloseable resource) {
        synchronized (owned) {
            owned.remove(resource);
        }
    }

    /**
     * Runs {@code task} on a thread that lives inside this namespace: sockets it opens (Java NIO, Netty,
     * an FFM raw socket) belong to the namespace and keep working from any thread. Bounded by {@code timeout}.
     */
    public <T> T call(Duration timeout, Callable<T> task) throws Exception {
        ExecutorService ex;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(name + " is closed");
            }
            if (inside == null) {
                inside = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(() -> {
                        SetNs.enter(name);
                        r.run();
                    }, "netns-" + name);
                    t.setDaemon(true);
                    return t;
                });
            }
            ex = inside;
        }
        try {
            return ex.submit(task).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new LabException("task inside " + name + " did not finish within " + timeout, e);
        }
    }

    public <T> T call(Callable<T> task) throws Exception {
        return call(Duration.ofMinutes(5), task);
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (inside != null) {
                inside.shutdownNow();
            }
        }
        synchronized (owned) {
            toClose = new ArrayList<>(owned.reversed());
            owned.clear();
        }
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("[lab] closing " + c + ": " + e);
            }
        }
        CommandResult del = Commands.run("ip", "netns", "del", name);
        if (!del.ok() && !del.stderr().contains("No such file")) {
            System.err.println("[lab] ip netns del " + name + ": " + del.stderr().strip());
        }
        Cleanup.forget(this);
    }

    @Override
    public String toString() {
        return "netns " + name;
    }

    /** Deletes namespaces left by lab JVMs that died without cleaning up (their PID is in the name). */
    private static synchronized void sweepStale() {
        if (staleSwept) {
            return;
        }
        staleSwept = true;
        for (String line : Commands.run("ip", "netns", "list").stdout().lines().toList()) {
            String ns = line.split("\\s+")[0];
            Matcher m = OURS.matcher(ns);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                System.err.println("[lab] deleting stale namespace " + ns);
                Commands.run("ip", "netns", "del", ns);
            }
        }
    }

    /** One veth pair between two lab namespaces. */
    public record Veth(Netns a, String aDevice, String aCidr, Netns b, String bDevice, String bCidr) {
        public String aAddress() {
            return DocumentationAddresses.hostOf(aCidr);
        }

        public String bAddress() {
            return DocumentationAddresses.hostOf(bCidr);
        }
    }
}
