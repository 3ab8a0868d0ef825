package io.pptp2wg.bridge.relay;

import com.wireguard.crypto.Key;
import com.wireguard.crypto.KeyPair;
import io.pptp2wg.bridge.ip.PrefixSet;
import io.pptp2wg.config.AddressList;
import io.pptp2wg.config.wireguard.WireGuardMode;
import io.pptp2wg.session.AddressAllocator.Holding;
import io.pptp2wg.session.SessionEvent;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionListener;
import io.pptp2wg.session.SessionRegistry;
import io.pptp2wg.session.WireGuardIdentityStore;
import io.pptp2wg.wireguard.device.Identity;
import io.pptp2wg.wireguard.udp.WireGuardSocket;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static io.pptp2wg.bridge.ip.Packets.ip;
import static io.pptp2wg.bridge.relay.RelayCarrierTest.OWN;
import static io.pptp2wg.bridge.relay.RelayCarrierTest.SERVER;
import static io.pptp2wg.bridge.relay.RelayCarrierTest.syn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Per-user mode through the real {@link Relay} and a fake backend (a WireGuard socket on loopback): a user the backend
 * has never answered rides the gateway's identity after the grace, and moves onto their own once the backend answers
 * it. The relay's decisions run on a fake clock; the WireGuard sockets on real time (waits have deadlines, no sleeps).
 * <p>
 * Our device picks the identity of a handshake initiation by its MAC1, which the responder's key alone decides, so one
 * fake backend socket holds one peer at a time: "the administrator adds alice's [Peer]" swaps hers in for the
 * gateway's (a real backend holds both, the pool on the gateway's peer and the user's address on the user's).
 */
class RelayRideTest {
    private static final long WAIT_SECONDS = 20;
    private static final long T0 = -TimeUnit.HOURS.toNanos(1);

    private final KeyPair alice = new KeyPair();
    private final KeyPair gateway = new KeyPair();
    private final KeyPair backendKeys = new KeyPair();
    /** The users the store says the backend has answered. */
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private final AtomicLong clock = new AtomicLong(T0);
    /** The names of the backend's peers that data arrived on, in order. */
    private final BlockingQueue<String> atBackend = new LinkedBlockingQueue<>();
    private final RelayCarrierTest.Session own = new RelayCarrierTest.Session(1, OWN, Holding.OWN);

    @Test
    void aUserTheBackendHasNeverAnsweredRidesTheGatewaysIdentityUntilItAnswersTheirOwn() throws Exception {
        try (WireGuardSocket backend = backend(); Relay relay = relay(backend)) {
            Identity gatewayPeer = backend.addIdentity("gateway-peer", backendKeys.getPrivateKey(), gateway.getPublicKey(),
                    null, null, 0).get(WAIT_SECONDS, TimeUnit.SECONDS);
            relay.onEvent(new SessionEvent.Up(own.info, Instant.EPOCH));
            await("alice's and the gateway's identities added", () -> relay.identitiesInUse().size() == 2);
            assertEquals(Optional.of(alice.getPublicKey().toBase64()), relay.carryingKey(own.info),
                    "within the grace the session waits on alice's own identity");
            relay.fromClient(own, syn(OWN, SERVER)); // waits on alice's identity, which the backend does not answer

            clock.addAndGet(Ride.FIRST_ANSWER_GRACE);
            Identity gatewayId = relay.carrierOf(own.info);
            assertNotNull(gatewayId);
            assertEquals(gateway.getPublicKey(), gatewayId.publicKey(), "unanswered for 1 s: rides the gateway's identity");
            relay.fromClient(own, syn(OWN, SERVER));
            awaitAtBackend("gateway-peer");
            assertEquals(2, relay.stats().packetsToBackend(), "both packets counted as sent");
            relay.fromBackend(gatewayId, syn(SERVER, OWN));
            assertEquals(1, own.received.size(), "the backend's answer through the gateway's peer reaches alice");
            assertFalse(answered.contains("alice"));

            // the administrator adds alice's [Peer] (backend-peers); her handshake is offered again at REKEY_TIMEOUT
            backend.removeIdentity(gatewayPeer).get(WAIT_SECONDS, TimeUnit.SECONDS);
            Identity alicePeer = backend.addIdentity("alice-peer", backendKeys.getPrivateKey(), alice.getPublicKey(), null,
                    null, 0).get(WAIT_SECONDS, TimeUnit.SECONDS);
            clock.addAndGet(Ride.OFFER_INTERVAL);
            relay.fromClient(own, syn(OWN, SERVER)); // still on the gateway's; offers alice's handshake
            // answered at that offer, or at the tunnel's own retry: a tunnel initiates at most once per REKEY_TIMEOUT of
            // real time (§6.1), so this takes up to 5 s
            await("the backend answers alice's identity", () -> relay.lastHandshake("alice").isPresent());

            relay.fromClient(own, syn(OWN, SERVER));
            awaitAtBackend("alice-peer");
            assertEquals(Optional.of(alice.getPublicKey().toBase64()), relay.carryingKey(own.info), "moved onto her own");
            assertTrue(answered.contains("alice"), "the store records the answer: her next login never rides");

            // during the switch the backend's packets for her address arrive by either identity
            relay.fromBackend(gatewayId, syn(SERVER, OWN));
            assertEquals(2, own.received.size(), "one the backend sent through the gateway's peer before it knew hers");
            backend.send(alicePeer, syn(SERVER, OWN));
            await("the backend's packet on alice's identity", () -> own.received.size() == 3);
            assertEquals(0, relay.stats().dropped(RelayDrop.WRONG_IDENTITY));

            clock.addAndGet(Ride.DRAIN);
            relay.fromBackend(gatewayId, syn(SERVER, OWN));
            assertEquals(3, own.received.size(), "drained: her address on the gateway's identity is misrouted again");
            assertEquals(1, relay.stats().dropped(RelayDrop.WRONG_IDENTITY));
        }
    }

