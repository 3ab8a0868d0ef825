package io.pptp2wg.config;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the example hosts' files under src/test/resources/hosts. */
final class Fixtures {
    private Fixtures() {}

    /** A file of an example host; it need not exist (tests of missing files). */
    static Path host(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/hosts").toURI()).resolve(name);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static int ip(String dotted) {
        return (int) Ipv4.parse(dotted).orElseThrow();
    }
}
