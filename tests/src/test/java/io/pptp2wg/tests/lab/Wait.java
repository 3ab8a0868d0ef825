package io.pptp2wg.tests.lab;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling for state outside the JVM (a port, a file, a process), always with a deadline. */
public final class Wait {
    private Wait() {}

    /** Polls {@code condition} every {@code every} until true; false when {@code timeout} passed first. */
    public static boolean until(BooleanSupplier condition, Duration timeout, Duration every) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Like {@link #until}, throwing {@code what} when the deadline passes. */
    public static void orThrow(BooleanSupplier condition, Duration timeout, Duration every, String what) {
        if (!until(condition, timeout, every)) {
            throw new LabException("timed out after " + timeout + ": " + what);
        }
    }
}
