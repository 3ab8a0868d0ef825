package io.pptp2wg.tests.wg;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A network namespace this test creates and deletes. The JVM itself stays in its own namespace: code that must
 * open a socket inside this one runs on a short-lived thread that joined it with setns(2) (a socket belongs to the
 * namespace of the thread that created it, whoever uses it later).
 */
final class NetNamespace implements AutoCloseable {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    final String name;

    NetNamespace(String name) {
        this.name = name;
        Sh.ok("ip", "netns", "add", name);
        Sh.ok("ip", "-n", name, "link", "set", "lo", "up");
        // no IPv6: only the documentation IPv4 ranges exist here, and captures stay quiet
        Sh.ok("ip", "netns", "exec", name, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1");
    }

    /** ip ... inside this namespace. */
    String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return Sh.ok(cmd.toArray(String[]::new));
    }

    /** A command inside this namespace (ip netns exec). */
    String exec(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(args));
        return Sh.ok(cmd.toArray(String[]::new));
    }

    List<String> execCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A veth pair from this namespace to {@code other}, with one documentation address on each end. */
    static void veth(NetNamespace a, String aIf, String aAddr, NetNamespace b, String bIf, String bAddr) {
        a.ip("link", "add", aIf, "type", "veth", "peer", "name", bIf, "netns", b.name);
        a.ip("addr", "add", aAddr, "dev", aIf);
        b.ip("addr", "add", bAddr, "dev", bIf);
        a.ip("link", "set", aIf, "up");
        b.ip("link", "set", bIf, "up");
    }

    /** Runs {@code task} on a new thread that has joined this namespace; returns its result. */
    <T> T call(Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("netns-" + name).start(() -> {
            try {
                enter();
                result.set(task.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join();
        if (failure.get() != null) {
            throw new IllegalStateException("in netns " + name, failure.get());
        }
        return result.get();
    }

    private void enter() throws Throwable {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        MethodHandle open = linker.downcallHandle(libc.find("open").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle setns = linker.downcallHandle(libc.find("setns").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MethodHandle close = linker.downcallHandle(libc.find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom("/var/run/netns/" + name);
            int fd = (int) open.invokeExact(path, O_RDONLY_CLOEXEC);
            if (fd < 0) {
                throw new IllegalStateException("open /var/run/netns/" + name + " failed");
            }
            int rc = (int) setns.invokeExact(fd, CLONE_NEWNET);
            int ignored = (int) close.invokeExact(fd);
            if (rc != 0) {
                throw new IllegalStateException("setns(" + name + ") failed (root needed)");
            }
        }
    }

    @Override
    public void close() {
        Sh.run(30, List.of("ip", "netns", "del", name));
    }
}
