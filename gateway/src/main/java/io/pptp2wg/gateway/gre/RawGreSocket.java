package io.pptp2wg.gateway.gre;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.os.Libc;
import io.pptp2wg.os.RecvBatch;
import io.pptp2wg.pptp.gre.GreProtocol;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static io.pptp2wg.os.Libc.*;

/**
 * One raw IPv4 socket for IP protocol 47 (GRE), through JDK 25's foreign function API: the whole
 * gateway's GRE goes through it. What arrives includes the IPv4 header (raw sockets deliver it);
 * what is sent is the GRE packet alone (the kernel adds the IP header). Needs CAP_NET_RAW.
 * {@link #receive} is for one reader thread; {@link #send} may be called from any thread, each with
 * its own {@link TxBuffer}.
 */
public final class RawGreSocket implements AutoCloseable {
    // errno values the GRE classes test (Libc has them all)
    static final int EPERM = Libc.EPERM;
    static final int EINTR = Libc.EINTR;
    static final int EAGAIN = Libc.EAGAIN;
    static final int EACCES = Libc.EACCES;
    static final int EADDRNOTAVAIL = Libc.EADDRNOTAVAIL;
    /** struct timeval: seconds(8) microseconds(8). */
    private static final long TIMEVAL_SIZE = 8 + 8;
    /** The socket buffers we ask for; the kernel caps them at net.core.[rw]mem_max. */
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;

    /** How to give the JVM what a raw socket needs; shown when socket() says EPERM. */
    public static final String HOW_TO_GRANT = """
            The GRE raw socket (IP protocol 47) needs the CAP_NET_RAW capability. Either run under systemd with
                [Service]
                AmbientCapabilities=CAP_NET_RAW
                CapabilityBoundingSet=CAP_NET_RAW
            or give it to the java binary (every program run by that java gets it):
                JAVA=$(readlink -f "$(command -v java)")
                sudo setcap cap_net_raw+ep "$JAVA"
                echo "$(dirname "$(dirname "$JAVA")")/lib" | sudo tee /etc/ld.so.conf.d/java-libjli.conf && sudo ldconfig
            (the last line because a java with file capabilities no longer finds libjli.so by itself).
            TCP port 1723 needs no capability: it is above 1023.""";

    private final int fd;
    private final int boundAddress;
    private volatile boolean closed;

    private RawGreSocket(int fd, int boundAddress) {
        this.fd = fd;
        this.boundAddress = boundAddress;
    }

    /**
     * Opens the socket and binds it to {@code bindAddress} (0 = every address).
     *
     * @param receiveTimeoutMillis how long {@link #receive} blocks before returning 0, so that the
     *                             reader thread can notice it should stop
     */
    public static RawGreSocket open(int bindAddress, int receiveTimeoutMillis) throws RawSocketException {
        return open(bindAddress, receiveTimeoutMillis, false);
    }

    /**
     * Opens a non-blocking socket bound to {@code bindAddress}, for an event loop that reads it with
     * {@link #receive(RecvBatch)} when epoll reports it readable ({@link #fd()}).
     */
    public static RawGreSocket openNonBlocking(int bindAddress) throws RawSocketException {
        return open(bindAddress, 0, true);
    }

