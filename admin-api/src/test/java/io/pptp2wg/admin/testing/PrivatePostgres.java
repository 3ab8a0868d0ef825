package io.pptp2wg.admin.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of one test's own, from Debian's binaries, on a free loopback port and a temporary directory
 * ({@code tools/private-postgres.sh} does the work): the test may {@link #stop()} and {@link #start()} it again (a
 * database outage) without touching the machine's shared server that other tests and CI use. {@link #close()} stops
 * the postmaster it started (by the PID in its data directory) and deletes the directory; a JVM shutdown hook does
 * the same for a test that forgot.
 *
 * <pre>{@code
 * try (PrivatePostgres db = PrivatePostgres.create()) {
 *     Fixture.Postgres pg = db.postgres();   // url, user, password and a fresh schema name
 *     db.stop(); ... db.start();             // same port, same data
 * }
 * }</pre>
 */
public final class PrivatePostgres implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 60;
    private final Path script;
    private final Path dir;
    private final int port;
    private final Thread hook;
    private volatile long pid;
    private boolean closed;

    private PrivatePostgres(Path script, Path dir, int port) {
        this.script = script;
        this.dir = dir;
        this.port = port;
        this.hook = new Thread(() -> run("delete", dir.toString()), "private-postgres-cleanup");
    }

    /** Whether Debian's server binaries are installed (tools/setup.d/30-postgres.sh installs them). */
    public static boolean available() {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.anyMatch(v -> Files.isExecutable(v.resolve("bin/initdb")));
        } catch (IOException e) {
            return false;
        }
    }

    /** initdb into a new temporary directory and start the server on a free loopback port. */
    public static PrivatePostgres create() {
        Path script = script();
        Path dir;
        try {
            dir = Files.createTempDirectory("pptp2wg-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port may be taken between the probe and the start
            PrivatePostgres pg = new PrivatePostgres(script, dir, freePort());
            Runtime.getRuntime().addShutdownHook(pg.hook);
            try {
                pg.start();
                return pg;
            } catch (IllegalStateException e) {
                last = e;
                pg.close();
            }
        }
        throw last;
    }

    /** Starts the server again (after {@link #stop()}): same port, same data. Returns once it accepts connections. */
    public void start() {
        String out = run("start", dir.toString(), Integer.toString(port));
        pid = out.lines().filter(l -> l.startsWith("pid=")).map(l -> Long.parseLong(l.substring(4).strip()))
                .findFirst().orElseThrow(() -> new IllegalStateException("private-postgres printed no pid: " + out));
    }

    /** A fast shutdown: every connection is closed, new ones are refused until {@link #start()}. */
    public void stop() {
        run("stop", dir.toString());
        pid = 0;
    }

    /** The postmaster's PID while it runs, else 0. */
    public long pid() {
        return pid;
    }

    public int port() {
        return port;
    }

    /** The server log (for a failure message). */
    public Path log() {
        return dir.resolve("server.log");
    }

    /** The server as a fixture: database {@code postgres}, superuser pptp2wg_test, a schema name of its own. */
    public Fixture.Postgres postgres() {
        return new Fixture.Postgres("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "pptp2wg_test",
                "pptp2wg_test", "t_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            run("delete", dir.toString());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway, deleting nothing twice
            }
        }
    }

    private String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            // the output is small (a pid line, or a log tail on failure); read it after the bounded wait
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("private-postgres " + String.join(" ", args) + " took over "
                        + TIMEOUT_SECONDS + " s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("private-postgres " + String.join(" ", args) + " failed (exit "
                        + p.exitValue() + "): " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** tools/private-postgres.sh of this checkout (the tests run in a module's directory). */
    private static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("tools/private-postgres.sh");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new IllegalStateException("no tools/private-postgres.sh above " + Path.of("").toAbsolutePath());
    }

    @Override
    public String toString() {
        return "private PostgreSQL on 127.0.0.1:" + port + " (pid " + pid + ", " + dir + ")";
    }
}
