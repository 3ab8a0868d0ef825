package io.pptp2wg.wireguard.udp;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import io.pptp2wg.os.Libc;
import io.pptp2wg.os.RecvBatch;

import static io.pptp2wg.os.Libc.*;

/**
 * One non-blocking IPv4 UDP socket of our own (JDK 25's foreign function API, as the raw GRE socket), read with
 * recvmmsg(2) into preallocated native slots ({@link RecvBatch}, with source addresses) and written with sendmmsg(2) from preallocated slots: no object per
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
                Libc.close(fd);
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
     * Takes what is waiting, up to the batch's size, in one recvmmsg(2): returns how many datagrams, 0 when there
     * are none, and throws when the socket failed or was closed.
     */
    int receive(RecvBatch rx) throws UdpSocketException {
        int n = rx.receive(fd);
        if (n < 0) {
            throw new UdpSocketException("recvmmsg on the UDP socket failed: errno " + -n, -n);
        }
        return n;
    }

    /**
     * Native memory for up to {@code count} datagrams sent by one sendmmsg(2), each copied into its own slot of
     * {@code capacity} octets. With {@code gso}, consecutive datagrams to the same destination whose lengths allow it
     * (all as long as the first, the last possibly shorter) and of the same flow go as one message of several slots with a UDP_SEGMENT
     * control message: the kernel cuts it into those datagrams below the UDP layer (UDP GSO, Linux 4.18).
     */
    static final class TxBatch {
        /** A {@code flow} never joined with another datagram. */
        static final long ALONE = -1;
        /** The kernel's UDP_MAX_SEGMENTS (include/linux/udp.h, 64 before Linux 6.9). */
        static final int MAX_SEGMENTS = 64;
        /** An IPv4 datagram's 65,535 octets less the IPv4 (20) and UDP (8) headers: a GSO message's payload bound. */
        static final int MAX_GSO_BYTES = 65_535 - 20 - 8;
        /** struct cmsghdr { size_t len; int level; int type; } then a u16: CMSG_LEN(2) and CMSG_SPACE(2). */
        private static final long CMSG_LEN_U16 = 8 + 4 + 4 + 2;
        private static final long CMSG_SPACE_U16 = 8 + 4 + 4 + 8;

        final MemorySegment vector;
        final MemorySegment state;
        private final MemorySegment iovecs;
        private final MemorySegment controls;
        private final MemorySegment[] data;
        private final MemorySegment[] addresses;
        private final int count;
        private final int capacity;
        boolean gso;
        /** Slots used, and messages made of them (one per datagram without GSO). */
        private int queued;
        private int messages;
        private final int[] firstSlot;
        private final int[] segments;
        private final int[] segmentSize;
        private final int[] bytes;
        private final int[] address;
        private final int[] port;
        private final long[] flow;

        TxBatch(Arena arena, int count, int capacity, boolean gso) {
            this.count = count;
            this.capacity = capacity;
            this.gso = gso;
            this.vector = arena.allocate(MMSGHDR_SIZE * count, 8);
            this.state = arena.allocate(CALL_STATE);
            this.iovecs = arena.allocate(IOVEC_SIZE * count, 8);
            this.controls = arena.allocate(CMSG_SPACE_U16 * count, 8);
            this.data = new MemorySegment[count];
            this.addresses = new MemorySegment[count];
            this.firstSlot = new int[count];
            this.segments = new int[count];
            this.segmentSize = new int[count];
            this.bytes = new int[count];
            this.address = new int[count];
            this.port = new int[count];
            this.flow = new long[count];
            for (int i = 0; i < count; i++) {
                data[i] = arena.allocate(capacity, 16);
                addresses[i] = arena.allocate(SOCKADDR_IN_SIZE, 4);
                iovecs.set(ValueLayout.ADDRESS, IOVEC_SIZE * i, data[i]);
                MemorySegment c = controls.asSlice(CMSG_SPACE_U16 * i, CMSG_SPACE_U16);
                c.set(ValueLayout.JAVA_LONG, 0, CMSG_LEN_U16);
                c.set(ValueLayout.JAVA_INT, 8, SOL_UDP);
                c.set(ValueLayout.JAVA_INT, 12, UDP_SEGMENT);
                MemorySegment h = vector.asSlice(MMSGHDR_SIZE * i, MMSGHDR_SIZE);
                h.fill((byte) 0);
                h.set(ValueLayout.ADDRESS, MSGHDR_NAME, addresses[i]);
                h.set(ValueLayout.JAVA_INT, MSGHDR_NAMELEN, (int) SOCKADDR_IN_SIZE);
            }
        }

        int capacity() {
            return capacity;
        }

        /** Queues a datagram that GSO never joins with another; see {@link #add(byte[], int, int, int, int, long)}. */
        boolean add(byte[] src, int offset, int length, int to, int toPort) {
            return add(src, offset, length, to, toPort, ALONE);
        }

        /**
         * Queues a copy of {@code length} octets of {@code src} for {@code to}:{@code toPort}; true when the batch is
         * now full (send it). The caller checks {@code length <= capacity()} first. GSO joins only datagrams of one
         * {@code flow} (not {@link #ALONE}): a receiver on this host gets a joined message whole and cut only after
         * choosing the socket, so datagrams it would steer to different sockets must not be joined.
         */
        boolean add(byte[] src, int offset, int length, int to, int toPort, long flow) {
            if (length < 0 || length > capacity || queued == count) {
                throw new IllegalArgumentException("datagram of " + length + " octets, slot of " + capacity
                        + ", " + queued + "/" + count + " queued");
            }
            int slot = queued++;
            MemorySegment.copy(src, offset, data[slot], ValueLayout.JAVA_BYTE, 0, length);
            iovecs.set(ValueLayout.JAVA_LONG, IOVEC_SIZE * slot + 8, length);
            int m = messages - 1;
            if (gso && m >= 0 && flow != ALONE && this.flow[m] == flow && address[m] == to && port[m] == toPort && length > 0 && length <= segmentSize[m]
                    && bytes[m] == segments[m] * segmentSize[m] // no shorter segment yet: only the last may be
                    && segments[m] < MAX_SEGMENTS && bytes[m] + length <= MAX_GSO_BYTES) {
                segments[m]++;
                bytes[m] += length;
                return queued == count;
            }
            m = messages++;
            firstSlot[m] = slot;
            segments[m] = 1;
            segmentSize[m] = length;
            bytes[m] = length;
            address[m] = to;
            port[m] = toPort;
            this.flow[m] = flow;
            writeSockaddrIn(addresses[m], to, toPort);
            return queued == count;
        }

        int queued() {
            return queued;
        }

        /** Forgets what is queued. */
        void clear() {
            queued = 0;
            messages = 0;
        }

        /** Messages the queued datagrams make (fewer than {@link #queued()} when GSO joined some). */
        int messages() {
            return messages;
        }

        /** Fills message {@code m}'s header: its slots, and the segment size when it has more than one. */
        private void header(int m, boolean whole) {
            long h = MMSGHDR_SIZE * m;
            int n = whole ? segments[m] : 1;
            // pointers written as addresses (no slice object per message)
            vector.set(ValueLayout.JAVA_LONG, h + MSGHDR_IOV, iovecs.address() + IOVEC_SIZE * firstSlot[m]);
            vector.set(ValueLayout.JAVA_LONG, h + MSGHDR_IOVLEN, n);
            if (n > 1) {
                controls.set(ValueLayout.JAVA_SHORT, CMSG_SPACE_U16 * m + 16, (short) segmentSize[m]);
                vector.set(ValueLayout.JAVA_LONG, h + MSGHDR_CONTROL, controls.address() + CMSG_SPACE_U16 * m);
                vector.set(ValueLayout.JAVA_LONG, h + MSGHDR_CONTROLLEN, CMSG_SPACE_U16);
            } else {
                vector.set(ValueLayout.JAVA_LONG, h + MSGHDR_CONTROL, 0L);
                vector.set(ValueLayout.JAVA_LONG, h + MSGHDR_CONTROLLEN, 0L);
            }
        }
    }

    /**
     * Sends what {@code tx} holds with sendmmsg(2), all of it: a datagram the kernel refuses (a full send buffer, an
     * unreachable destination) is skipped and counted, the rest still go. A GSO message the kernel refuses (a route
     * MTU below its segment size, a kernel or device without UDP GSO) is sent again one datagram at a time, and
     * GSO is turned off for the batch when the kernel does not know it. Returns how many datagrams were refused.
     */
    int send(TxBatch tx) {
        int refused = 0;
        try {
            for (int m = 0; m < tx.messages; m++) {
                tx.header(m, true);
            }
            int from = 0;
            while (from < tx.messages) {
                MemorySegment vec = tx.vector.asSlice(MMSGHDR_SIZE * from);
                int n = (int) SENDMMSG.invokeExact(tx.state, fd, vec, tx.messages - from, 0);
                if (n >= 0) {
                    from += n;
                    continue;
                }
                int errno = errno(tx.state);
                if (errno == EINTR) {
                    continue;
                }
                if (tx.segments[from] > 1 && errno != EAGAIN) { // the kernel would not cut it: one at a time
                    if (errno == EIO || errno == EINVAL || errno == ENOPROTOOPT || errno == EOPNOTSUPP) {
                        tx.gso = false;
                    }
                    refused += sendOneByOne(tx, from);
                } else {
                    refused += tx.segments[from]; // skip it, send the others
                }
                from++;
            }
        } catch (Throwable t) {
            throw new IllegalStateException("sendmmsg failed", t);
        } finally {
            tx.clear();
        }
        return refused;
    }

    private int sendOneByOne(TxBatch tx, int m) throws Throwable {
        int refused = 0;
        int first = tx.firstSlot[m];
        int segments = tx.segments[m];
        MemorySegment vec = tx.vector.asSlice(MMSGHDR_SIZE * m, MMSGHDR_SIZE);
        try {
            for (int s = 0; s < segments; s++) {
                tx.firstSlot[m] = first + s;
                tx.header(m, false);
                int n;
                do {
                    n = (int) SENDMMSG.invokeExact(tx.state, fd, vec, 1, 0);
                } while (n < 0 && errno(tx.state) == EINTR);
                if (n != 1) {
                    refused++;
                }
            }
        } finally {
            tx.firstSlot[m] = first;
        }
        return refused;
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
