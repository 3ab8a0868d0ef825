package io.pptp2wg.tests.lab;

import java.util.List;

/** A finished command: its exit code and what it printed. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0;
    }

    /** This result, or an exception that shows the command, its exit code and its stderr. */
    public CommandResult orThrow() {
        if (!ok()) {
            throw new LabException(String.join(" ", command) + " exited " + exitCode
                    + (stderr.isBlank() ? "" : ": " + stderr.strip()) + (stdout.isBlank() ? "" : "\nstdout: " + stdout.strip()));
        }
        return this;
    }
}
