package io.pptp2wg.tests.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Enlarges the UDP socket buffers of another process (wireguard-go), as the reference harness's
 * wg_sockbuf.py does: wireguard-go 0.0.20220316 never sets SO_RCVBUF, so its socket keeps
 * net.core.rmem_default (208 KiB) and overflows near 1 Gbit/s; {@code net.core.rmem_*} cannot be written
 * inside a child namespace and is host-wide in the initial one. Instead the process's own UDP sockets are
 * borrowed with pidfd_getfd(2) and given SO_RCVBUFFORCE / SO_SNDBUFFORCE (root; ignores rmem_max).
 * wireguard-go re-creates its sockets on {@code ip link set up} and on a new listen-port: call this after.
 */
final class SocketBuffers {
    private static final int SOL_SOCKET = 1;
    private static final int SO_SNDBUFFORCE = 32;
    private static final int SO_RCVBUFFORCE = 33;
    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle PIDFD_OPEN = function("pidfd_open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle PIDFD_GETFD = function("pidfd_getfd",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = function("setsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = function("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private SocketBuffers() {}

    @SuppressWarnings("restricted") // native access is enabled for the test JVMs (failsafe argLine)
    private static MethodHandle function(String name, FunctionDescriptor fd) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new LabException("libc has no " + name + " (glibc 2.36 or later needed)"));
        return LINKER.downcallHandle(symbol, fd);
    }

    /** Sets both buffers of every UDP socket of process {@code pid} to {@code bytes}; returns how many sockets. */
    static int force(long pid, int bytes) {
        Set<String> udp = udpInodes(pid);
        int done = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocateFrom(ValueLayout.JAVA_INT, bytes);
            int pidfd = (int) PIDFD_OPEN.invokeExact((int) pid, 0);
            if (pidfd < 0) {
                throw new LabException("pidfd_open(" + pid + ") failed");
            }
            try {
                for (int fd : socketFds(pid, udp)) {
                    int ours = (int) PIDFD_GETFD.invokeExact(pidfd, fd, 0);
                    if (ours < 0) {
                        throw new LabException("pidfd_getfd(" + pid + ", " + fd + ") failed (root needed)");
                    }
                    try {
                        int a = (int) SETSOCKOPT.invokeExact(ours, SOL_SOCKET, SO_RCVBUFFORCE, value, 4);
                        int b = (int) SETSOCKOPT.invokeExact(ours, SOL_SOCKET, SO_SNDBUFFORCE, value, 4);
                        if (a != 0 || b != 0) {
                            throw new LabException("SO_RCVBUFFORCE/SO_SNDBUFFORCE on pid " + pid + " fd " + fd + " failed");
                        }
                        done++;
                    } finally {
                        int ignored = (int) CLOSE.invokeExact(ours); // our duplicate only
                    }
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(pidfd);
            }
        } catch (LabException e) {
            throw e;
        } catch (Throwable t) {
            throw new LabException("socket buffers of pid " + pid + ": " + t, t);
        }
        return done;
    }

    /** How many UDP sockets process {@code pid} has open. */
    static int udpSockets(long pid) {
        try {
            return socketFds(pid, udpInodes(pid)).size();
        } catch (UncheckedIOException e) {
            return 0; // the process is gone
        }
    }

    /** Inodes of the UDP sockets in the process's network namespace (column 10 of /proc/PID/net/udp). */
    private static Set<String> udpInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("udp", "udp6")) {
            Path p = Path.of("/proc/" + pid + "/net/" + table);
            try {
                List<String> lines = Files.readAllLines(p);
                for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length > 9) {
                        inodes.add(f[9]);
                    }
                }
            } catch (IOException e) {
                // no such table (IPv6 off): nothing to add
            }
        }
        return inodes;
    }

    private static List<Integer> socketFds(long pid, Set<String> inodes) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.filter(fd -> {
                try {
                    Matcher m = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
                    return m.matches() && inodes.contains(m.group(1));
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            }).map(fd -> Integer.parseInt(fd.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
