package io.pptp2wg.admin.core;

import com.wireguard.config.Config;
import com.wireguard.crypto.KeyPair;
import io.pptp2wg.admin.db.DeviceDao;
import io.pptp2wg.admin.db.DeviceSighting;
import io.pptp2wg.admin.db.UserDao;
import io.pptp2wg.admin.testing.OldHost;
import io.pptp2wg.admin.testing.TestDatabase;
import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.Problems;
import io.pptp2wg.config.wireguard.WgQuickReader;
import io.pptp2wg.config.wireguard.WireGuardMode;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-device cut-over against a real (embedded) database: identities, addresses, sealing, restarts. */
class DeviceCutoversTest {
    @TempDir
    Path dir;
    final Jdbi jdbi = TestDatabase.h2();
    final UserDao users = new UserDao(jdbi);
    final DeviceDao devices = new DeviceDao(jdbi);
    final SecureRandom random = new SecureRandom();
    final AtomicReference<GatewaySettings> settings = new AtomicReference<>();
    final KeyPair backend = new KeyPair();

    /** One start of the admin side: everything loaded from the database, as AdminCore does. */
    final class Start {
        final StoredIdentities identities;
        final StickyAddresses addresses;
        final DeviceBook book = new DeviceBook(devices);
        final DeviceCutovers cutovers;

        Start() {
            Set<String> names = settings.get().users().userNames();
            KeySealer sealer = KeySealer.fromFile(dir.resolve("identity.key"), random);
            identities = new StoredIdentities(users, sealer, random, names::contains, Clock.systemUTC());
            identities.load();
            identities.ensureAll(names);
            book.load();
            addresses = new StickyAddresses(users, settings::get, WireGuardMode.PER_USER, Clock.systemUTC());
            addresses.load();
            addresses.reserved(devices.addresses());
            addresses.assignAll(names);
            Problems p = new Problems();
            var wg = WgQuickReader.parse(Path.of("wg.conf"), "[Interface]\nPrivateKey = "
                    + new KeyPair().getPrivateKey().toBase64() + "\n\n[Peer]\nPublicKey = " + backend.getPublicKey().toBase64()
                    + "\nEndpoint = 198.51.100.1:51820\nAllowedIPs = 203.0.113.0/24\n", WireGuardMode.PER_USER, p)
                    .orElseThrow(() -> new AssertionError(p.all()));
            CutoverConfigs configs = new CutoverConfigs(wg, java.util.Optional.empty(), List.of(), List.of(),
                    () -> List.of(), 25, java.util.Optional.empty());
            cutovers = new DeviceCutovers(devices, book, identities, addresses, sealer, random, configs,
                    WireGuardMode.PER_USER, Clock.systemUTC());
        }
    }

    void host(String pool, String... userAndAddress) {
        Map<String, String> u = new LinkedHashMap<>();
        for (int i = 0; i < userAndAddress.length; i += 2) {
            u.put(userAndAddress[i], userAndAddress[i + 1]);
        }
        settings.set(OldHost.settings(dir, pool, u));
    }

    void seen(String user, String deviceId, String name) {
        jdbi.useTransaction(h -> DeviceDao.record(h, List.of(new DeviceSighting(user, deviceId, name, "Microsoft", 7601,
                "", "plain", List.of("MSRAS-0-" + name), Instant.parse("2025-01-01T00:00:00Z"), "198.51.100.9",
                "MS-CHAPv2", true))));
    }

    static Config parse(String text) throws Exception {
        return Config.parse(new BufferedReader(new StringReader(text)));
    }

