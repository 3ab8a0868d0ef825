package io.pptp2wg.config;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.MppeKeyLength;
import io.pptp2wg.config.ppp.StatefulMppe;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.pptp2wg.config.Fixtures.host;
import static io.pptp2wg.config.Fixtures.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OpenWrt routers: the packages feed's /etc/config/pptpd and luci-app-pptp-server's. */
class OpenWrtTest {

    private static GatewaySettings load(String uci, String options) {
        DropInPaths paths = new DropInPaths(Optional.empty(), Optional.ofNullable(options).map(Fixtures::host),
                host("openwrt/none"), host("openwrt/none-pap"), Optional.of(host(uci)), false);
        return DropInLoader.load(paths).orThrow();
    }

    @Test
    void packagesFeedDefaultFile() {
        GatewaySettings s = load("openwrt/pptpd", "openwrt/options.pptpd");
        assertEquals(ip("192.168.0.1"), s.localIp());
        assertEquals("192.168.0.20-192.168.0.30", s.remotePool().toString());
        assertEquals(Set.of("youruser"), s.users().userNames());
        assertEquals("yourpass", new String(s.users().chap("youruser").orElseThrow().secret().password()));
        // the init script's default: mppe required,no40,no56,stateless
        assertTrue(s.ppp().mppe().required());
        assertEquals(Set.of(MppeKeyLength.BITS_128), s.ppp().mppe().keyLengths());
        assertEquals(StatefulMppe.REFUSE, s.ppp().mppe().stateful());
        assertEquals(List.of(AuthProtocol.MSCHAP_V2), s.ppp().auth());
        assertEquals("pptp-server", s.ppp().name());
        assertEquals(1482, s.ppp().mru());
        assertEquals(60, s.ppp().lcpEchoInterval());
        assertEquals(3, s.ppp().lcpEchoFailure());
        // enabled '0' is said out loud, not silently obeyed or ignored
        assertTrue(s.notes().stream().anyMatch(n -> n.severity() == ConfigProblem.Severity.WARNING
                && n.message().contains("disabled")), s.notes().toString());
    }

    @Test
    void luciAppPptpServerSchema() {
        GatewaySettings s = load("luci/pptpd", null);
        assertEquals(ip("192.168.1.2"), s.localIp());
        assertEquals(11, s.remotePool().size());
        assertEquals(Set.of("laptop", "phone"), s.users().userNames(), "the disabled user is not loaded");
        assertEquals(Optional.of(ip("192.168.1.15")), s.users().fixedAddress("phone"));
        assertEquals(List.of(ip("192.168.1.1")), s.ppp().msDns());
        assertTrue(s.ppp().mppe().required(), "mppe '1' turns on 128-bit stateless MPPE");
        assertEquals(Set.of(MppeKeyLength.BITS_128), s.ppp().mppe().keyLengths());
    }

    @Test
    void luciMppeOffMeansNoMppe() throws Exception {
        var dir = java.nio.file.Files.createTempDirectory("uci");
        var f = dir.resolve("pptpd");
        java.nio.file.Files.writeString(f, "config service\n option mppe '0'\n option localip '10.9.0.1'\n"
                + " option remoteip '10.9.0.10-20'\nconfig users\n option username 'u'\n option password 'p'\n");
        DropInPaths paths = new DropInPaths(Optional.empty(), Optional.empty(), dir.resolve("x"), dir.resolve("y"),
                Optional.of(f), false);
        GatewaySettings s = DropInLoader.load(paths).orThrow();
        assertFalse(s.ppp().mppe().required());
    }
}
