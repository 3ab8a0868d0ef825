package io.pptp2wg.admin.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.wireguard.config.Config;
import com.wireguard.crypto.KeyPair;
import io.pptp2wg.admin.testing.FakeGateway;
import io.pptp2wg.admin.testing.Fixture;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.DeviceFingerprint;
import io.pptp2wg.session.PppTraits;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Devices through the real application, on H2 and PostgreSQL (the suite's subclasses): listed per user with
 * their totals, cut over one by one, migrated one by one. Users of their own (mallory, trent, victor, walter).
 */
abstract class DevicesContract extends ApiContract {
    static ClientFingerprint windows(String computer, String ip) {
        return new ClientFingerprint("", "Microsoft", 7601, new InetSocketAddress(ip, 49152),
                new PppTraits(List.of("MSRASV5.20", "MSRAS-0-" + computer), PppTraits.NameForm.PLAIN));
    }

    static ClientFingerprint pptpLinux(String ip) {
        return new ClientFingerprint("local", "cananian", 1, new InetSocketAddress(ip, 40000),
                new PppTraits(List.of(), PppTraits.NameForm.PLAIN));
    }

    FakeGateway.FakeSession up(String user, ClientFingerprint client) {
        var result = testApp().gateway.login(user, client);
        assertThat(result).isInstanceOf(FakeGateway.Login.Up.class);
        return ((FakeGateway.Login.Up) result).session();
    }

    static JsonNode device(JsonNode detail, String id) {
        for (JsonNode d : detail.get("devices")) {
            if (d.get("id").asText().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("no device " + id + " in " + detail.get("devices"));
    }

    JsonNode cutover(String user, String id) {
        Response r = call("/api/users/" + user + "/devices/" + id + "/cutover").post(Entity.text(""));
        assertThat(r.getHeaderString("Cache-Control")).contains("no-store");
        return ok(r);
    }

    static Config wgQuick(String text) throws Exception {
        return Config.parse(new BufferedReader(new StringReader(text)));
    }

    @Test
    void theUsersDevicesAreListedWithFirstAndLastSeenLoginsBytesAuthAndIdentification() {
        Instant first = testApp().clock.instant();
        String pc = DeviceFingerprint.of("mallory", windows("PC1", "198.51.100.10")).id();
        var s1 = up("mallory", windows("PC1", "198.51.100.10"));
        s1.traffic(1000, 2000);
        testApp().gateway.hangUp(s1, "bye");
        testApp().clock.advance(Duration.ofMinutes(5));
        var s2 = up("mallory", windows("PC1", "203.0.113.10")); // roamed: the same device
        s2.traffic(5, 7);
        String linux = DeviceFingerprint.of("mallory", pptpLinux("198.51.100.20")).id();
        testApp().gateway.hangUp(up("mallory", pptpLinux("198.51.100.20")), "bye");
        testApp().gateway.authFailure("mallory", windows("PC1", "203.0.113.10"));
        testApp().gateway.authFailure("mallory", windows("GUESS", "203.0.113.66")); // no password proven: no device

        JsonNode detail = user("mallory");
        assertThat(detail.get("devices")).hasSize(2);
        assertThat(detail.get("user").get("devices").asInt()).isEqualTo(2);
        assertThat(detail.get("user").get("devicesMigrated").asInt()).isZero();
        JsonNode d = device(detail, pc);
        assertThat(d.get("label").asText()).isEqualTo("PC1 (Microsoft)");
        assertThat(d.get("name").asText()).isEqualTo("PC1");
        assertThat(d.get("identifiedByAddress").asBoolean()).isFalse();
        assertThat(d.get("identifications")).extracting(JsonNode::asText).containsExactly("MSRASV5.20", "MSRAS-0-PC1");
        assertThat(d.get("nameForm").asText()).isEqualTo("plain");
        assertThat(d.get("logins").asLong()).isEqualTo(2);
        assertThat(d.get("sessionsUp").asInt()).isEqualTo(1);
        assertThat(d.get("bytesFromClient").asLong()).isEqualTo(1005);
        assertThat(d.get("bytesToClient").asLong()).isEqualTo(2007);
        assertThat(d.get("authFailures").asLong()).isEqualTo(1);
        assertThat(d.get("lastAuth").asText()).isEqualTo("MS-CHAPv2");
        assertThat(d.get("lastPublicAddress").asText()).isEqualTo("203.0.113.10");
        assertThat(Instant.parse(d.get("firstSeen").asText())).isEqualTo(first);
        assertThat(Instant.parse(d.get("lastSeen").asText())).isAfter(first);
        assertThat(d.get("state").asText()).isEqualTo("pptp-active");
        assertThat(d.get("cutover").asText()).isEqualTo("none");
        assertThat(d.get("wireguardPublicKey").isNull()).isTrue();
        JsonNode l = device(detail, linux);
        assertThat(l.get("identifiedByAddress").asBoolean()).isTrue();
        assertThat(l.get("label").asText()).isEqualTo("cananian firmware 1 at 198.51.100.20");
        assertThat(l.get("identifications")).isEmpty();
        // every event names its device
        for (JsonNode e : detail.get("history")) {
            assertThat(e.get("deviceId").asText()).isIn(pc, linux, DeviceFingerprint.of("mallory",
                    windows("GUESS", "203.0.113.66")).id());
        }
        boolean listed = false;
        for (JsonNode live : ok(call("/api/sessions").get())) {
            if (live.get("id").asLong() == s2.info().id()) {
                assertThat(live.get("deviceId").asText()).isEqualTo(pc);
                listed = true;
            }
        }
        assertThat(listed).isTrue();
        testApp().gateway.hangUp(s2, "bye");
    }

    @Test
    void theFirstDeviceTakesTheUsersIdentityAndFurtherDevicesGetKeysAndAddressesOfTheirOwn() throws Exception {
        String a = DeviceFingerprint.of("trent", windows("TRENT-A", "198.51.100.31")).id();
        String b = DeviceFingerprint.of("trent", windows("TRENT-B", "198.51.100.32")).id();
        testApp().gateway.hangUp(up("trent", windows("TRENT-A", "198.51.100.31")), "bye");
        testApp().gateway.hangUp(up("trent", windows("TRENT-B", "198.51.100.32")), "bye");
        testApp().flush();
        assertThat(refused(call("/api/users/trent/devices/" + b + "/wireguard.conf").get(), 409))
                .contains("/api/users/trent/devices/" + b + "/cutover");
        assertThat(refused(call("/api/users/trent/devices/0123456789abcdef/cutover").post(Entity.text("")), 404))
                .contains("no device");
        assertThat(refused(call("/api/users/nobody/devices/" + b + "/cutover").post(Entity.text("")), 404))
                .contains("nobody");

        KeyPair trent = testApp().admin.identities().identityFor("trent").orElseThrow();
        String trentsAddress = user("trent").get("user").get("tunnelAddress").asText();
        JsonNode first = cutover("trent", a);
        assertThat(first.get("identity").asText()).isEqualTo("user-identity");
        assertThat(first.get("publicKey").asText()).isEqualTo(trent.getPublicKey().toBase64());
        assertThat(first.get("tunnelAddress").asText()).isEqualTo(trentsAddress);
        assertThat(first.get("backendChange").asBoolean()).isFalse();
        assertThat(first.get("backendPeer").asText()).contains("PublicKey = " + trent.getPublicKey().toBase64())
                .contains("AllowedIPs = " + trentsAddress + "/32");
        Config firstConfig = wgQuick(first.get("wireguardConfig").asText());
        assertThat(firstConfig.getInterface().getKeyPair().getPrivateKey()).isEqualTo(trent.getPrivateKey());

        JsonNode second = cutover("trent", b);
        assertThat(second.get("identity").asText()).isEqualTo("own-identity");
        assertThat(second.get("backendChange").asBoolean()).isTrue();
        String key = second.get("publicKey").asText();
        String address = second.get("tunnelAddress").asText();
        assertThat(key).isNotEqualTo(trent.getPublicKey().toBase64());
        assertThat(second.get("backendPeer").asText()).contains("[Peer]\nPublicKey = " + key + "\nAllowedIPs = "
                + address + "/32\n");
        Config config = wgQuick(second.get("wireguardConfig").asText());
        assertThat(config.getInterface().getKeyPair().getPublicKey().toBase64()).isEqualTo(key);
        assertThat(config.getInterface().getAddresses().iterator().next().toString()).isEqualTo(address + "/32");
        assertThat(config.getPeers().getFirst().getPublicKey()).isEqualTo(fixture().backend.getPublicKey());
        assertThat(second.get("wireguardConfig").asText()).contains("# The backend does not know this key yet");
        // from the pool, and nobody else's
        long ip = Ipv4.parse(address).getAsLong();
        assertThat(ip).isBetween(Ipv4.parse("192.0.2.100").getAsLong(), Ipv4.parse("192.0.2.149").getAsLong());
        Set<String> taken = new HashSet<>();
        for (JsonNode u : ok(call("/api/users").get())) {
            taken.add(u.get("tunnelAddress").asText());
        }
        assertThat(taken).doesNotContain(address);

        // again: the same key and address; as text on request; downloadable; in the backend's peers
        JsonNode again = cutover("trent", b);
        assertThat(again.get("publicKey").asText()).isEqualTo(key);
        assertThat(again.get("tunnelAddress").asText()).isEqualTo(address);
        Response text = call("/api/users/trent/devices/" + b + "/cutover").accept("text/plain").post(Entity.text(""));
        assertThat(text.getMediaType().toString()).startsWith("text/plain");
        assertThat(wgQuick(text.readEntity(String.class)).getInterface().getKeyPair().getPublicKey().toBase64())
                .isEqualTo(key);
        Response conf = call("/api/users/trent/devices/" + b + "/wireguard.conf").get();
        assertThat(conf.getStatus()).isEqualTo(200);
        assertThat(conf.getHeaderString("Cache-Control")).contains("no-store");
        assertThat(wgQuick(conf.readEntity(String.class)).getInterface().getKeyPair().getPrivateKey())
                .isEqualTo(config.getInterface().getKeyPair().getPrivateKey());
        Response png = call("/api/users/trent/devices/" + b + "/wireguard.png").get();
        assertThat(png.getMediaType().toString()).isEqualTo("image/png");
        assertThat(wgQuick(decodeQr(png.readEntity(byte[].class))).toWgQuickString()).isEqualTo(config.toWgQuickString());
        assertThat(call("/api/backend/peers").get().readEntity(String.class))
                .contains("PublicKey = " + key + "\nAllowedIPs = " + address + "/32\n");

        JsonNode detail = user("trent");
        assertThat(detail.get("user").get("state").asText()).isEqualTo("cutover-issued");
        assertThat(device(detail, a).get("cutover").asText()).isEqualTo("user-identity");
        assertThat(device(detail, a).get("wireguardPublicKey").asText()).isEqualTo(trent.getPublicKey().toBase64());
        assertThat(device(detail, b).get("cutover").asText()).isEqualTo("own-identity");
        assertThat(device(detail, b).get("tunnelAddress").asText()).isEqualTo(address);
        assertThat(device(detail, b).get("state").asText()).isEqualTo("cutover-issued");
        String audit = ok(call("/api/audit").get()).toString();
        assertThat(audit).contains("device-cutover").contains(key)
                .doesNotContain(config.getInterface().getKeyPair().getPrivateKey().toBase64());
    }

    String dumpOf(String publicKey, String endpoint) {
        return publicKey + "\t(none)\t" + endpoint + "\t192.0.2.100/32\t" + testApp().clock.instant().getEpochSecond()
                + "\t1000\t2000\toff\n";
    }

    @Test
    void aUserIsMigratedWhenEveryActiveDeviceHasMovedAndMovedDevicesAreRefused() {
        String a = DeviceFingerprint.of("victor", windows("VIC-A", "198.51.100.41")).id();
        String b = DeviceFingerprint.of("victor", pptpLinux("198.51.100.42")).id();
        testApp().gateway.hangUp(up("victor", windows("VIC-A", "198.51.100.41")), "bye");
        testApp().gateway.hangUp(up("victor", pptpLinux("198.51.100.42")), "bye");
        testApp().flush();
        cutover("victor", a);
        String bKey = cutover("victor", b).get("publicKey").asText();
        String victorsKey = testApp().admin.identities().identityFor("victor").orElseThrow().getPublicKey().toBase64();

        // the user's key seen natively: device A moved, the account keeps PPTP for B
        JsonNode report = ok(call("/api/backend/handshakes").post(Entity.text(interfaceLine()
                + dumpOf(victorsKey, "198.51.100.241:51820"))));
        assertThat(report.get("newlyMigratedDevices")).extracting(JsonNode::asText).containsExactly("victor/" + a);
        assertThat(report.get("newlyMigrated")).isEmpty();
        JsonNode detail = user("victor");
        assertThat(detail.get("user").get("state").asText()).isEqualTo("cutover-issued");
        assertThat(detail.get("user").get("devicesMigrated").asInt()).isEqualTo(1);
        assertThat(device(detail, a).get("state").asText()).isEqualTo("migrated");
        assertThat(device(detail, a).get("nativeEndpoint").asText()).isEqualTo("198.51.100.241:51820");
        var refusedA = testApp().gateway.login("victor", windows("VIC-A", "203.0.113.41"));
        assertThat(refusedA).isInstanceOf(FakeGateway.Login.Refused.class);
        assertThat(((FakeGateway.Login.Refused) refusedA).messageToClient()).contains("WireGuard");
        testApp().gateway.hangUp(up("victor", pptpLinux("198.51.100.42")), "bye");

        // B's own key seen natively: every active device moved, the user is migrated
        report = ok(call("/api/backend/handshakes").post(Entity.text(interfaceLine()
                + dumpOf(bKey, "198.51.100.242:51820"))));
        assertThat(report.get("knownDevices").asInt()).isEqualTo(1);
        assertThat(report.get("newlyMigratedDevices")).extracting(JsonNode::asText).containsExactly("victor/" + b);
        detail = user("victor");
        assertThat(detail.get("user").get("state").asText()).isEqualTo("migrated");
        assertThat(detail.get("user").get("devicesMigrated").asInt()).isEqualTo(2);
        assertThat(testApp().gateway.login("victor", pptpLinux("198.51.100.42")))
                .isInstanceOf(FakeGateway.Login.Refused.class);

        // a device never seen before still gets in, and the user is no longer all moved
        testApp().gateway.hangUp(up("victor", windows("VIC-NEW", "198.51.100.43")), "bye");
        assertThat(user("victor").get("user").get("state").asText()).isEqualTo("cutover-issued");
    }

    @Test
    void theReportCountsAccountsAndDevicesPerState() {
        testApp().gateway.hangUp(up("walter", windows("W1", "198.51.100.51")), "bye");
        testApp().gateway.hangUp(up("walter", windows("W2", "198.51.100.51")), "bye");
        testApp().flush();
        JsonNode report = ok(call("/api/reports/migration").get());
        int devices = 0;
        for (String state : List.of("pptp-active", "pptp-dormant", "cutover-issued", "migrated", "sunset-refused")) {
            assertThat(report.get("deviceTotals").has(state)).as(state).isTrue();
            devices += report.get("deviceTotals").get(state).asInt();
        }
        int listed = 0;
        List<String> names = new ArrayList<>();
        for (JsonNode u : report.get("users")) {
            listed += u.get("devices").asInt();
            names.add(u.get("name").asText());
        }
        assertThat(devices).isEqualTo(listed).isGreaterThanOrEqualTo(2);
        assertThat(names).contains("walter");
        String totals = call("/api/reports/migration?format=csv&table=totals").get().readEntity(String.class);
        assertThat(totals).startsWith("state,users,devices\r\n");
        // a row per device, with the method it last logged in with
        boolean w1 = false;
        for (JsonNode d : report.get("devices")) {
            if (d.get("user").asText().equals("walter") && d.get("name").asText().equals("W1")) {
                assertThat(d.get("lastAuth").asText()).isEqualTo("MS-CHAPv2");
                w1 = true;
            }
        }
        assertThat(w1).isTrue();
        String rows = call("/api/reports/migration?format=csv&table=devices").get().readEntity(String.class);
        assertThat(rows).startsWith("user,device_id,label,state,last_auth,").contains("walter,"
                + DeviceFingerprint.of("walter", windows("W1", "198.51.100.51")).id() + ",W1 (Microsoft),pptp-active,MS-CHAPv2,");
        assertThat(rows.split("\r\n")).hasSize(report.get("devices").size() + 1);
        assertThat(admin("/prometheus").get().readEntity(String.class)).contains("pptp2wg_devices{state=\"pptp-active\"}");
    }
}
