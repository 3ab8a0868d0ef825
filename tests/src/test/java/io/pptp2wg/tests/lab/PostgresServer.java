package io.pptp2wg.tests.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A PostgreSQL server of the test's own (Debian's binaries, {@code tools/private-postgres.sh}) inside a lab namespace,
 * listening on one documentation address of it for the clients of one documentation network: the database that
 * several gateways in other namespaces share, which the test may stop and start (the machine's shared server is never
 * touched). Closed (the postmaster it started stopped by its PID, the directory deleted) before its namespace is.
 *
 * <pre>{@code
 * try (Netns db = Netns.createStandalone()) {
 *     lab.plugIntoBridge(db, "192.0.2.4/24");
 *     PostgresServer pg = PostgresServer.start(db, "192.0.2.4", "192.0.2.0/24");
 *     pg.jdbcUrl();   // jdbc:postgresql://192.0.2.4:5432/postgres, user/password pg.user()/pg.password()
 * }
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {
    public static final int PORT = 5432;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private final Netns ns;
    private final String address;
    private final String clients;
    private final Path dir;
    private boolean closed;

    private PostgresServer(Netns ns, String address, String clients, Path dir) {
        this.ns = ns;
        this.address = address;
        this.clients = clients;
        this.dir = dir;
    }

    /** initdb into a new directory under /tmp (the postgres user must reach it) and start; returns once it accepts. */
    public static PostgresServer start(Netns ns, String address, String clientsCidr) {
        DocumentationAddresses.require("listen", address);
        DocumentationAddresses.require("clients", clientsCidr);
        Path dir;
        try {
            dir = Files.createTempDirectory("pptp2wg-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresServer pg = new PostgresServer(ns, address, clientsCidr, dir);
        ns.own(pg);
        Cleanup.register(pg);
        try {
            pg.start();
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    /** Starts it again after {@link #stop()}: same address, port and data. */
    public void start() {
        script("start", dir.toString(), Integer.toString(PORT), address, clients);
    }

    /** A fast shutdown: connections closed, new ones refused. */
    public void stop() {
        script("stop", dir.toString());
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + address + ":" + PORT + "/postgres";
    }

    public String user() {
        return "pptp2wg_test";
    }

    public String password() {
        return "pptp2wg_test";
    }

    /** config.yml's {@code database:} section for a gateway on this server (schema {@code schema}, made first). */
    public String[] databaseYaml(String schema) {
        return new String[] {"database:", "  driverClass: org.postgresql.Driver",
                "  url: " + jdbcUrl() + "?currentSchema=" + schema, "  user: " + user(), "  password: " + password()};
    }

    /** Runs SQL as the superuser through psql inside the namespace (e.g. CREATE SCHEMA). */
    public String sql(String statement) {
        return ns.exec(TIMEOUT, "env", "PGPASSWORD=" + password(), "psql", "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1",
                "-h", address, "-p", Integer.toString(PORT), "-U", user(), "-d", "postgres", "-c", statement)
                .orThrow().stdout();
    }

    public Path log() {
        return dir.resolve("server.log");
    }

    private void script(String... args) {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "bash";
        cmd[1] = Lab.projectRoot().resolve("tools/private-postgres.sh").toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        ns.exec(TIMEOUT, cmd).orThrow();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            script("delete", dir.toString());
        } catch (RuntimeException e) {
            System.err.println("[lab] " + this + ": " + e.getMessage());
        }
        ns.disown(this);
        Cleanup.forget(this);
    }

    @Override
    public String toString() {
        return "PostgreSQL " + address + ":" + PORT + " in " + ns + " (" + dir + ")";
    }
}
