import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Gives another process's UDP sockets bigger buffers: wireguard-go 0.0.20220316 never sets SO_RCVBUF, and the
 * kernel default (208 KiB) overflows near 1 Gbit/s; net.core.rmem_default is host-wide and read-only inside a
 * child namespace. So: borrow each UDP socket of PID with pidfd_getfd(2) and set SO_RCVBUFFORCE/SO_SNDBUFFORCE
 * on it (root). Run after the interface is up (wireguard-go re-creates its sockets then).
 *
 *   java --enable-native-access=ALL-UNNAMED SockBuf.java PID BYTES
 */
public class SockBuf {
    static final long SYS_PIDFD_OPEN = 434, SYS_PIDFD_GETFD = 438; // x86-64
    static final int SOL_SOCKET = 1, SO_SNDBUFFORCE = 32, SO_RCVBUFFORCE = 33;

    public static void main(String[] args) throws Throwable {
        int pid = Integer.parseInt(args[0]);
        int bytes = Integer.parseInt(args[1]);
        Linker l = Linker.nativeLinker();
        var libc = l.defaultLookup();
        MethodHandle syscall3 = l.downcallHandle(libc.find("syscall").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG), Linker.Option.firstVariadicArg(1));
        MethodHandle syscall4 = l.downcallHandle(libc.find("syscall").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), Linker.Option.firstVariadicArg(1));
        MethodHandle setsockopt = l.downcallHandle(libc.find("setsockopt").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle close = l.downcallHandle(libc.find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

        Set<String> udp = new HashSet<>();
        for (String table : new String[] {"udp", "udp6"}) {
            Path p = Path.of("/proc", args[0], "net", table);
            if (Files.exists(p)) {
                Files.readAllLines(p).stream().skip(1).map(s -> s.trim().split("\\s+")[9]).forEach(udp::add);
            }
        }
        long pidfd = (long) syscall3.invokeExact(SYS_PIDFD_OPEN, (long) pid, 0L);
        if (pidfd < 0) {
            throw new IllegalStateException("pidfd_open " + pid + " failed");
        }
        int done = 0;
        try (Arena arena = Arena.ofConfined(); var fds = Files.list(Path.of("/proc", args[0], "fd"))) {
            MemorySegment value = arena.allocateFrom(ValueLayout.JAVA_INT, bytes);
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String link;
                try {
                    link = Files.readSymbolicLink(fd).toString();
                } catch (java.io.IOException e) {
                    continue;
                }
                if (!link.startsWith("socket:[") || !udp.contains(link.substring(8, link.length() - 1))) {
                    continue;
                }
                long local = (long) syscall4.invokeExact(SYS_PIDFD_GETFD, pidfd, Long.parseLong(fd.getFileName().toString()), 0L);
                if (local < 0) {
                    throw new IllegalStateException("pidfd_getfd failed (root needed)");
                }
                int a = (int) setsockopt.invokeExact((int) local, SOL_SOCKET, SO_RCVBUFFORCE, value, 4);
                int b = (int) setsockopt.invokeExact((int) local, SOL_SOCKET, SO_SNDBUFFORCE, value, 4);
                int c = (int) close.invokeExact((int) local); // our duplicate only
                if (a != 0 || b != 0) {
                    throw new IllegalStateException("setsockopt failed on fd " + fd);
                }
                done++;
            }
        } finally {
            int c = (int) close.invokeExact((int) pidfd);
        }
        if (done == 0) {
            throw new IllegalStateException("no UDP socket in process " + pid);
        }
        System.err.println("pid " + pid + ": " + done + " UDP socket(s) set to " + bytes + " bytes");
    }
}
