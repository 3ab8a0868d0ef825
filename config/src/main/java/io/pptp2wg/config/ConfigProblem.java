package io.pptp2wg.config;

import java.util.Objects;

/**
 * One thing wrong (or worth saying) about a configuration file, located by file and line.
 * Printed as {@code FILE:LINE: problem}, the form compilers use, so editors can jump to it.
 * A message never contains a secret: readers quote option names and addresses, never values
 * from a secrets column.
 */
public record ConfigProblem(Severity severity, String file, int line, String message) {

    public enum Severity {
        /** The gateway cannot run with this: {@code check} fails and {@code server} refuses to start. */
        ERROR,
        /** Accepted, but the administrator should know (an option the gateway cannot honour fully). */
        WARNING,
        /** Accepted and without effect on a gateway (proxyarp, lock...), listed once at start-up. */
        IGNORED
    }

    public ConfigProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line : file;
        return switch (severity) {
            case ERROR -> where + ": " + message;
            case WARNING -> where + ": warning: " + message;
            case IGNORED -> where + ": ignored: " + message;
        };
    }
}
