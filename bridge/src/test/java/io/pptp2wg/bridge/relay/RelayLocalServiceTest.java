package io.pptp2wg.bridge.relay;

import com.wireguard.crypto.Key;
import com.wireguard.crypto.KeyPair;
import io.pptp2wg.bridge.ip.Packets;
import io.pptp2wg.bridge.ip.PrefixSet;
import io.pptp2wg.config.AddressList;
import io.pptp2wg.config.wireguard.WireGuardMode;
import io.pptp2wg.session.AddressAllocator.Holding;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionListener;
import io.pptp2wg.session.SessionRegistry;
import io.pptp2wg.session.WireGuardIdentityStore;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.pptp2wg.bridge.ip.Packets.hex;
import static io.pptp2wg.bridge.ip.Packets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The self-service page's path through the relay: a session's TCP to localip:80 goes to the host's stack only from
 * the session's own address (the page trusts that source), the host's answers go back only from localip:80 and only
 * to the session that owns the destination; nothing else crosses.
 */
class RelayLocalServiceTest {
    static final int LOCAL = ip("198.51.100.1");
    static final int ALICE = ip("198.51.100.100");
    static final int BOB = ip("198.51.100.101");
    static final LocalService SERVICE = new LocalService(LOCAL, 80);

    static ByteBuffer tcp(int src, int srcPort, int dst, int dstPort) {
        ByteBuffer b = Packets.tcpSyn(src, dst, hex("020405b4"), true);
        b.putShort(20, (short) srcPort);
        b.putShort(22, (short) dstPort);
        return b;
    }

