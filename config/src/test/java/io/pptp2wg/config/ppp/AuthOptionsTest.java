package io.pptp2wg.config.ppp;

import io.pptp2wg.config.ConfigProblem;
import io.pptp2wg.config.DropInLoader;
import io.pptp2wg.config.DropInPaths;
import io.pptp2wg.config.Problems;
import io.pptp2wg.config.secrets.UserDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.pptp2wg.config.ppp.AuthProtocol.CHAP_MD5;
import static io.pptp2wg.config.ppp.AuthProtocol.MSCHAP_V1;
import static io.pptp2wg.config.ppp.AuthProtocol.MSCHAP_V2;
import static io.pptp2wg.config.ppp.AuthProtocol.PAP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which methods clients may authenticate with, as pppd 2.4.9 reads the options on a server (the
 * expectations were taken from pptpd 1.4.0 in AuthNegotiationIT: with 'auth' and no require-* line it
 * accepts MS-CHAPv1, CHAP-MD5 and PAP after a Nak, and its refuse-* options keep no client out).
 */
class AuthOptionsTest {
    private static final Path FILE = Path.of("/etc/ppp/options.pptpd");

    private static PppOptions parse(Problems problems, String... lines) {
        return PppOptionsParser.parse(FILE, String.join("\n", lines) + "\n", problems);
    }

    private static List<ConfigProblem> warnings(Problems p) {
        return p.all().stream().filter(c -> c.severity() == ConfigProblem.Severity.WARNING).toList();
    }

    @Test
    void authAloneAllowsEveryMethodPppdOffersAndWarnsOnceThatWeakOnesAreAllowed() {
        Problems p = new Problems();
        PppOptions o = parse(p, "name pptpd", "auth", "mtu 1400");
        assertEquals(List.of(MSCHAP_V2, MSCHAP_V1, CHAP_MD5, PAP), o.auth());
        assertFalse(o.mppe().required());
        List<ConfigProblem> w = warnings(p);
        assertEquals(1, w.size(), p.all().toString());
        assertEquals(2, w.getFirst().line());
        assertTrue(w.getFirst().message().contains("weak methods allowed: MS-CHAPv1, CHAP-MD5, PAP"), w.toString());
        assertTrue(w.getFirst().message().contains("require-mschap-v2"), w.toString());
    }

    @Test
    void authWithMppeRequiredLeavesOnlyMsChapAsPppdsCcpDoes() {
        Problems p = new Problems();
        PppOptions o = parse(p, "auth", "require-mppe-128");
        assertEquals(List.of(MSCHAP_V2, MSCHAP_V1), o.auth());
        List<ConfigProblem> w = warnings(p);
        assertEquals(1, w.size(), p.all().toString());
        assertTrue(w.getFirst().message().contains("weak methods allowed: MS-CHAPv1"), w.toString());
        assertTrue(w.getFirst().message().contains("CHAP-MD5 and PAP clients are refused"), w.toString());
        assertFalse(p.hasErrors());
    }

    @Test
    void refuseOptionsKeepNoClientOutAndSaySoWhenTheMethodIsStillAllowed() {
        // Debian's options.pptpd with require-mschap-v2 taken out: pptpd 1.4.0 let an MS-CHAPv1 client in
        Problems p = new Problems();
        PppOptions o = parse(p, "auth", "refuse-pap", "refuse-chap", "refuse-mschap", "require-mppe-128");
        assertEquals(List.of(MSCHAP_V2, MSCHAP_V1), o.auth());
        List<ConfigProblem> w = warnings(p);
        assertEquals(2, w.size(), p.all().toString());
        assertTrue(w.get(1).message().startsWith("'refuse-mschap' does not stop clients from logging in with MS-CHAPv1"), w.toString());
        assertEquals(4, w.get(1).line());
        // refuse-pap and refuse-chap: those methods are out anyway (MPPE), so only a note
        assertEquals(2, p.all().stream().filter(c -> c.severity() == ConfigProblem.Severity.IGNORED
                && c.message().contains("authenticating this server to the peer")).count(), p.all().toString());
    }

