package io.pptp2wg.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The few libc socket calls and structures our own sockets use (the raw GRE socket, the WireGuard UDP socket),
 * through JDK 25's foreign function API, in one place: Linux on an LP64 machine (x86-64, arm64). Every call
 * captures errno into a {@link #CALL_STATE} segment the caller owns (one per thread).
 */
public final class Libc {
    private Libc() {}

    // <sys/socket.h>, <netinet/in.h>, <asm-generic/socket.h>, <linux/udp.h>
    public static final int AF_INET = 2;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    /** socket(2) type flag: the descriptor never blocks (an event loop reads it when epoll says so). */
    public static final int SOCK_NONBLOCK = 04000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_REUSEPORT = 15;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_ATTACH_FILTER = 26;
    public static final int SOL_UDP = 17;
    /** A control message (level SOL_UDP) giving the segment size of a UDP GSO send (Linux 4.18). */
    public static final int UDP_SEGMENT = 103;
    /** msghdr.msg_flags after recvmsg: the datagram was longer than the buffer (the rest is lost). */
    public static final int MSG_TRUNC = 0x20;
    // <asm-generic/errno-base.h>, <asm-generic/errno.h>
    public static final int EPERM = 1;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EINVAL = 22;
    public static final int ENOPROTOOPT = 92;
    public static final int EOPNOTSUPP = 95;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;

    /** struct sockaddr_in: family(2) port(2, network order) address(4, network order) zero(8). */
    public static final long SOCKADDR_IN_SIZE = 2 + 2 + 4 + 8;
    /** struct iovec { void *base; size_t len; } */
    public static final long IOVEC_SIZE = 8 + 8;
    /** struct msghdr: name(8) namelen(4+4) iov(8) iovlen(8) control(8) controllen(8) flags(4+4). */
    public static final long MSGHDR_SIZE = 8 + 8 + 8 + 8 + 8 + 8 + 8;
    public static final long MSGHDR_NAME = 0;
    public static final long MSGHDR_NAMELEN = 8;
    public static final long MSGHDR_IOV = 16;
    public static final long MSGHDR_IOVLEN = 24;
    public static final long MSGHDR_CONTROL = 32;
    public static final long MSGHDR_CONTROLLEN = 40;
    public static final long MSGHDR_FLAGS = 48;
    /** struct mmsghdr { struct msghdr hdr; unsigned int len; } (padded to 8). */
    public static final long MMSGHDR_SIZE = MSGHDR_SIZE + 8;
    public static final long MMSGHDR_LEN = MSGHDR_SIZE;

    public static final ValueLayout.OfShort U16_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfInt U32_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static final Linker LINKER = Linker.nativeLinker();
    /** Where a call leaves errno: allocate one per thread ({@code arena.allocate(CALL_STATE)}). */
    public static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** int socket(int domain, int type, int protocol) */
    public static final MethodHandle SOCKET = downcall("socket",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    /** int bind(int fd, const struct sockaddr *addr, socklen_t len) */
    public static final MethodHandle BIND = downcall("bind",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    /** int getsockname(int fd, struct sockaddr *addr, socklen_t *len) */
    public static final MethodHandle GETSOCKNAME = downcall("getsockname",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    /** int setsockopt(int fd, int level, int name, const void *value, socklen_t len) */
    public static final MethodHandle SETSOCKOPT = downcall("setsockopt",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    /** int getsockopt(int fd, int level, int name, void *value, socklen_t *len) */
    public static final MethodHandle GETSOCKOPT = downcall("getsockopt",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    /** ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen) */
    public static final MethodHandle RECVFROM = downcall("recvfrom",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    /** ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen) */
    public static final MethodHandle SENDTO = downcall("sendto",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    /** int close(int fd) */
    public static final MethodHandle CLOSE = downcall("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    /** int sendmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags) */
    public static final MethodHandle SENDMMSG = downcall("sendmmsg",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT));
    /** int recvmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags, struct timespec *timeout) */
    public static final MethodHandle RECVMMSG = downcall("recvmmsg",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

    /** A handle on libc's {@code name} that captures errno into its first argument (a {@link #CALL_STATE}). */
    public static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... more) {
        MemorySegment fn = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(more, 0, options, 1, more.length);
        return LINKER.downcallHandle(fn, fd, options);
    }

    /**
     * recvmmsg(2) on a non-blocking socket: how many datagrams were taken, 0 when none waits (EAGAIN, EINTR), or
     * {@code -errno} when the socket failed.
     */
    public static int recvmmsgNow(MemorySegment state, int fd, MemorySegment vector, int count) {
        int n;
        try {
            n = (int) RECVMMSG.invokeExact(state, fd, vector, count, 0, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException("recvmmsg failed", t);
        }
        if (n >= 0) {
            return n;
        }
        int errno = errno(state);
        return errno == EAGAIN || errno == EINTR ? 0 : -errno;
    }

    /** close(2) on a descriptor we own; an error (EBADF, EIO on a socket) leaves nothing to do, so it is not reported. */
    public static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(arena.allocate(CALL_STATE), fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close failed", t);
        }
    }

    /** The errno the last call captured into {@code state}. */
    public static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** Fills a struct sockaddr_in (address and port as ints, host order here). */
    public static void writeSockaddrIn(MemorySegment a, int address, int port) {
        a.fill((byte) 0);
        a.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET); // sa_family is host order
        a.set(U16_BE, 2, (short) port);
        a.set(U32_BE, 4, address);
    }

    public static int sockaddrInAddress(MemorySegment a) {
        return a.get(U32_BE, 4);
    }

    public static int sockaddrInPort(MemorySegment a) {
        return Short.toUnsignedInt(a.get(U16_BE, 2));
    }
}
