package io.pptp2wg.tests.load;

import io.pptp2wg.tests.lab.Netns;

import java.time.Duration;

/** The load generator for the interop tests of other packages: one run inside a namespace, its report as JSON. */
public final class LoadGeneratorLab {
    private LoadGeneratorLab() {
    }

    /** Runs the load generator with command-line {@code args} inside {@code ns}; prints its table, returns its JSON. */
    public static String runJson(Netns ns, Duration timeout, String... args) throws Exception {
        LoadGenerator.quietLogging(false);
        LoadOptions o = LoadOptions.parse(args);
        LoadReport r = ns.call(timeout, () -> LoadGenerator.run(o));
        System.out.print(r.table());
        return r.json();
    }
}
