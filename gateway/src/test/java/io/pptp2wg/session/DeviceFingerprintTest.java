package io.pptp2wg.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The device key: what the gateway can tell apart. The client values are those the real clients send:
 * Windows (SCCRQ Vendor "Microsoft", Firmware Revision = its build, Host Name empty; LCP Identification
 * "MSRASV5.20" and "MSRAS-0-&lt;computer name&gt;"), pptp-linux 1.10 (Host Name "local", Vendor "cananian",
 * Firmware Revision 1, no Identification), a router naming itself (Yamaha RT57i).
 */
class DeviceFingerprintTest {
    private static final PppTraits.NameForm PLAIN = PppTraits.NameForm.PLAIN;

    static ClientFingerprint windows(String computer, int build, String ip, int port, PppTraits.NameForm form) {
        return new ClientFingerprint("", "Microsoft", build, new InetSocketAddress(ip, port),
                new PppTraits(List.of("MSRASV5.20", "MSRAS-0-" + computer), form));
    }

    static ClientFingerprint pptpLinux(String ip, int port) {
        return new ClientFingerprint("local", "cananian", 1, new InetSocketAddress(ip, port),
                new PppTraits(List.of(), PLAIN));
    }

    static String id(String user, ClientFingerprint c) {
        return DeviceFingerprint.of(user, c).id();
    }

    @Test
    void aWindowsLaptopKeepsItsIdentityWhenItRoamsReconnectsOrUpdates() {
        String atOffice = id("alice", windows("LAPTOP1", 7601, "198.51.100.7", 49152, PLAIN));
        assertEquals(atOffice, id("alice", windows("LAPTOP1", 7601, "203.0.113.9", 50000, PLAIN)), "another network");
        assertEquals(atOffice, id("alice", windows("LAPTOP1", 7601, "198.51.100.7", 61000, PLAIN)), "another port");
        assertEquals(atOffice, id("alice", windows("laptop1", 7601, "198.51.100.7", 49152, PLAIN)), "names without case");
        assertEquals(atOffice, id("alice", windows("LAPTOP1", 9200, "198.51.100.7", 49152, PLAIN)), "a Windows update");
        DeviceFingerprint d = DeviceFingerprint.of("alice", windows("LAPTOP1", 7601, "198.51.100.7", 1, PLAIN));
        assertEquals("LAPTOP1", d.name());
        assertFalse(d.identifiedByAddress());
        assertEquals("LAPTOP1 (Microsoft)", d.label());
        assertTrue(d.id().matches("[0-9a-f]{16}"), d.id());
    }

    @Test
    void twoWindowsComputersOfOneAccountBehindOneNatAreTwoDevices() {
        assertNotEquals(id("office", windows("PC-1", 7601, "198.51.100.7", 1, PLAIN)),
                id("office", windows("PC-2", 7601, "198.51.100.7", 2, PLAIN)));
    }

    @Test
    void theSameComputerUnderTwoAccountsIsTwoDevices() {
        ClientFingerprint c = windows("PC-1", 7601, "198.51.100.7", 1, PLAIN);
        assertNotEquals(id("alice", c), id("bob", c));
    }

    @Test
    void theNameFormOfTheLoginTellsTwoOtherwiseEqualClientsApart() {
        String plain = id("u", windows("PC", 7601, "198.51.100.7", 1, PLAIN));
        String office = id("u", windows("PC", 7601, "198.51.100.7", 1, new PppTraits.NameForm.Domain("OFFICE")));
        String home = id("u", windows("PC", 7601, "198.51.100.7", 1, new PppTraits.NameForm.Domain("HOME")));
        assertEquals(3, Set.of(plain, office, home).size());
        assertEquals("domain:OFFICE", DeviceFingerprint.of("u", windows("PC", 1, "198.51.100.7", 1,
                PppTraits.NameForm.of("OFFICE\\u"))).nameForm());
    }

    @Test
    void pptpLinuxNamesItselfLocalSoItsPublicAddressTellsItApart() {
        String a = id("bob", pptpLinux("198.51.100.20", 40000));
        assertEquals(a, id("bob", pptpLinux("198.51.100.20", 40001)), "same host, new TCP port: same device");
        assertNotEquals(a, id("bob", pptpLinux("198.51.100.21", 40000)), "another machine");
        DeviceFingerprint d = DeviceFingerprint.of("bob", pptpLinux("198.51.100.20", 40000));
        assertTrue(d.identifiedByAddress());
        assertEquals("", d.name());
        assertEquals("cananian firmware 1 at 198.51.100.20", d.label());
        // an unnamed device is also told apart by what it runs
        assertNotEquals(a, id("bob", new ClientFingerprint("local", "cananian", 0,
                new InetSocketAddress("198.51.100.20", 40000))));
        assertNotEquals(a, id("bob", new ClientFingerprint("local", "NT", 1,
                new InetSocketAddress("198.51.100.20", 40000))));
    }