    @Test
    void onlyTheSessionsOwnAddressReachesThePageAndOnlyThePageAnswers() throws Exception {
        RelayCarrierTest.Session alice = new RelayCarrierTest.Session(1, ALICE, Holding.OWN);
        RelayCarrierTest.Session bob = new RelayCarrierTest.Session(2, BOB, Holding.OWN);
        Map<Integer, RelayCarrierTest.Session> byAddress = Map.of(ALICE, alice, BOB, bob);
        SessionRegistry registry = new SessionRegistry() {
            @Override
            public Collection<SessionHandle> sessions() {
                return List.of(alice, bob);
            }

            @Override
            public Optional<SessionHandle> session(long id) {
                return sessions().stream().filter(s -> s.info().id() == id).findFirst();
            }

            @Override
            public Optional<SessionHandle> byTunnelAddress(int address) {
                return Optional.ofNullable(byAddress.get(address));
            }

            @Override
            public void addListener(SessionListener listener) {}
        };
        WireGuardIdentityStore none = new WireGuardIdentityStore() {
            @Override
            public Optional<KeyPair> identityFor(String user) {
                return Optional.empty();
            }

            @Override
            public Optional<String> userOf(Key publicKey) {
                return Optional.empty();
            }
        };
        RelaySettings settings = new RelaySettings(WireGuardMode.PER_USER, new KeyPair(), new KeyPair().getPublicKey(), null,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), 0,
                PrefixSet.of(new int[] {ip("203.0.113.0")}, new int[] {24}), 1420, 1400, LOCAL, AddressList.empty());
        List<ByteBuffer> host = new CopyOnWriteArrayList<>();
        LocalDelivery stack = new LocalDelivery() {
            @Override
            public LocalService service() {
                return SERVICE;
            }

            @Override
            public void deliver(ByteBuffer ip) {
                host.add(ip.duplicate());
            }
        };
        try (Relay relay = Relay.open(settings, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, registry, none)) {
            relay.fromClient(alice, tcp(ALICE, 40000, LOCAL, 80));
            assertEquals(0, host.size(), "off until the self-service TUN is attached");
            assertFalse(relay.takesLocal(tcp(ALICE, 40000, LOCAL, 80)));
            relay.setLocalDelivery(stack);
            assertTrue(relay.takesLocal(tcp(ALICE, 40000, LOCAL, 80)), "the gateway hands it over instead of dropping it");
            assertFalse(relay.takesLocal(tcp(ALICE, 40000, LOCAL, 22)), "the gateway keeps dropping the rest (as before)");

            relay.fromClient(alice, tcp(ALICE, 40000, LOCAL, 80));
            assertEquals(1, host.size());
            assertEquals(ALICE, host.getFirst().getInt(12));

            relay.fromClient(bob, tcp(ALICE, 40001, LOCAL, 80)); // bob pretends to be alice
            assertEquals(1, host.size(), "a session's packet from another session's address never reaches the page");
            assertEquals(1, relay.stats().dropped(RelayDrop.SPOOFED_SOURCE));

            relay.fromClient(alice, tcp(ALICE, 40000, LOCAL, 22));
            assertEquals(1, host.size(), "only the page's port: the host's other services stay out of reach");
            assertEquals(2, relay.stats().dropped(RelayDrop.NOT_ROUTED), "this one and the one before the TUN came");

            relay.fromLocal(SERVICE, tcp(LOCAL, 80, ALICE, 40000));
            assertEquals(1, alice.received.size());
            assertTrue(bob.received.isEmpty());
            relay.fromLocal(SERVICE, tcp(LOCAL, 22, BOB, 40000));
            relay.fromLocal(SERVICE, tcp(ip("192.0.2.9"), 80, BOB, 40000));
            assertTrue(bob.received.isEmpty(), "the host's other traffic never enters a tunnel");
            assertEquals(2, relay.stats().dropped(RelayDrop.NOT_FROM_LOCAL_SERVICE));
            relay.fromLocal(SERVICE, tcp(LOCAL, 80, ip("198.51.100.200"), 40000));
            assertEquals(1, relay.stats().dropped(RelayDrop.NO_SESSION));
            assertEquals(1, relay.stats().packetsToLocal());
            assertEquals(1, relay.stats().packetsFromLocal());

            relay.setLocalDelivery(null);
            relay.fromClient(alice, tcp(ALICE, 40000, LOCAL, 80));
            assertEquals(1, host.size());
        }
    }

    @Test
    void fragmentsOtherProtocolsAndTruncatedSegmentsAreNotForThePage() {
        ByteBuffer syn = tcp(ALICE, 40000, LOCAL, 80);
        assertTrue(SERVICE.isForService(syn));
        ByteBuffer frag = tcp(ALICE, 40000, LOCAL, 80);
        frag.putShort(6, (short) 0x2000); // MF
        assertFalse(SERVICE.isForService(frag));
        ByteBuffer udp = tcp(ALICE, 40000, LOCAL, 80);
        udp.put(9, (byte) 17);
        assertFalse(SERVICE.isForService(udp));
        ByteBuffer other = tcp(ALICE, 40000, ip("198.51.100.2"), 80);
        assertFalse(SERVICE.isForService(other));
        ByteBuffer shortTcp = ByteBuffer.allocate(22);
        shortTcp.put(0, (byte) 0x45).putShort(2, (short) 22).put(9, (byte) 6).putInt(16, LOCAL);
        assertFalse(SERVICE.isForService(shortTcp));
        assertEquals(RelayDrop.MALFORMED, SERVICE.fromService(ByteBuffer.allocate(3)));
        assertNull(SERVICE.fromService(tcp(LOCAL, 80, ALICE, 40000)));
    }

    /** Hostile input: whatever bytes arrive, a verdict, never an exception. */
    @Test
    void randomBytesNeverThrow() {
        Random r = new Random(13);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(80)];
            r.nextBytes(b);
            if (b.length > 0 && r.nextBoolean()) {
                b[0] = (byte) (0x40 | (b[0] & 0x0f));
            }
            if (b.length >= 4 && r.nextBoolean()) {
                b[2] = (byte) (b.length >> 8);
                b[3] = (byte) b.length;
            }
            ByteBuffer p = ByteBuffer.wrap(b);
            SERVICE.isForService(p);
            SERVICE.fromService(p);
        }
    }
}
