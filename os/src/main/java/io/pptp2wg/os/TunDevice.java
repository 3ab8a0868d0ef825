package io.pptp2wg.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

import static io.pptp2wg.os.Libc.CALL_STATE;
import static io.pptp2wg.os.Libc.CLOSE;
import static io.pptp2wg.os.Libc.EAGAIN;
import static io.pptp2wg.os.Libc.EINTR;
import static io.pptp2wg.os.Libc.downcall;
import static io.pptp2wg.os.Libc.errno;

/**
 * A Linux TUN device (IFF_TUN | IFF_NO_PI: bare IP packets) through the FFM API, created in the
 * network namespace of the calling thread. Reads wait with poll(2) so that a reader thread can stop;
 * writes never block (the kernel queues or drops). Needs CAP_NET_ADMIN.
 */
@SuppressWarnings("restricted") // native access: pptp2wg.jar and the failsafe JVMs enable it
public final class TunDevice implements AutoCloseable {
    // <linux/if_tun.h>, <fcntl.h>, <poll.h>; the libc calls, errno and its values from Libc
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final short POLLIN = 0x0001;
    /** struct ifreq: name[16], then a union whose first member here is the flags (short); 40 octets in all. */
    private static final long IFREQ_SIZE = 40;
    private static final long IFNAMSIZ = 16;
    /** struct pollfd: fd (int), events (short), revents (short). */
    private static final long POLLFD_SIZE = 8;

    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle IOCTL = downcall("ioctl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ = downcall("read",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle WRITE = downcall("write",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle POLL = downcall("poll",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));

    private final String name;
    private final int fd;
    private volatile boolean closed;

    private TunDevice(String name, int fd) {
        this.name = name;
        this.fd = fd;
    }

    /** Creates (or attaches to) the TUN device {@code name}. */
    public static TunDevice open(String name) {
        if (name.length() >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name too long: " + name);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom("/dev/net/tun"), O_RDWR | O_CLOEXEC);
            if (fd < 0) {
                throw new IllegalStateException("open /dev/net/tun: errno " + errno(state));
            }
            MemorySegment ifr = arena.allocate(IFREQ_SIZE, 8);
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(MemorySegment.ofArray(n), 0, ifr, 0, n.length);
            ifr.set(ValueLayout.JAVA_SHORT, IFNAMSIZ, (short) (IFF_TUN | IFF_NO_PI));
            int rc = (int) IOCTL.invokeExact(state, fd, TUNSETIFF, ifr);
            if (rc != 0) {
                int errno = errno(state);
                int ignored = (int) CLOSE.invokeExact(state, fd);
                throw new IllegalStateException("TUNSETIFF " + name + ": errno " + errno + " (needs CAP_NET_ADMIN)");
            }
            return new TunDevice(name, fd);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("TUN " + name + ": native call failed", t);
        }
    }


    public String name() {
        return name;
    }

    /** Native memory for one thread's reads or writes. */
    public static final class Io {
        public final MemorySegment data;
        final MemorySegment state;
        final MemorySegment pollfd;

        public Io(Arena arena, int capacity) {
            data = arena.allocate(capacity, 16);
            state = arena.allocate(CALL_STATE);
            pollfd = arena.allocate(POLLFD_SIZE, 4);
        }
    }

    /** Waits up to {@code timeoutMillis} for a packet and reads it into {@code io.data}: its length, or 0. */
    public int read(Io io, int timeoutMillis) {
        if (closed) {
            return -1;
        }
        try {
            io.pollfd.set(ValueLayout.JAVA_INT, 0, fd);
            io.pollfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
            io.pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
            int ready = (int) POLL.invokeExact(io.state, io.pollfd, 1L, timeoutMillis);
            if (ready <= 0 || closed) {
                return 0;
            }
            long n = (long) READ.invokeExact(io.state, fd, io.data, io.data.byteSize());
            if (n < 0) {
                int errno = errno(io.state);
                return errno == EINTR || errno == EAGAIN ? 0 : -1;
            }
            return (int) n;
        } catch (Throwable t) {
            throw new IllegalStateException("TUN read failed", t);
        }
    }

    /** Writes the first {@code length} octets of {@code io.data} as one packet; false if the kernel refused it. */
    public boolean write(Io io, int length) {
        if (closed) {
            return false;
        }
        try {
            long n = (long) WRITE.invokeExact(io.state, fd, io.data, (long) length);
            return n == length;
        } catch (Throwable t) {
            throw new IllegalStateException("TUN write failed", t);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.close(fd);
    }
}
