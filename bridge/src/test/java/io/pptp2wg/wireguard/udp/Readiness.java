package io.pptp2wg.wireguard.udp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test aid: waiting for a socket to become readable, with a deadline (poll(2)), not a sleep. */
final class Readiness {
    /** poll(2): int poll(struct pollfd *fds, nfds_t nfds, int timeout), struct pollfd {int fd; short events, revents}. */
    private static final MethodHandle POLL = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("poll").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final short POLLIN = 1;

    private Readiness() {
    }

    /** Blocks until {@code fd} has a datagram to read or {@code deadlineNanos} (System.nanoTime) passes. */
    static void awaitReadable(int fd, long deadlineNanos) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfd = arena.allocate(8, 4);
            pollfd.set(ValueLayout.JAVA_INT, 0, fd);
            pollfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
            int n = (int) POLL.invokeExact(pollfd, 1L, (int) Math.min(left, Integer.MAX_VALUE));
            assertTrue(n >= 0, "poll(2) failed");
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
