package io.pptp2wg.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.pptp2wg.config.Fixtures.host;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every mistake is reported with its file and line, and no secret appears in any message. */
class BrokenHostTest {

    @Test
    void everyProblemNamesFileAndLine() {
        DropInPaths paths = new DropInPaths(Optional.of(host("broken/pptpd.conf")), Optional.of(host("broken/options.pptpd")),
                host("broken/chap-secrets"), host("broken/none"), Optional.empty(), false);
        DropInLoader.Loaded loaded = DropInLoader.load(paths);
        assertTrue(loaded.settings().isEmpty());
        List<String> errors = loaded.problems().errors().stream().map(ConfigProblem::toString).toList();
        String conf = host("broken/pptpd.conf").toString();
        String opts = host("broken/options.pptpd").toString();
        String chap = host("broken/chap-secrets").toString();
        assertHas(errors, conf + ":3: remoteip: range '10.2.0.10-5' ends before it starts");
        assertHas(errors, conf + ":4: 'connections' needs a positive whole number, got 'many'");
        assertHas(errors, opts + ":2: 'noauth' would let anyone in");
        assertHas(errors, opts + ":3: 'plugin rp-pppoe.so' cannot be loaded");
        assertHas(errors, opts + ":4: 'mtu' needs a whole number from 128 to 16384, got '99999'");
        assertHas(errors, opts + ":5: 'ms-dns' needs an IPv4 address, got 'not-an-ip'");
        assertHas(errors, chap + ":1: '10.2.0.300' is not an IPv4 address (user 'alice')");
        assertHas(errors, chap + ":2: an entry needs at least: client server secret (the secret is missing)");
        for (ConfigProblem p : loaded.problems().all()) {
            assertFalse(p.toString().contains("SuperSecretPassword1"), "a secret leaked into: " + p);
        }
    }

    private static void assertHas(List<String> errors, String prefix) {
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(prefix)), "missing '" + prefix + "' in\n" + String.join("\n", errors));
    }
}