    private static RawGreSocket open(int bindAddress, int receiveTimeoutMillis, boolean nonBlocking) throws RawSocketException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) SOCKET.invokeExact(state, AF_INET, SOCK_RAW | (nonBlocking ? SOCK_NONBLOCK : 0),
                    GreProtocol.IP_PROTOCOL_GRE);
            if (fd < 0) {
                int errno = errno(state);
                if (errno == EPERM || errno == EACCES) {
                    throw new RawSocketException("cannot open the raw GRE socket: operation not permitted (errno "
                            + errno + ").\n" + HOW_TO_GRANT, errno);
                }
                throw new RawSocketException("cannot open the raw GRE socket: socket() failed with errno " + errno, errno);
            }
            RawGreSocket s = new RawGreSocket(fd, bindAddress);
            try {
                MemorySegment addr = sockaddr(arena, bindAddress);
                int rc = (int) BIND.invokeExact(state, fd, addr, (int) SOCKADDR_IN_SIZE);
                if (rc != 0) {
                    int errno = errno(state);
                    throw new RawSocketException("cannot bind the raw GRE socket to " + Ipv4.format(bindAddress)
                            + (errno == EADDRNOTAVAIL ? ": no interface has that address (pptpd.conf listen)" : ": errno " + errno), errno);
                }
                if (!nonBlocking) {
                    MemorySegment tv = arena.allocate(TIMEVAL_SIZE, 8);
                    tv.set(ValueLayout.JAVA_LONG, 0, receiveTimeoutMillis / 1000);
                    tv.set(ValueLayout.JAVA_LONG, 8, (receiveTimeoutMillis % 1000) * 1000L);
                    s.setsockopt(state, SO_RCVTIMEO, tv, (int) TIMEVAL_SIZE);
                }
                MemorySegment size = arena.allocate(ValueLayout.JAVA_INT);
                size.set(ValueLayout.JAVA_INT, 0, SOCKET_BUFFER_BYTES);
                s.setsockopt(state, SO_RCVBUF, size, 4);
                s.setsockopt(state, SO_SNDBUF, size, 4);
                return s;
            } catch (RawSocketException e) {
                s.close();
                throw e;
            }
        } catch (RawSocketException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("raw GRE socket: native call failed", t);
        }
    }

    private void setsockopt(MemorySegment state, int option, MemorySegment value, int length) throws Throwable {
        int rc = (int) SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, option, value, length);
        if (rc != 0) {
            throw new RawSocketException("setsockopt(" + option + ") on the raw GRE socket failed: errno " + errno(state), errno(state));
        }
    }

    private static MemorySegment sockaddr(Arena arena, int address) {
        MemorySegment a = arena.allocate(SOCKADDR_IN_SIZE, 4);
        writeSockaddr(a, address);
        return a;
    }

    private static void writeSockaddr(MemorySegment a, int address) {
        writeSockaddrIn(a, address, 0);
    }

    public int boundAddress() {
        return boundAddress;
    }

    /** The file descriptor (for epoll). */
    public int fd() {
        return fd;
    }

    /**
     * Lets this socket receive only the GRE packets whose Call ID, modulo {@code lanes}, is {@code lane} (a classic BPF
     * program run by the kernel, SO_ATTACH_FILTER): with one such socket per event loop, and each loop's calls given
     * Call IDs of its own residue, every packet reaches the loop of its call directly. The program reads the IPv4
     * header length, then the Call ID at octet 6 of the GRE header (RFC 2637 §4.1); a packet too short for that is
     * dropped by the kernel.
     */
    public void attachCallIdFilter(int lanes, int lane) throws RawSocketException {
        // {code, jt, jf, k} of struct sock_filter
        int[][] program = {
                {0xb1, 0, 0, 0},             // ldxb 4*([0]&0xf): X = IPv4 header length
                {0x48, 0, 0, 6},             // ldh [x+6]: A = the GRE Call ID
                {0x94, 0, 0, lanes},         // mod #lanes
                {0x15, 0, 1, lane},          // jeq #lane: accept, else drop
                {0x06, 0, 0, 0x40000},       // ret #262144 (the whole packet)
                {0x06, 0, 0, 0},             // ret #0 (not this socket's)
        };
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment filter = arena.allocate(8L * program.length, 8);
            for (int i = 0; i < program.length; i++) {
                filter.set(ValueLayout.JAVA_SHORT, 8L * i, (short) program[i][0]);
                filter.set(ValueLayout.JAVA_BYTE, 8L * i + 2, (byte) program[i][1]);
                filter.set(ValueLayout.JAVA_BYTE, 8L * i + 3, (byte) program[i][2]);
                filter.set(ValueLayout.JAVA_INT, 8L * i + 4, program[i][3]);
            }
            MemorySegment prog = arena.allocate(16, 8); // struct sock_fprog { unsigned short len; sock_filter *filter; }
            prog.set(ValueLayout.JAVA_SHORT, 0, (short) program.length);
            prog.set(ValueLayout.ADDRESS, 8, filter);
            setsockopt(arena.allocate(CALL_STATE), SO_ATTACH_FILTER, prog, 16);
        } catch (RawSocketException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("setsockopt(SO_ATTACH_FILTER) failed", t);
        }
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Native memory a reader receives into; one per reader thread. */
    public static final class RxBuffer {
        final MemorySegment data;
        final MemorySegment from;
        final MemorySegment fromLength;
        final MemorySegment state;

        public RxBuffer(Arena arena, int capacity) {
            data = arena.allocate(capacity, 16);
            from = arena.allocate(SOCKADDR_IN_SIZE, 4);
            fromLength = arena.allocate(ValueLayout.JAVA_INT);
            state = arena.allocate(CALL_STATE);
        }

        public MemorySegment data() {
            return data;
        }

        /** The source address of the last packet received. */
        public int sourceAddress() {
            return from.get(U32_BE, 4);
        }
    }

    /**
     * Native memory for up to {@code count} packets sent by one sendmmsg(2), each built in its own slot
     * ({@link #buffer()} is the next free one); one per sending thread.
     */
    public static final class TxBatch {
        final MemorySegment vector;
        final MemorySegment state;
        private final MemorySegment[] addresses;
        private final MemorySegment[] iovs;
        private final java.nio.ByteBuffer[] views;
        private final int count;
        private int queued;

        public TxBatch(Arena arena, int count, int capacity) {
            this.count = count;
            this.vector = arena.allocate(MMSGHDR_SIZE * count, 8);
            this.state = arena.allocate(CALL_STATE);
            this.addresses = new MemorySegment[count];
            this.views = new java.nio.ByteBuffer[count];
            this.iovs = new MemorySegment[count];
            MemorySegment iovecs = arena.allocate(IOVEC_SIZE * count, 8);
            for (int i = 0; i < count; i++) {
                MemorySegment data = arena.allocate(capacity, 16);
                views[i] = data.asByteBuffer().order(ByteOrder.BIG_ENDIAN);
                addresses[i] = arena.allocate(SOCKADDR_IN_SIZE, 4);
                MemorySegment iov = iovecs.asSlice(IOVEC_SIZE * i, IOVEC_SIZE);
                iov.set(ValueLayout.ADDRESS, 0, data);
                iovs[i] = iov;
                MemorySegment h = vector.asSlice(MMSGHDR_SIZE * i, MMSGHDR_SIZE);
                h.fill((byte) 0);
                h.set(ValueLayout.ADDRESS, 0, addresses[i]);                       // msg_name
                h.set(ValueLayout.JAVA_INT, 8, (int) SOCKADDR_IN_SIZE);             // msg_namelen
                h.set(ValueLayout.ADDRESS, MSGHDR_IOV, iov);
                h.set(ValueLayout.JAVA_LONG, MSGHDR_IOVLEN, 1);
            }
        }

        /** The slot the next packet is built in, from index 0. */
        public java.nio.ByteBuffer buffer() {
            return views[queued];
        }

        /** Queues the {@code length} octets built in {@link #buffer()} for {@code destination}; true when the batch is full. */
        public boolean add(int length, int destination) {
            writeSockaddr(addresses[queued], destination);
            iovs[queued].set(ValueLayout.JAVA_LONG, 8, length);
            queued++;
            return queued == count;
        }

        public int queued() {
            return queued;
        }
    }

    /**
     * Sends what {@code tx} holds with sendmmsg(2), all of it: a packet the kernel refuses is skipped (and counted
     * in the result), the rest still go. Returns how many were refused.
     */
    public int send(TxBatch tx) {
        int refused = 0;
        int from = 0;
        try {
            while (from < tx.queued) {
                MemorySegment vec = tx.vector.asSlice(MMSGHDR_SIZE * from);
                int n = (int) SENDMMSG.invokeExact(tx.state, fd, vec, tx.queued - from, 0);
                if (n < 0) {
                    int errno = errno(tx.state);
                    if (errno == EINTR) {
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

    /** Native memory a sender builds packets in; one per sending thread. */
    public static final class TxBuffer {
        final MemorySegment data;
        final MemorySegment to;
        final MemorySegment state;
        private final java.nio.ByteBuffer view;

        public TxBuffer(Arena arena, int capacity) {
            data = arena.allocate(capacity, 16);
            to = arena.allocate(SOCKADDR_IN_SIZE, 4);
            state = arena.allocate(CALL_STATE);
            view = data.asByteBuffer().order(ByteOrder.BIG_ENDIAN);
        }

        /** The packet is built here, from index 0. */
        public java.nio.ByteBuffer buffer() {
            return view;
        }
    }

    /**
     * Blocks for one packet (IPv4 header included) up to the receive timeout. Returns its length,
     * 0 on timeout or interruption, and throws when the socket failed or was closed.
     */
    public int receive(RxBuffer rx) throws RawSocketException {
        rx.fromLength.set(ValueLayout.JAVA_INT, 0, (int) SOCKADDR_IN_SIZE);
        long n;
        try {
            n = (long) RECVFROM.invokeExact(rx.state, fd, rx.data, rx.data.byteSize(), 0, rx.from, rx.fromLength);
        } catch (Throwable t) {
            throw new IllegalStateException("recvfrom failed", t);
        }
        if (n >= 0) {
            return (int) n;
        }
        int errno = errno(rx.state);
        if (errno == EAGAIN || errno == EINTR) {
            return 0;
        }
        throw new RawSocketException("recvfrom on the raw GRE socket failed: errno " + errno, errno);
    }

    /**
     * Takes what is waiting, up to the batch's size, in one recvmmsg(2) (a non-blocking socket): returns how many
     * datagrams, 0 when there are none, and throws when the socket failed or was closed.
     */
    public int receive(RecvBatch rx) throws RawSocketException {
        int n = rx.receive(fd);
        if (n < 0) {
            throw new RawSocketException("recvmmsg on the raw GRE socket failed: errno " + -n, -n);
        }
        return n;
    }

    /** Sends the {@code length} octets at the start of {@code tx}'s buffer to {@code destination}. Returns the errno, 0 if sent. */
    public int send(TxBuffer tx, int length, int destination) {
        writeSockaddr(tx.to, destination);
        try {
            long n = (long) SENDTO.invokeExact(tx.state, fd, tx.data, (long) length, 0, tx.to, (int) SOCKADDR_IN_SIZE);
            return n < 0 ? errno(tx.state) : 0;
        } catch (Throwable t) {
            throw new IllegalStateException("sendto failed", t);
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
