package io.pptp2wg.config;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.MppeKeyLength;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.config.pptpd.PptpdConf;
import io.pptp2wg.config.pptpd.PptpdConfParser;
import io.pptp2wg.config.text.ConfigFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.pptp2wg.config.Fixtures.host;
import static io.pptp2wg.config.Fixtures.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A host set up from poptop's sample pptpd.conf and options.pptpd. */
class PoptopSampleTest {

    @Test
    void pptpdConfAsPoptopShipsIt() throws Exception {
        Problems problems = new Problems();
        Path p = host("poptop/pptpd.conf");
        PptpdConf conf = PptpdConfParser.parse(p, ConfigFiles.read(p), problems);
        assertEquals(Optional.of(Path.of("/etc/ppp/options.pptpd")), conf.optionFile());
        assertEquals(10, conf.optionLine());
        assertTrue(conf.logwtmp());
        assertEquals("192.168.0.1", conf.localIp().toString());
        assertEquals("192.168.0.234-192.168.0.238,192.168.0.245", conf.remoteIp().toString());
        assertEquals(6, conf.remoteIp().size());
        assertEquals(PptpdConf.DEFAULT_CONNECTIONS, conf.connections());
        assertEquals(PptpdConf.DEFAULT_STIMEOUT_SECONDS, conf.stimeoutSeconds());
        assertFalse(problems.hasErrors());
        assertTrue(problems.all().isEmpty(), problems.all().toString());
    }

    @Test
    void wholeHostLoads() {
        DropInPaths paths = new DropInPaths(Optional.of(host("poptop/pptpd.conf")), Optional.of(host("poptop/options.pptpd")),
                host("poptop/chap-secrets"), host("poptop/no-pap-secrets"), Optional.empty(), false);
        GatewaySettings s = DropInLoader.load(paths).orThrow();
        assertEquals(ip("192.168.0.1"), s.localIp());
        assertEquals(List.of(AuthProtocol.MSCHAP_V2), s.ppp().auth());
        assertTrue(s.ppp().mppe().required());
        assertEquals(Set.of(MppeKeyLength.BITS_128), s.ppp().mppe().keyLengths());
        assertEquals(StatefulMppe.REFUSE, s.ppp().mppe().stateful());
        assertEquals("pptpd", s.ppp().name());
        // the entry for server "elsewhere" does not apply to us, as with pppd
        assertEquals(Set.of("fixed", "username"), s.users().userNames());
        assertEquals(Optional.of(ip("192.168.0.245")), s.users().fixedAddress("fixed"));
        assertEquals(Optional.empty(), s.users().fixedAddress("username"));
        char[] pw = s.users().chap("fixed").orElseThrow().secret().password();
        assertEquals("pass word", new String(pw));
        // proxyarp, nodefaultroute, lock, nobsdcomp, novj, novjccomp, nologfd, and refuse-pap/chap/mschap (on a
        // server they only concern pppd authenticating itself; require-mschap-v2 names the clients' method)
        long ignored = s.notes().stream().filter(n -> n.severity() == ConfigProblem.Severity.IGNORED).count();
        assertEquals(10, ignored, s.notes().toString());
        assertTrue(s.notes().stream().anyMatch(n -> n.toString().contains("options.pptpd:23: ignored: proxyarp")),
                s.notes().toString());
    }
}
