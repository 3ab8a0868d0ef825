package io.pptp2wg.bridge.relay;

import com.wireguard.crypto.Key;
import com.wireguard.crypto.KeyPair;
import io.pptp2wg.bridge.ip.Packets;
import io.pptp2wg.bridge.ip.PrefixSet;
import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.AddressList;
import io.pptp2wg.config.wireguard.WireGuardMode;
import io.pptp2wg.session.AddressAllocator.Holding;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.SessionCounters;
import io.pptp2wg.session.SessionEvent;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionInfo;
import io.pptp2wg.session.SessionListener;
import io.pptp2wg.session.SessionRegistry;
import io.pptp2wg.session.WireGuardIdentityStore;
import io.pptp2wg.wireguard.device.Identity;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.pptp2wg.bridge.ip.Packets.hex;
import static io.pptp2wg.bridge.ip.Packets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-user mode with one user on two devices: the first session on the user's own identity, the second (a borrowed
 * address) on the gateway's; packets from the backend reach a session only on the identity that carries it.
 */
class RelayCarrierTest {
    static final int OWN = ip("198.51.100.100");
    static final int BORROWED = ip("198.51.100.150");
    static final int SERVER = ip("203.0.113.5");

    /** A live session that records what the relay hands it. */
    static final class Session implements SessionHandle {
        final SessionInfo info;
        final List<ByteBuffer> received = new CopyOnWriteArrayList<>();

        Session(long id, int address, Holding holding) {
            info = new SessionInfo(id, "alice", (int) id, (int) id, new ClientFingerprint("local", "cananian", 1,
                    new InetSocketAddress("192.0.2.20", 40000)), address, AuthProtocol.MSCHAP_V2, "128-bit stateless",
                    Instant.EPOCH, holding);
        }

        @Override
        public SessionInfo info() {
            return info;
        }

        @Override
        public SessionCounters counters() {
            return SessionCounters.ZERO;
        }

        @Override
        public void sendToClient(ByteBuffer ipPacket) {
            received.add(ipPacket);
        }

        @Override
        public void disconnect(String reason) {}
    }

    @Test
    void aBackendPacketForABorrowedAddressIsTakenOnlyFromTheGatewaysIdentity() throws Exception {
        Session own = new Session(1, OWN, Holding.OWN);
        Session borrowed = new Session(2, BORROWED, Holding.BORROWED);
        Map<Integer, Session> byAddress = Map.of(OWN, own, BORROWED, borrowed);
        SessionRegistry registry = new SessionRegistry() {
            @Override
            public Collection<SessionHandle> sessions() {
                return List.of(own, borrowed);
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
        KeyPair alice = new KeyPair();
        WireGuardIdentityStore store = new WireGuardIdentityStore() {
            @Override
            public Optional<KeyPair> identityFor(String user) {
                return user.equals("alice") ? Optional.of(alice) : Optional.empty();
            }

            @Override
            public Optional<String> userOf(Key publicKey) {
                return publicKey.equals(alice.getPublicKey()) ? Optional.of("alice") : Optional.empty();
            }
        };
        KeyPair gateway = new KeyPair();
        // the backend's endpoint: a loopback port nobody answers on (the handshakes go nowhere, which is fine here)
        RelaySettings settings = new RelaySettings(WireGuardMode.PER_USER, gateway, new KeyPair().getPublicKey(), null,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), 0,
                PrefixSet.of(new int[] {ip("203.0.113.0")}, new int[] {24}), 1420, 1400, ip("198.51.100.1"), AddressList.empty());
        try (Relay relay = Relay.open(settings, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, registry, store)) {
            relay.onEvent(new SessionEvent.Up(own.info, Instant.EPOCH));
            relay.onEvent(new SessionEvent.Up(borrowed.info, Instant.EPOCH));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((relay.carrierOf(own.info) == null || relay.carrierOf(borrowed.info) == null) && System.nanoTime() < until) {
                Thread.onSpinWait(); // the identities are added on the socket's loop
            }
            Identity aliceId = relay.carrierOf(own.info);
            Identity gatewayId = relay.carrierOf(borrowed.info);
            assertNotNull(aliceId);
            assertNotNull(gatewayId);
            assertNotSame(aliceId, gatewayId);
            assertEquals(gateway.getPublicKey(), gatewayId.publicKey());
            assertEquals(alice.getPublicKey(), aliceId.publicKey());
            assertEquals(Map.of("alice", alice.getPublicKey(), "gateway", gateway.getPublicKey()), relay.identitiesInUse());

            relay.fromBackend(aliceId, syn(SERVER, BORROWED));
            assertEquals(1, relay.stats().dropped(RelayDrop.WRONG_IDENTITY), "the borrowed address on alice's identity");
            assertTrue(borrowed.received.isEmpty());
            relay.fromBackend(gatewayId, syn(SERVER, OWN));
            assertEquals(2, relay.stats().dropped(RelayDrop.WRONG_IDENTITY), "alice's own address on the gateway's");
            assertTrue(own.received.isEmpty());

            relay.fromBackend(gatewayId, syn(SERVER, BORROWED));
            relay.fromBackend(aliceId, syn(SERVER, OWN));
            assertEquals(1, borrowed.received.size());
            assertEquals(1, own.received.size());
            assertEquals(2, relay.stats().dropped(RelayDrop.WRONG_IDENTITY));
            assertEquals(2, relay.stats().packetsToClients());

            assertEquals(Optional.of(gateway.getPublicKey().toBase64()), relay.carryingKey(borrowed.info));
            assertEquals(Optional.of(alice.getPublicKey().toBase64()), relay.carryingKey(own.info));
        }
    }

    static ByteBuffer syn(int src, int dst) {
        return Packets.tcpSyn(src, dst, hex("020405b4"), true);
    }
}
