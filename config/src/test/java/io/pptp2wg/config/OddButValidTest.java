package io.pptp2wg.config;

import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.config.ppp.PppOptionsParser;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.config.pptpd.PptpdConf;
import io.pptp2wg.config.pptpd.PptpdConfParser;
import io.pptp2wg.config.secrets.SecretsEntry;
import io.pptp2wg.config.secrets.SecretsParser;
import io.pptp2wg.config.text.ConfigFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static io.pptp2wg.config.Fixtures.host;
import static io.pptp2wg.config.Fixtures.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tabs, quotes, trailing comments, CRLF line ends, odd case: all valid, all read as pptpd/pppd do. */
class OddButValidTest {

    @Test
    void pptpdConfWithCrlfTabsQuotesAndTrailingComments() throws Exception {
        Problems problems = new Problems();
        Path p = host("odd/pptpd.conf");
        PptpdConf conf = PptpdConfParser.parse(p, ConfigFiles.read(p), problems);
        assertEquals(Optional.of(Path.of("odd/options.pptpd")), conf.optionFile());
        assertEquals(ip("10.1.0.1"), conf.localIp().first().orElseThrow());
        assertEquals("10.1.0.10-10.1.0.20,10.1.0.30", conf.remoteIp().toString());
        assertEquals(7, conf.connections());
        assertEquals(5, conf.stimeoutSeconds());
        assertFalse(problems.hasErrors(), problems.all().toString());
    }

    @Test
    void optionsWithCrlfQuotesAndLocalColon() {
        Problems problems = new Problems();
        PppOptions o = PppOptionsParser.read(host("odd/options.pptpd"), problems);
        assertEquals("my server", o.name());
        assertEquals(StatefulMppe.ALLOW, o.mppe().stateful());
        assertEquals(List.of(ip("10.1.0.53"), ip("10.1.0.54")), o.msDns());
        assertTrue(problems.all().stream().anyMatch(pr -> pr.line() == 8 && pr.message().contains("only two ms-dns")),
                problems.all().toString());
        assertEquals(List.of(ip("10.1.0.60")), o.msWins());
        assertEquals(Optional.of(ip("10.1.0.1")), o.localIp());
        assertTrue(o.stripDomain());
        assertFalse(problems.hasErrors(), problems.all().toString());
    }

    @Test
    void secretsWithQuotesEscapesWildcardsAndNtHash() throws Exception {
        Problems problems = new Problems();
        Path p = host("odd/chap-secrets");
        List<SecretsEntry> entries = SecretsParser.parse(p, ConfigFiles.read(p), problems);
        assertFalse(problems.hasErrors(), problems.all().toString());
        assertEquals(3, entries.size());
        SecretsEntry quoted = entries.get(0);
        assertEquals("quoted user", quoted.client());
        assertEquals("my server", quoted.server());
        assertEquals("sp ace#notcomment", new String(quoted.secret().password()));
        assertEquals(Optional.of(ip("10.1.0.40")), quoted.fixedAddress());
        assertEquals(2, quoted.line());
        SecretsEntry plain = entries.get(1);
        assertEquals("p\"q", new String(plain.secret().password()));
        assertTrue(plain.anyAddress());
        SecretsEntry hash = entries.get(2);
        assertTrue(hash.secret().isNtHash());
        assertArrayEquals(HexFormat.of().parseHex("44EBBA8D5312B8D611474411F56989AE"), hash.secret().storedNtHash());
        assertEquals("Secret[NT hash, hidden]", hash.secret().toString());
    }
}
