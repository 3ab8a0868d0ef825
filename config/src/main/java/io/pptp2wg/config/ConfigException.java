package io.pptp2wg.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot be used; the message lists every error as {@code FILE:LINE: problem}. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String file, int line, String message) {
        this(List.of(new ConfigProblem(ConfigProblem.Severity.ERROR, file, line, message)));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