    @Test
    void theFirstDeviceTakesTheUsersIdentityFurtherOnesGetTheirOwnKeyAndAddress() throws Exception {
        host("192.0.2.100-109", "alice", "*", "bob", "192.0.2.100", "carol", "*");
        Start s = new Start();
        for (String d : List.of("a1", "a2", "a3")) {
            seen("alice", "00000000000000" + d, "PC-" + d);
        }
        KeyPair alice = s.identities.identityFor("alice").orElseThrow();
        int aliceAddress = s.addresses.addressOf("alice").orElseThrow();

        DeviceCutovers.Issued first = s.cutovers.issue("alice", "00000000000000a1");
        assertThat(first.identity()).isEqualTo("user-identity");
        assertThat(first.publicKey()).isEqualTo(alice.getPublicKey().toBase64());
        assertThat(first.tunnelAddress()).isEqualTo(aliceAddress);
        assertThat(first.backendChange()).isFalse();
        assertThat(parse(first.config()).getInterface().getKeyPair().getPrivateKey()).isEqualTo(alice.getPrivateKey());

        DeviceCutovers.Issued second = s.cutovers.issue("alice", "00000000000000a2");
        DeviceCutovers.Issued third = s.cutovers.issue("alice", "00000000000000a3");
        Set<Integer> taken = new HashSet<>(List.of(aliceAddress, s.addresses.addressOf("carol").orElseThrow(),
                (int) Ipv4.parse("192.0.2.100").getAsLong(), (int) Ipv4.parse("192.0.2.1").getAsLong()));
        for (DeviceCutovers.Issued own : List.of(second, third)) {
            assertThat(own.identity()).isEqualTo("own-identity");
            assertThat(own.backendChange()).isTrue();
            assertThat(own.publicKey()).isNotEqualTo(alice.getPublicKey().toBase64());
            assertThat(taken.add(own.tunnelAddress())).as("a new address: " + Ipv4.format(own.tunnelAddress())).isTrue();
            assertThat(settings.get().remotePool().contains(own.tunnelAddress())).isTrue();
            Config c = parse(own.config());
            assertThat(c.getInterface().getKeyPair().getPublicKey().toBase64()).isEqualTo(own.publicKey());
            assertThat(own.backendPeer()).isEqualTo("# alice, device PC-" + own.device().id().substring(14) + " ("
                    + own.device().id() + ")\n[Peer]\nPublicKey = " + own.publicKey() + "\nAllowedIPs = "
                    + Ipv4.format(own.tunnelAddress()) + "/32\n");
        }
        assertThat(second.publicKey()).isNotEqualTo(third.publicKey());
        // sealed in the database: the private key never appears there
        String privateKey = parse(second.config()).getInterface().getKeyPair().getPrivateKey().toBase64();
        String sealed = devices.sealedKey("alice", "00000000000000a2").orElseThrow().sealedPrivateKey();
        assertThat(sealed).doesNotContain(privateKey);
        // issuing again: the same configuration
        assertThat(s.cutovers.issue("alice", "00000000000000a2").publicKey()).isEqualTo(second.publicKey());
        assertThat(s.cutovers.current("alice", "00000000000000a3").orElseThrow().tunnelAddress())
                .isEqualTo(third.tunnelAddress());
    }

    @Test
    void deviceAddressesStayReservedAcrossRestartsAndAreNeverAUsersOrASessions() {
        host("192.0.2.100-103", "alice", "*");
        Start s = new Start();
        seen("alice", "000000000000000a", "A");
        seen("alice", "000000000000000b", "B");
        s.cutovers.issue("alice", "000000000000000a");
        int own = s.cutovers.issue("alice", "000000000000000b").tunnelAddress();

        // new users after a restart: they get the other pool addresses, never the device's
        host("192.0.2.100-103", "alice", "*", "dave", "*", "erin", "*");
        Start restarted = new Start();
        assertThat(restarted.addresses.addressOf("dave").orElseThrow()).isNotEqualTo(own);
        assertThat(restarted.addresses.addressOf("erin").orElseThrow()).isNotEqualTo(own);
        assertThat(restarted.cutovers.current("alice", "000000000000000b").orElseThrow().tunnelAddress()).isEqualTo(own);
        // the pool is now full: a further device is refused with a reason, nothing half-stored
        seen("alice", "000000000000000c", "C");
        assertThatThrownBy(() -> restarted.cutovers.issue("alice", "000000000000000c"))
                .isInstanceOf(DeviceCutovers.Refusal.class).hasMessageContaining("no address left");
        assertThat(devices.find("alice", "000000000000000c").orElseThrow().isCutOver()).isFalse();
        // shared-mode borrowing skips it too
        StickyAddresses shared = new StickyAddresses(users, settings::get, WireGuardMode.SHARED, Clock.systemUTC());
        shared.load();
        shared.reserved(devices.addresses());
        for (int i = 0; i < 4; i++) {
            shared.allocate("alice").ifPresent(a -> assertThat(a).isNotEqualTo(own));
        }
    }