    @Test
    void requireOptionsNameTheMethodsAndRefuseChangesNothing() {
        Problems p = new Problems();
        assertEquals(List.of(MSCHAP_V2), parse(p, "refuse-pap", "refuse-chap", "refuse-mschap", "require-mschap-v2",
                "require-mppe-128").auth());
        assertTrue(warnings(p).isEmpty(), p.all().toString());
        Problems p2 = new Problems();
        assertEquals(List.of(MSCHAP_V2, MSCHAP_V1), parse(p2, "require-mschap-v2", "require-mschap", "refuse-mschap").auth());
        assertEquals(2, warnings(p2).size(), p2.all().toString()); // weak MS-CHAPv1, and refuse-mschap has no effect
        Problems p3 = new Problems();
        assertEquals(List.of(CHAP_MD5, PAP), parse(p3, "refuse-mschap", "refuse-mschap-v2", "require-chap", "require-pap").auth());
        assertTrue(warnings(p3).getFirst().message().contains("weak methods allowed: CHAP-MD5, PAP"), p3.all().toString());
    }

    @Test
    void withoutAuthOrRequireOnlyMsChapV2IsAllowed() {
        // pppd would ask for no authentication at all; the gateway always asks, MS-CHAPv2 only
        Problems p = new Problems();
        assertEquals(List.of(MSCHAP_V2), parse(p, "refuse-pap", "mtu 1400").auth());
        assertTrue(warnings(p).isEmpty(), p.all().toString());
    }

    @Test
    void explicitWeakMethodsUnderRequiredMppeAreDroppedWithAWarning() {
        Problems p = new Problems();
        assertEquals(List.of(MSCHAP_V1), parse(p, "require-mschap", "require-chap", "require-pap", "require-mppe").auth());
        assertTrue(warnings(p).stream().anyMatch(c -> c.message().startsWith("MPPE is required, so CHAP-MD5, PAP")), p.all().toString());
        Problems none = new Problems();
        parse(none, "require-pap", "require-mppe-128");
        assertTrue(none.hasErrors(), none.all().toString());
    }

    @Test
    void papSecretsPresence(@TempDir Path dir) throws Exception {
        Path options = dir.resolve("options.pptpd");
        Files.writeString(options, "name pptpd\nauth\n");
        Path chap = dir.resolve("chap-secrets");
        Files.writeString(chap, "test pptpd test *\n");
        Path pap = dir.resolve("pap-secrets");
        PppOptions o = parse(new Problems(), "name pptpd", "auth");

        // no pap-secrets: PAP is not offered (a note, not a warning: pppd does the same)
        Problems p = new Problems();
        UserDirectory users = DropInLoader.loadUsers(paths(options, chap, pap), o, p);
        assertFalse(users.hasPapEntries());
        assertTrue(warnings(p).isEmpty(), p.all().toString());
        assertTrue(p.all().stream().anyMatch(c -> c.message().contains("PAP is not offered")), p.all().toString());

        // pap-secrets with an entry for another server only: still none for us
        Files.writeString(pap, "test elsewhere test *\n");
        assertFalse(DropInLoader.loadUsers(paths(options, chap, pap), o, new Problems()).hasPapEntries());

        Files.writeString(pap, "papuser pptpd secret *\n");
        UserDirectory withPap = DropInLoader.loadUsers(paths(options, chap, pap), o, new Problems());
        assertTrue(withPap.hasPapEntries());
        assertTrue(withPap.pap("papuser").isPresent());
        assertFalse(withPap.pap("test").isPresent());
    }

    private static DropInPaths paths(Path options, Path chap, Path pap) {
        return new DropInPaths(Optional.empty(), Optional.of(options), chap, pap, Optional.empty(), false);
    }
}