    @Test
    void aUserWhoseIdentityTheBackendHasAnsweredBeforeNeverRides() throws Exception {
        answered.add("alice");
        try (WireGuardSocket backend = backend(); Relay relay = relay(backend)) {
            relay.onEvent(new SessionEvent.Up(own.info, Instant.EPOCH));
            await("alice's identity added", () -> relay.identitiesInUse().containsKey("alice"));
            clock.addAndGet(TimeUnit.MINUTES.toNanos(10));
            relay.fromClient(own, syn(OWN, SERVER));
            assertEquals(Optional.of(alice.getPublicKey().toBase64()), relay.carryingKey(own.info));
            assertFalse(relay.identitiesInUse().containsKey(RelayIdentities.SHARED_NAME), "the gateway's identity is never added");
            relay.fromBackend(relay.carrierOf(own.info), syn(SERVER, OWN));
            assertEquals(1, own.received.size());
        }
    }

    private WireGuardSocket backend() throws InterruptedException {
        return WireGuardSocket.open(WireGuardSocket.Options.defaults(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                (identity, ip) -> {
                    if (ip.hasRemaining()) {
                        atBackend.add(identity.name());
                    }
                });
    }

    private Relay relay(WireGuardSocket backend) throws InterruptedException {
        SessionRegistry registry = new SessionRegistry() {
            @Override
            public Collection<SessionHandle> sessions() {
                return List.of(own);
            }

            @Override
            public Optional<SessionHandle> session(long id) {
                return id == own.info.id() ? Optional.of(own) : Optional.empty();
            }

            @Override
            public Optional<SessionHandle> byTunnelAddress(int address) {
                return address == OWN ? Optional.of(own) : Optional.empty();
            }

            @Override
            public void addListener(SessionListener listener) {}
        };
        WireGuardIdentityStore store = new WireGuardIdentityStore() {
            @Override
            public Optional<KeyPair> identityFor(String user) {
                return user.equals("alice") ? Optional.of(alice) : Optional.empty();
            }

            @Override
            public Optional<String> userOf(Key publicKey) {
                return publicKey.equals(alice.getPublicKey()) ? Optional.of("alice") : Optional.empty();
            }

            @Override
            public boolean answeredByBackend(String user) {
                return answered.contains(user);
            }

            @Override
            public void backendAnswered(String user) {
                answered.add(user);
            }
        };
        AddressList pool = AddressList.parse("198.51.100.100-199").list().orElseThrow();
        RelaySettings settings = new RelaySettings(WireGuardMode.PER_USER, gateway, backendKeys.getPublicKey(), null,
                backend.localAddress(), 0, PrefixSet.of(new int[] {ip("203.0.113.0")}, new int[] {24}), 1420, 1400,
                ip("198.51.100.1"), pool);
        return Relay.open(settings, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, registry, store, clock::get);
    }

    private void awaitAtBackend(String peer) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        for (long left; (left = until - System.nanoTime()) > 0; ) {
            String got = atBackend.poll(left, TimeUnit.NANOSECONDS);
            if (peer.equals(got)) {
                return; // earlier ones may come first (alice's packet that waited on her identity, once answered)
            }
        }
        fail("no data on the backend's " + peer + " within " + WAIT_SECONDS + " s: " + atBackend);
    }

    /** Waits for {@code condition} (set on the sockets' loops), at most WAIT_SECONDS. */
    private static void await(String what, BooleanSupplier condition) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - until > 0) {
                fail(what + ": not within " + WAIT_SECONDS + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // a poll of a condition with a deadline (one core spared)
        }
    }
}
