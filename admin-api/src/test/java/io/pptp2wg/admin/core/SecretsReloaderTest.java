package io.pptp2wg.admin.core;

import io.pptp2wg.config.DropInLoader;
import io.pptp2wg.config.DropInPaths;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.config.wireguard.WgQuickReader;
import io.pptp2wg.config.wireguard.WireGuardMode;
import io.pptp2wg.config.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** chap-secrets edits are picked up without a restart; a broken edit is not applied. */
class SecretsReloaderTest {
    @TempDir
    Path dir;

    @Test
    void changeIsPickedUpAndBrokenFileIsNotApplied() throws Exception {
        Path conf = dir.resolve("pptpd.conf");
        Path chap = dir.resolve("chap-secrets");
        Files.writeString(dir.resolve("options"), "name pptpd\nrequire-mschap-v2\n");
        Files.writeString(conf, "option " + dir.resolve("options") + "\nlocalip 198.51.100.1\nremoteip 198.51.100.10-20\n");
        Files.writeString(chap, "alice pptpd a *\nbob pptpd b *\n");
        DropInPaths paths = new DropInPaths(Optional.of(conf), Optional.empty(), chap, dir.resolve("pap"), Optional.empty(), false);
        var gw = DropInLoader.load(paths).orThrow();
        var wg = WgQuickReader.parse(dir.resolve("wg.conf"), "[Interface]\nPrivateKey = dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=\n"
                + "[Peer]\nPublicKey = hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=\nEndpoint = 192.0.2.2:51820\n"
                + "AllowedIPs = 203.0.113.0/24\n", WireGuardMode.SHARED, new Problems()).orElseThrow();
        SecretsReloader reloader = new SecretsReloader(paths, new DropInSettings(gw, wg, List.of()));
        List<UserDirectory> seen = new ArrayList<>();
        reloader.addListener(seen::add);

        reloader.pollOnce();
        assertTrue(seen.isEmpty(), "nothing changed, nothing reloaded");

        Files.writeString(chap, "alice pptpd a *\ncarol pptpd c *\n");
        Files.setLastModifiedTime(chap, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        reloader.pollOnce();
        assertEquals(1, seen.size());
        assertEquals(Set.of("alice", "carol"), seen.getFirst().userNames());
        assertEquals(Set.of("alice", "carol"), reloader.current().gateway().users().userNames());

        Files.writeString(chap, "alice pptpd a 198.51.100.999\n");
        Files.setLastModifiedTime(chap, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        reloader.pollOnce();
        assertEquals(1, seen.size(), "a file with an error is not applied");
        assertEquals(Set.of("alice", "carol"), reloader.current().gateway().users().userNames());
        assertTrue(reloader.reload().contains(chap + ":1: '198.51.100.999' is not an IPv4 address"));
    }
}
