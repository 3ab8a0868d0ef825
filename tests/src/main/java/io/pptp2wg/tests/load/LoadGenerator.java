package io.pptp2wg.tests.load;

import io.pptp2wg.gateway.gre.RawSocketException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The load generator's command line: a PPTP client stack in one JVM (event loops, no thread per
 * session) opening N sessions against a PPTP server (the gateway, or pptpd) and pushing traffic
 * through them; prints a summary table, optionally JSON. Run it as root (raw GRE socket, TUN) inside
 * the network namespace it should use. See docs/loadgen.md; {@code --help} lists the options.
 * Exit status: 0 when every session came up, 1 when some did not, 2 on a usage or start-up error.
 */
public final class LoadGenerator {
    private LoadGenerator() {}

    public static void main(String[] args) {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("loadgen: " + e.getMessage());
            }
            System.err.print(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        quietLogging(options.debugSessions() > 0);
        LoadReport report;
        try {
            report = run(options);
        } catch (RawSocketException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.exit(2);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(2);
            return;
        }
        System.out.print(report.table());
        if (options.json() != null) {
            if (options.json().equals("-")) {
                System.out.println(report.json());
            } else {
                try {
                    Files.writeString(Path.of(options.json()), report.json() + "\n");
                } catch (IOException e) {
                    System.err.println("loadgen: cannot write " + options.json() + ": " + e.getMessage());
                    System.exit(2);
                }
            }
        }
        System.exit(report.setup().up() == options.sessions() ? 0 : 1);
    }

    /** One run, in the network namespace of the calling thread; progress lines on standard error unless quiet. */
    static LoadReport run(LoadOptions options) throws RawSocketException, InterruptedException {
        io.pptp2wg.gateway.mppe.OpenSslRc4.install(); // the clients' MPPE on OpenSSL's RC4, as the gateway's
        if (options.warmup() > 0) {
            if (!options.quiet()) {
                System.err.println("[loadgen] warm-up: " + options.warmup() + " churned sessions, not reported");
            }
            try (LoadRun warmup = new LoadRun(options.warmupRun(options.warmup()), null)) {
                warmup.run();
            }
        }
        try (LoadRun run = new LoadRun(options, options.quiet() ? null : System.err)) {
            return run.run();
        }
    }

    /** Netty's and the gateway classes' logging at WARN (logback's default is DEBUG), INFO with --debug. */
    static void quietLogging(boolean debug) {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(debug ? ch.qos.logback.classic.Level.INFO : ch.qos.logback.classic.Level.WARN);
        }
    }
}
