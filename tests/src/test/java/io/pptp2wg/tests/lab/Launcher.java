package io.pptp2wg.tests.lab;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts every child process of the lab from one long-lived thread.
 * <p>
 * Long-lived children (qemu, the gateway, tcpdump, wireguard-go...) run under
 * {@code setpriv --pdeathsig KILL}, so a SIGKILLed test JVM takes them along. Linux sends that signal
 * when the <em>thread</em> that forked the child exits, so they must not be forked from a test thread
 * that may end (a JUnit timeout thread, an executor): this thread lives as long as the JVM.
 */
final class Launcher {
    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lab-launcher");
        t.setDaemon(true);
        return t;
    });

    private Launcher() {}

    /** Starts {@code pb} from the launcher thread. */
    static Process start(ProcessBuilder pb) throws IOException {
        // submit(), never execute(): an exception must not end (and replace) the thread
        Future<Process> f = THREAD.submit(pb::start);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + pb.command(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot start " + pb.command(), e.getCause());
        }
    }

    /** {@code command} prefixed so that it dies with this JVM. */
    static List<String> dieWithJvm(List<String> command) {
        List<String> c = new ArrayList<>(List.of("setpriv", "--pdeathsig", "KILL", "--"));
        c.addAll(command);
        return c;
    }
}
