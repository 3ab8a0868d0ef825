package io.pptp2wg.tests.lab;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Moves the calling thread into a network namespace with setns(2), through the FFM API. A network
 * namespace is a per-thread attribute on Linux: sockets the thread creates afterwards live in that
 * namespace for good, whichever thread uses them later.
 */
final class SetNs {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final MethodHandle OPEN = function("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SETNS = function("setns",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = function("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private SetNs() {}

    @SuppressWarnings("restricted") // native access is enabled for the test JVMs (failsafe argLine)
    private static MethodHandle function(String name, FunctionDescriptor fd) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new LabException("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, ERRNO);
    }

    /** Moves the current thread into the namespace bound at {@code /run/netns/NAME}. */
    static void enter(String netnsName) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            MemorySegment path = arena.allocateFrom("/run/netns/" + netnsName);
            int fd = (int) OPEN.invokeExact(state, path, O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                throw new LabException("open /run/netns/" + netnsName + ": errno " + errno(state));
            }
            try {
                int rc = (int) SETNS.invokeExact(state, fd, CLONE_NEWNET);
                if (rc != 0) {
                    throw new LabException("setns(" + netnsName + "): errno " + errno(state) + " (needs root)");
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(state, fd);
            }
        } catch (LabException e) {
            throw e;
        } catch (Throwable t) {
            throw new LabException("setns(" + netnsName + ") failed", t);
        }
    }

    private static int errno(MemorySegment state) {
        return state.get(ValueLayout.JAVA_INT, Linker.Option.captureStateLayout().byteOffset(
                java.lang.foreign.MemoryLayout.PathElement.groupElement("errno")));
    }
}
