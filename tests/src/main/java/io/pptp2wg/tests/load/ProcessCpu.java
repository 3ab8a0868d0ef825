package io.pptp2wg.tests.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU seconds (user + system, every thread) a process has used so far, from /proc/PID/stat. */
final class ProcessCpu {
    private ProcessCpu() {}

    /** Linux USER_HZ on x86-64 and arm64. */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    /** -1 when the process is gone or unreadable. */
    static double seconds(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static double self() {
        return seconds(ProcessHandle.current().pid());
    }
}