    @Test
    void placeholderHostNamesCountAsNoName() {
        for (String placeholder : List.of("", "local", "LOCALHOST", "localhost.localdomain", "(none)", " unknown ",
                "\u0000\u0000", "\t")) {
            DeviceFingerprint d = DeviceFingerprint.of("u", new ClientFingerprint(placeholder, "v", 1,
                    new InetSocketAddress("192.0.2.1", 1)));
            assertTrue(d.identifiedByAddress(), "'" + placeholder + "'");
        }
    }

    @Test
    void aRouterThatNamesItselfIsKnownWhereverItConnectsFrom() {
        ClientFingerprint home = new ClientFingerprint("RT57i", "YAMAHA Corporation", 32838,
                new InetSocketAddress("203.0.113.50", 1723));
        ClientFingerprint moved = new ClientFingerprint("RT57i", "YAMAHA Corporation", 32838,
                new InetSocketAddress("203.0.113.51", 1723));
        assertEquals(id("branch", home), id("branch", moved));
        assertEquals("RT57i (YAMAHA Corporation)", DeviceFingerprint.of("branch", home).label());
        // the Identification computer name wins over the SCCRQ host name
        ClientFingerprint both = home.withPpp(new PppTraits(List.of("MSRAS-0-OTHER"), PppTraits.NameForm.UNSEEN));
        assertEquals("OTHER", DeviceFingerprint.of("branch", both).name());
    }

    @Test
    void identificationWithoutAComputerNameFallsBackToTheHostName() {
        ClientFingerprint c = new ClientFingerprint("box", "v", 1, new InetSocketAddress("192.0.2.1", 1),
                new PppTraits(List.of("MSRASV5.20", "MSRAS-0-", "MSRAS-0-   "), PLAIN));
        assertEquals("box", DeviceFingerprint.of("u", c).name());
        ClientFingerprint local = new ClientFingerprint("", "v", 1, new InetSocketAddress("192.0.2.1", 1),
                new PppTraits(List.of("MSRAS-0-localhost"), PLAIN));
        assertTrue(DeviceFingerprint.of("u", local).identifiedByAddress(), "a placeholder is a placeholder anywhere");
    }

    @Test
    void hostileBytesAreDroppedAndTheKeyStaysStable() {
        ClientFingerprint dirty = new ClientFingerprint("\u0000LAP\u0007TOP\u00ff\u202e", "Micro\nsoft\u0000\u0000", 1,
                new InetSocketAddress("192.0.2.1", 1));
        ClientFingerprint clean = new ClientFingerprint("LAPTOP", "Microsoft", 1, new InetSocketAddress("192.0.2.2", 1));
        DeviceFingerprint d = DeviceFingerprint.of("u", dirty);
        assertEquals("LAPTOP", d.name());
        assertEquals("Microsoft", d.vendor());
        assertEquals(d.id(), id("u", clean));
        String longName = "x".repeat(5000);
        assertEquals(DeviceFingerprint.MAX_TEXT, DeviceFingerprint.of("u", new ClientFingerprint(longName, longName, 1,
                new InetSocketAddress("192.0.2.1", 1))).name().length());
    }

    @Test
    void missingPartsGiveADeviceNotAnError() {
        DeviceFingerprint d = DeviceFingerprint.of(null, new ClientFingerprint(null, null, 0, null, null));
        assertTrue(d.identifiedByAddress());
        assertEquals("", d.publicIp());
        assertEquals("unknown vendor firmware 0 at ", d.label());
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("client.example", 1);
        assertEquals("client.example", DeviceFingerprint.of("u", new ClientFingerprint("", "", 0, unresolved)).publicIp());
    }

    @Test
    void randomClientsAreAPureFunctionAndRarelyCollide() {
        Random r = new Random(11);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            byte[] host = new byte[r.nextInt(70)];
            r.nextBytes(host);
            ClientFingerprint c = new ClientFingerprint(new String(host, java.nio.charset.StandardCharsets.ISO_8859_1),
                    "v" + r.nextInt(3), r.nextInt(65536), new InetSocketAddress("192.0.2." + r.nextInt(256), 1));
            String a = id("u" + i, c);
            assertEquals(a, id("u" + i, c));
            ids.add(a);
        }
        assertEquals(10_000, ids.size());
    }
}