    @Test
    void unknownDevicesAreRefusedAndASealedKeyOnlyOpensForItsDevice() {
        host("192.0.2.100-109", "alice", "*");
        Start s = new Start();
        assertThatThrownBy(() -> s.cutovers.issue("alice", "ffffffffffffffff"))
                .isInstanceOfSatisfying(DeviceCutovers.Refusal.class, r -> assertThat(r.notFound).isTrue());
        seen("alice", "000000000000000a", "A");
        seen("alice", "000000000000000b", "B");
        seen("alice", "000000000000000c", "C");
        s.cutovers.issue("alice", "000000000000000a");
        s.cutovers.issue("alice", "000000000000000b");
        s.cutovers.issue("alice", "000000000000000c");
        // swap the sealed keys of b and c in the database: neither opens
        String b = devices.sealedKey("alice", "000000000000000b").orElseThrow().sealedPrivateKey();
        String c = devices.sealedKey("alice", "000000000000000c").orElseThrow().sealedPrivateKey();
        jdbi.useHandle(h -> {
            h.execute("UPDATE devices SET wg_private_key_sealed = ? WHERE device_id = ?", c, "000000000000000b");
            h.execute("UPDATE devices SET wg_private_key_sealed = ? WHERE device_id = ?", b, "000000000000000c");
        });
        assertThatThrownBy(() -> s.cutovers.current("alice", "000000000000000b")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void theBookFindsCutOverDevicesByKeyAndByTheUsersIdentity() throws Exception {
        host("192.0.2.100-109", "alice", "*");
        Start s = new Start();
        seen("alice", "000000000000000a", "A");
        seen("alice", "000000000000000b", "B");
        s.cutovers.issue("alice", "000000000000000a");
        String key = s.cutovers.issue("alice", "000000000000000b").publicKey();
        DeviceBook fresh = new DeviceBook(devices);
        fresh.load();
        assertThat(fresh.onUserIdentity("alice").orElseThrow().id()).isEqualTo("000000000000000a");
        assertThat(fresh.ofPublicKey(com.wireguard.crypto.Key.fromBase64(key)).orElseThrow().id())
                .isEqualTo("000000000000000b");
        assertThat(fresh.withOwnIdentity()).hasSize(1);
        assertThat(fresh.isMigrated("alice", "000000000000000b")).isFalse();
        s.identities.usedNativelyWhen(u -> fresh.onUserIdentity(u).flatMap(d -> d.migratedAt()).isPresent());
        assertThat(s.identities.usedNatively("alice")).isFalse();
        fresh.markMigrated(fresh.cutOver("alice", "000000000000000a").orElseThrow(), Instant.now(), "198.51.100.8:1",
                Instant.now());
        assertThat(s.identities.usedNatively("alice")).as("the user's key is now a native client's").isTrue();
        fresh.markMigrated(fresh.cutOver("alice", "000000000000000b").orElseThrow(), Instant.now(), "198.51.100.7:1",
                Instant.now());
        assertThat(fresh.isMigrated("alice", "000000000000000b")).isTrue();
    }
}
