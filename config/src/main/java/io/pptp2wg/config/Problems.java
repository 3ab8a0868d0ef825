package io.pptp2wg.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Collects the problems found while reading configuration files, in the order found. */
public final class Problems {
    private final List<ConfigProblem> all = new ArrayList<>();

    public void error(String file, int line, String message) {
        all.add(new ConfigProblem(ConfigProblem.Severity.ERROR, file, line, message));
    }

    public void warning(String file, int line, String message) {
        all.add(new ConfigProblem(ConfigProblem.Severity.WARNING, file, line, message));
    }

    public void ignored(String file, int line, String message) {
        all.add(new ConfigProblem(ConfigProblem.Severity.IGNORED, file, line, message));
    }

    /**
     * The path a file names with {@code what} (relative to the working directory, as pppd and pptpd read it), or an
     * error at FILE:LINE when the text cannot be a path (a NUL byte: found by fuzzing). The text is not echoed: it
     * may be a secret's file name.
     */
    public Optional<Path> path(String file, int line, String what, String text) {
        try {
            return Optional.of(Path.of(text));
        } catch (InvalidPathException e) {
            error(file, line, what + " names no valid path: " + e.getReason());
            return Optional.empty();
        }
    }

    public void addAll(Problems other) {
        all.addAll(other.all);
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(p -> p.severity() == ConfigProblem.Severity.ERROR);
    }

    public List<ConfigProblem> all() {
        return Collections.unmodifiableList(all);
    }

    public List<ConfigProblem> errors() {
        return all.stream().filter(p -> p.severity() == ConfigProblem.Severity.ERROR).toList();
    }

    /** Throws a {@link ConfigException} listing every error, if there is one. */
    public void throwIfErrors() {
        if (hasErrors()) {
            throw new ConfigException(errors());
        }
    }
}
