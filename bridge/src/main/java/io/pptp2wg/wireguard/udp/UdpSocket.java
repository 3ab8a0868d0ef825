package io.pptp2wg.wireguard.udp;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.pptp2wg.gateway.sys.Libc.*;

/**
 * One non-blocking IPv4 UDP socket of our own (JDK 25's foreign function API, as the raw GRE socket), read with
 * recvmmsg(2) into preallocated native slots and written with sendmmsg(2) from preallocated slots: no object per
 * datagram. An event loop owns it: {@link #receive} and {@link #send} are called on that loop only.
 */
final class UdpSocket implements AutoCloseable {

    /** A socket call failed (errno given); the socket is unusable or was never made. */
    static final class UdpSocketException extends IOException {
        final int errno;

        UdpSocketException(String message, int errno) {
            super(message);
            this.errno = errno;
        }
    }

    private final int fd;
    private final int localAddress;
    private final int localPort;
    private volatile boolean closed;

    private UdpSocket(int fd, int localAddress, int localPort) {
        this.fd = fd;
        this.localAddress = localAddress;
        this.localPort = localPort;
    }

    /**
     * Opens a non-blocking socket bound to {@code address}:{@code port} (0.0.0.0 = every address, port 0 = any), in
     * the network namespace of the calling thread.
     *
     * @param reusePort SO_REUSEPORT, set before bind (every socket of the group must set it)
     * @param bufferBytes SO_RCVBUF and SO_SNDBUF (the kernel caps them at net.core.[rw]mem_max); 0 = the default
     */
    static UdpSocket open(int address, int port, boolean reusePort, int bufferBytes) throws UdpSocketException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) SOCKET.invokeExact(state, AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
            if (fd < 0) {
                throw new UdpSocketException("socket(AF_INET, SOCK_DGRAM) failed: errno " + errno(state), errno(state));
            }
            try {
                MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
                if (reusePort) {
                    value.set(ValueLayout.JAVA_INT, 0, 1);
                    setsockopt(state, fd, SO_REUSEPORT, value);
                }
                if (bufferBytes > 0) {
                    value.set(ValueLayout.JAVA_INT, 0, bufferBytes);
                    setsockopt(state, fd, SO_RCVBUF, value);
                    setsockopt(state, fd, SO_SNDBUF, value);
                }
                MemorySegment addr = arena.allocate(SOCKADDR_IN_SIZE, 4);
                writeSockaddrIn(addr, address, port);
                if ((int) BIND.invokeExact(state, fd, addr, (int) SOCKADDR_IN_SIZE) != 0) {
                    int errno = errno(state);
                    throw new UdpSocketException("bind to port " + port + " failed: errno " + errno
                            + (errno == EADDRINUSE ? " (address in use)" : errno == EADDRNOTAVAIL ? " (no interface has that address)" : ""),
                            errno);
                }
                MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
                length.set(ValueLayout.JAVA_INT, 0, (int) SOCKADDR_IN_SIZE);
                if ((int) GETSOCKNAME.invokeExact(state, fd, addr, length) != 0) {
                    throw new UdpSocketException("getsockname failed: errno " + errno(state), errno(state));
                }
                return new UdpSocket(fd, sockaddrInAddress(addr), sockaddrInPort(addr));
            } catch (Throwable t) {
                closeFd(fd);
                throw t;
            }
        } catch (UdpSocketException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("UDP socket: native call failed", t);
        }
    }

    private static void setsockopt(MemorySegment state, int fd, int option, MemorySegment value) throws Throwable {
        if ((int) SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, option, value, 4) != 0) {
            throw new UdpSocketException("setsockopt(SOL_SOCKET, " + option + ") failed: errno " + errno(state), errno(state));
        }
    }

    /** An integer socket option at level SOL_SOCKET (SO_RCVBUF...), as the kernel reports it; -1 if it would not. */
    int socketOption(int option) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, 4);
            int rc = (int) GETSOCKOPT.invokeExact(arena.allocate(CALL_STATE), fd, SOL_SOCKET, option, value, length);
            return rc == 0 ? value.get(ValueLayout.JAVA_INT, 0) : -1;
        } catch (Throwable t) {
            throw new IllegalStateException("getsockopt failed", t);
        }
    }

    int fd() {
        return fd;
    }

    /** The bound IPv4 address (host-order int; 0 = every address). */
    int localAddress() {
        return localAddress;
    }

    /** The bound port (the kernel's choice when port 0 was asked for). */
    int localPort() {
        return localPort;
    }

    boolean isOpen() {
        return !closed;
    }

    /**
     * Native memory for up to {@code count} datagrams taken by one recvmmsg(2), each into a slot of {@code capacity}
     * octets with its source address: datagram {@code i} lies at {@link #data(int)} with {@link #length(int)}
     * octets, unless {@link #truncated(int)} (longer than the slot: the rest is lost).
     */
    static final class RxBatch {
        final MemorySegment vector;
        final MemorySegment state;
        private final MemorySegment[] data;
        private final MemorySegment[] sources;
        private final int count;
        private final int capacity;

        RxBatch(Arena arena, int count, int capacity) {
            this.count = count;
            this.capacity = capacity;
            this.vector = arena.allocate(MMSGHDR_SIZE * count, 8);
            this.state = arena.allocate(CALL_STATE);
            this.data = new MemorySegment[count];
            this.sources = new MemorySegment[count];
            MemorySegment iovecs = arena.allocate(IOVEC_SIZE * count, 8);
            for (int i = 0; i < count; i++) {
                data[i] = arena.allocate(capacity, 16);
                sources[i] = arena.allocate(SOCKADDR_IN_SIZE, 4);
                MemorySegment iov = iovecs.asSlice(IOVEC_SIZE * i, IOVEC_SIZE);
                iov.set(ValueLayout.ADDRESS, 0, data[i]);
                iov.set(ValueLayout.JAVA_LONG, 8, capacity);
                MemorySegment h = vector.asSlice(MMSGHDR_SIZE * i, MMSGHDR_SIZE);
                h.fill((byte) 0);
                h.set(ValueLayout.ADDRESS, MSGHDR_NAME, sources[i]);
                h.set(ValueLayout.JAVA_INT, MSGHDR_NAMELEN, (int) SOCKADDR_IN_SIZE);
                h.set(ValueLayout.ADDRESS, MSGHDR_IOV, iov);
                h.set(ValueLayout.JAVA_LONG, MSGHDR_IOVLEN, 1);
            }
        }

        int count() {
            return count;
        }

        int capacity() {
            return capacity;
        }

        MemorySegment data(int i) {
            return data[i];
        }

        /** The octets received into slot {@code i} (at most its capacity). */
        int length(int i) {
            return Math.min(vector.get(ValueLayout.JAVA_INT, MMSGHDR_SIZE * i + MMSGHDR_LEN), capacity);
        }

        /** The datagram was longer than the slot (and is to be dropped). */
        boolean truncated(int i) {
            return (vector.get(ValueLayout.JAVA_INT, MMSGHDR_SIZE * i + MSGHDR_FLAGS) & MSG_TRUNC) != 0;
        }

        /** The source's IPv4 address (host-order int). */
        int sourceAddress(int i) {
            return sockaddrInAddress(sources[i]);
        }

        int sourcePort(int i) {
            return sockaddrInPort(sources[i]);
        }

        /** Before the next recvmmsg: msg_namelen is value-result. */
        void reset(int received) {
            for (int i = 0; i < received; i++) {
                vector.set(ValueLayout.JAVA_INT, MMSGHDR_SIZE * i + MSGHDR_NAMELEN, (int) SOCKADDR_IN_SIZE);
            }
        }
    }

    /**
     * Takes what is waiting, up to the batch's size, in one recvmmsg(2): returns how many datagrams, 0 when there
     * are none, and throws when the socket failed or was closed.
     */
    int receive(RxBatch rx) throws UdpSocketException {
        int n;
        try {
            n = (int) RECVMMSG.invokeExact(rx.state, fd, rx.vector, rx.count, 0, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException("recvmmsg failed", t);
        }
        if (n >= 0) {
            return n;
        }
        int errno = errno(rx.state);
        if (errno == EAGAIN || errno == EINTR) {
            return 0;
        }
        throw new UdpSocketException("recvmmsg on the UDP socket failed: errno " + errno, errno);
    }

    /**
     * Native memory for up to {@code count} datagrams sent by one sendmmsg(2), each copied into its own slot of
     * {@code capacity} octets.
     */
    static final class TxBatch {
        final MemorySegment vector;
        final MemorySegment state;
        private final MemorySegment[] data;
        private final MemorySegment[] addresses;
        private final MemorySegment[] iovs;
        private final int count;
        private final int capacity;
        private int queued;

        TxBatch(Arena arena, int count, int capacity) {
            this.count = count;
            this.capacity = capacity;
            this.vector = arena.allocate(MMSGHDR_SIZE * count, 8);
            this.state = arena.allocate(CALL_STATE);
            this.data = new MemorySegment[count];
            this.addresses = new MemorySegment[count];
            this.iovs = new MemorySegment[count];
            MemorySegment iovecs = arena.allocate(IOVEC_SIZE * count, 8);
            for (int i = 0; i < count; i++) {
                data[i] = arena.allocate(capacity, 16);
                addresses[i] = arena.allocate(SOCKADDR_IN_SIZE, 4);
                MemorySegment iov = iovecs.asSlice(IOVEC_SIZE * i, IOVEC_SIZE);
                iov.set(ValueLayout.ADDRESS, 0, data[i]);
                iovs[i] = iov;
                MemorySegment h = vector.asSlice(MMSGHDR_SIZE * i, MMSGHDR_SIZE);
                h.fill((byte) 0);
                h.set(ValueLayout.ADDRESS, MSGHDR_NAME, addresses[i]);
                h.set(ValueLayout.JAVA_INT, MSGHDR_NAMELEN, (int) SOCKADDR_IN_SIZE);
                h.set(ValueLayout.ADDRESS, MSGHDR_IOV, iov);
                h.set(ValueLayout.JAVA_LONG, MSGHDR_IOVLEN, 1);
            }
        }

        int capacity() {
            return capacity;
        }

        /**
         * Queues a copy of {@code length} octets of {@code src} for {@code address}:{@code port}; true when the batch
         * is now full (send it). The caller checks {@code length <= capacity()} first.
         */
        boolean add(byte[] src, int offset, int length, int address, int port) {
            if (length < 0 || length > capacity || queued == count) {
                throw new IllegalArgumentException("datagram of " + length + " octets, slot of " + capacity
                        + ", " + queued + "/" + count + " queued");
            }
            MemorySegment.copy(src, offset, data[queued], ValueLayout.JAVA_BYTE, 0, length);
            writeSockaddrIn(addresses[queued], address, port);
            iovs[queued].set(ValueLayout.JAVA_LONG, 8, length);
            queued++;
            return queued == count;
        }

        int queued() {
            return queued;
        }
    }

    /**
     * Sends what {@code tx} holds with sendmmsg(2), all of it: a datagram the kernel refuses (a full send buffer, an
     * unreachable destination) is skipped and counted, the rest still go. Returns how many were refused.
     */
    int send(TxBatch tx) {
        int refused = 0;
        int from = 0;
        try {
            while (from < tx.queued) {
                MemorySegment vec = tx.vector.asSlice(MMSGHDR_SIZE * from);
                int n = (int) SENDMMSG.invokeExact(tx.state, fd, vec, tx.queued - from, 0);
                if (n < 0) {
                    if (errno(tx.state) == EINTR) {
                        continue;
                    }
                    refused++; // the first one failed: skip it, send the others
                    from++;
                } else {
                    from += n;
                }
            }
        } catch (Throwable t) {
            throw new IllegalStateException("sendmmsg failed", t);
        } finally {
            tx.queued = 0;
        }
        return refused;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeFd(fd);
    }

    private static void closeFd(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) CLOSE.invokeExact(arena.allocate(CALL_STATE), fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close failed", t);
        }
    }
}
