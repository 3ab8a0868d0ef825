package io.pptp2wg.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.pptp2wg.os.Libc.*;

/**
 * Native memory for up to {@link #count()} datagrams taken by one recvmmsg(2), each into a preallocated slot of
 * {@link #capacity()} octets: datagram {@code i} lies at {@link #data(int)} with {@link #length(int)} octets, unless
 * {@link #truncated(int)}. With {@code sources} each slot also gets the sender's IPv4 address and port (a UDP
 * socket needs them; a raw socket has them in the IPv4 header it delivers). One per reading thread; the same
 * memory serves every call, so nothing is allocated per datagram.
 */
public final class RecvBatch {
    private final MemorySegment vector;
    private final MemorySegment state;
    private final MemorySegment[] data;
    private final MemorySegment[] sources;
    private final int count;
    private final int capacity;
    /** Slots the last call filled (whose msg_namelen the kernel may have changed). */
    private int taken;

    public RecvBatch(Arena arena, int count, int capacity, boolean sources) {
        this.count = count;
        this.capacity = capacity;
        this.vector = arena.allocate(MMSGHDR_SIZE * count, 8);
        this.state = arena.allocate(CALL_STATE);
        this.data = new MemorySegment[count];
        this.sources = sources ? new MemorySegment[count] : null;
        MemorySegment iovecs = arena.allocate(IOVEC_SIZE * count, 8);
        for (int i = 0; i < count; i++) {
            data[i] = arena.allocate(capacity, 16);
            MemorySegment iov = iovecs.asSlice(IOVEC_SIZE * i, IOVEC_SIZE);
            iov.set(ValueLayout.ADDRESS, 0, data[i]);
            iov.set(ValueLayout.JAVA_LONG, 8, capacity);
            MemorySegment h = vector.asSlice(MMSGHDR_SIZE * i, MMSGHDR_SIZE);
            h.fill((byte) 0);
            if (sources) {
                this.sources[i] = arena.allocate(SOCKADDR_IN_SIZE, 4);
                h.set(ValueLayout.ADDRESS, MSGHDR_NAME, this.sources[i]);
                h.set(ValueLayout.JAVA_INT, MSGHDR_NAMELEN, (int) SOCKADDR_IN_SIZE);
            }
            h.set(ValueLayout.ADDRESS, MSGHDR_IOV, iov);
            h.set(ValueLayout.JAVA_LONG, MSGHDR_IOVLEN, 1);
        }
    }

    /**
     * One recvmmsg(2) on a non-blocking {@code fd}: how many datagrams were taken, 0 when none waits, or
     * {@code -errno} when the socket failed.
     */
    public int receive(int fd) {
        resetSources();
        int n = Libc.recvmmsgNow(state, fd, vector, count);
        taken = Math.max(n, 0);
        return n;
    }

    public int count() {
        return count;
    }

    public int capacity() {
        return capacity;
    }

    public MemorySegment data(int i) {
        return data[i];
    }

    /** The octets received into slot {@code i} (at most its capacity). */
    public int length(int i) {
        return Math.min(vector.get(ValueLayout.JAVA_INT, MMSGHDR_SIZE * i + MMSGHDR_LEN), capacity);
    }

    /** The datagram was longer than the slot (the rest is lost: drop it). */
    public boolean truncated(int i) {
        return (vector.get(ValueLayout.JAVA_INT, MMSGHDR_SIZE * i + MSGHDR_FLAGS) & MSG_TRUNC) != 0;
    }

    /** The sender's IPv4 address (host-order int); only with {@code sources}. */
    public int sourceAddress(int i) {
        return sockaddrInAddress(sources[i]);
    }

    /** The sender's port; only with {@code sources}. */
    public int sourcePort(int i) {
        return sockaddrInPort(sources[i]);
    }

    /** msg_namelen is value-result: the slots the last call filled start from the full size again. */
    private void resetSources() {
        if (sources != null) {
            for (int i = 0; i < taken; i++) {
                vector.set(ValueLayout.JAVA_INT, MMSGHDR_SIZE * i + MSGHDR_NAMELEN, (int) SOCKADDR_IN_SIZE);
            }
        }
    }
}
