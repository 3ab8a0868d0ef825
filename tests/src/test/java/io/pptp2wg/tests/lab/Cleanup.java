package io.pptp2wg.tests.lab;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The safety net behind every lab object's own {@code close()}: whatever is still open when the JVM
 * exits (a test that forgot try-with-resources, a failsafe timeout's SIGTERM) is closed by one shutdown
 * hook, newest first. A SIGKILLed JVM cannot run hooks: for that, long-lived children are started with
 * a parent-death signal (see {@link Launcher}) and VMs power themselves off after their lifetime.
 */
public final class Cleanup {
    private static final Deque<AutoCloseable> OPEN = new ArrayDeque<>();
    private static boolean hooked;

    private Cleanup() {}

    /** Registers {@code resource}; its own close() must call {@link #forget}. */
    public static synchronized void register(AutoCloseable resource) {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::closeAll, "lab-cleanup"));
            hooked = true;
        }
        OPEN.push(resource);
    }

    public static synchronized void forget(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    private static void closeAll() {
        List<AutoCloseable> left;
        synchronized (Cleanup.class) {
            left = new ArrayList<>(OPEN);
            OPEN.clear();
        }
        for (AutoCloseable c : left) {
            try {
                System.err.println("[lab] shutdown: closing " + c);
                c.close();
            } catch (Exception e) {
                System.err.println("[lab] shutdown: " + c + ": " + e);
            }
        }
    }
}
