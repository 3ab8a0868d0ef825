package io.pptp2wg.wireguard.device;

import io.pptp2wg.wireguard.crypto.Bytes;
import io.pptp2wg.wireguard.crypto.Curve25519;
import io.pptp2wg.wireguard.messages.HandshakeResponse;
import io.pptp2wg.wireguard.messages.MessageType;
import io.pptp2wg.wireguard.messages.TransportData;
import io.pptp2wg.wireguard.testing.InMemoryNetwork;
import io.pptp2wg.wireguard.testing.Packets;
import io.pptp2wg.wireguard.testing.SeededRandom;
import io.pptp2wg.wireguard.tunnel.Disposition;
import io.pptp2wg.wireguard.tunnel.InitiationWindow;
import io.pptp2wg.wireguard.tunnel.Tunnel;
import io.pptp2wg.wireguard.tunnel.TunnelContext;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A socket's devices as lanes (one per event loop: receiver indices tell the lanes apart, a message for another
 * lane is handed on, not refused) and the initiation window (at most N handshakes in flight toward the backend).
 */
class LanesAndInitiationWindowTest {
    static final InetSocketAddress GW = new InetSocketAddress("192.0.2.1", 40000);
    static final InetSocketAddress GW_OTHER_LANE = new InetSocketAddress("192.0.2.1", 40001);
    static final InetSocketAddress BACKEND = new InetSocketAddress("192.0.2.2", 51820);

    /**
     * Our identities and, on one "backend" device, a peer for each (a device holds each key once, so every pair has
     * a backend key of its own; wireguard-go's one key with many peers is the interop test's).
     */
    private static final class Lab {
        final InMemoryNetwork net = new InMemoryNetwork();
        final SeededRandom keys = new SeededRandom(11);
        final Device backend = net.add(BACKEND, new Device(Device.Settings.DEFAULTS, new SeededRandom(12), net.clock));
        final List<Identity> backendPeers = new ArrayList<>();

        /** A new identity on {@code gw} with the backend as its peer, and the backend's peer for it. */
        Identity identity(Device gw, String name) {
            byte[] priv = new byte[32], pub = new byte[32], backendPriv = new byte[32], backendPub = new byte[32];
            Curve25519.generatePrivateKey(keys, priv);
            Curve25519.publicKey(priv, pub);
            Curve25519.generatePrivateKey(keys, backendPriv);
            Curve25519.publicKey(backendPriv, backendPub);
            backendPeers.add(backend.addIdentity("peer-" + name, new Tunnel.Config(backendPriv, pub, null, null, 0, 8)));
            return gw.addIdentity(name, new Tunnel.Config(priv, backendPub, null, BACKEND, 0, 8));
        }
    }

    @Test
    void eachLaneGivesOutReceiverIndicesOfItsOwnResidue() {
        Lab lab = new Lab();
        Device lane0 = lab.net.add(GW, new Device(Device.Settings.DEFAULTS, new SeededRandom(1), lab.net.clock, 0, 3));
        Device lane2 = lab.net.add(GW_OTHER_LANE, new Device(Device.Settings.DEFAULTS, new SeededRandom(2), lab.net.clock, 2, 3));
        for (int i = 0; i < 20; i++) {
            lane0.send(lab.net.clock.now(), lab.identity(lane0, "a" + i), Packets.ipv4(60, i), 0, 60, lab.net.sinkOf(lane0));
            lane2.send(lab.net.clock.now(), lab.identity(lane2, "c" + i), Packets.ipv4(60, i), 0, 60, lab.net.sinkOf(lane2));
        }
        lab.net.deliverAll();
        int responses = 0;
        for (InMemoryNetwork.Datagram g : lab.net.log) {
            if (g.type() == MessageType.HANDSHAKE_RESPONSE) { // the receiver is our index
                int receiver = Bytes.getIntLE(g.bytes(), HandshakeResponse.RECEIVER);
                assertEquals(g.to().equals(GW) ? 0 : 2, Device.laneOf(receiver, 3));
                responses++;
            }
        }
        assertEquals(40, responses);
        assertEquals(40, lab.net.delivered(lab.backend).size());
        assertThrows(IllegalArgumentException.class,
                () -> new Device(Device.Settings.DEFAULTS, new SeededRandom(3), lab.net.clock, 3, 3));
    }

    @Test
    void aMessageForAnotherLaneIsHandedOnNotRefused() {
        Lab lab = new Lab();
        Device lane0 = lab.net.add(GW, new Device(Device.Settings.DEFAULTS, new SeededRandom(1), lab.net.clock, 0, 2));
        Device lane1 = new Device(Device.Settings.DEFAULTS, new SeededRandom(2), lab.net.clock, 1, 2);
        lab.net.add(GW_OTHER_LANE, lane1);
        Identity on1 = lab.identity(lane1, "u1");
        lane1.send(lab.net.clock.now(), on1, Packets.ipv4(60, 1), 0, 60, lab.net.sinkOf(lane1));
        lab.net.deliverAll(); // handshake done, packet 1 at the backend
        assertEquals(1, on1.stats().handshakes());
        // the backend answers: its transport message names lane 1's index; lane 0 must not refuse it
        lab.backend.send(lab.net.clock.now(), lab.backendPeers.getFirst(), Packets.ipv4(60, 2), 0, 60, lab.net.sinkOf(lab.backend));
        InMemoryNetwork.Datagram reply = lab.net.inFlight.poll();
        assertEquals(MessageType.TRANSPORT_DATA, reply.type());
        assertEquals(1, Device.laneOf(Bytes.getIntLE(reply.bytes(), TransportData.RECEIVER), 2));
        assertEquals(Disposition.OTHER_LANE,
                lane0.receive(lab.net.clock.now(), BACKEND, reply.bytes(), 0, reply.bytes().length, lab.net.sinkOf(lane0)));
        assertEquals(0, lane0.refusedUnattributed(Disposition.UNKNOWN_RECEIVER));
        assertEquals(Disposition.DATA,
                lane1.receive(lab.net.clock.now(), BACKEND, reply.bytes(), 0, reply.bytes().length, lab.net.sinkOf(lane1)));
        // an initiation for lane 1's identity, received by lane 0: handed on (the socket asks the next lane)
        lab.net.clock.advance(200, TimeUnit.SECONDS);
        lab.backend.send(lab.net.clock.now(), lab.backendPeers.getFirst(), Packets.ipv4(60, 3), 0, 60, lab.net.sinkOf(lab.backend));
        InMemoryNetwork.Datagram initiation = lab.net.inFlight.poll();
        assertEquals(MessageType.HANDSHAKE_INITIATION, initiation.type());
        assertEquals(Disposition.OTHER_LANE, lane0.receive(lab.net.clock.now(), BACKEND, initiation.bytes(), 0,
                initiation.bytes().length, lab.net.sinkOf(lane0)));
        assertEquals(Disposition.HANDSHAKE_INITIATION, lane1.receive(lab.net.clock.now(), BACKEND, initiation.bytes(), 0,
                initiation.bytes().length, lab.net.sinkOf(lane1)));
        // with one lane the same initiation for nobody is a refusal, as before
        Device alone = new Device(Device.Settings.DEFAULTS, new SeededRandom(5), lab.net.clock);
        assertEquals(Disposition.BAD_MAC1, alone.receive(lab.net.clock.now(), BACKEND, initiation.bytes(), 0,
                initiation.bytes().length, lab.net.sinkOf(lane0)));
    }

    @Test
    void atMostTheWindowOfInitiationsIsInFlightAndTheRestFollowInTurn() {
        Lab lab = new Lab();
        Device.Settings two = new Device.Settings(8, 2_000, 1000, TunnelContext.Limits.WHITEPAPER, 200_000, 50_000, 2);
        Device gw = lab.net.add(GW, new Device(two, new SeededRandom(1), lab.net.clock));
        List<Identity> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Identity id = lab.identity(gw, "u" + i);
            ids.add(id);
            gw.send(lab.net.clock.now(), id, Packets.ipv4(60, i), 0, 60, lab.net.sinkOf(gw));
        }
        InitiationWindow w = gw.initiationWindow();
        assertEquals(2, initiationsInFlight(lab.net));
        assertEquals(2, w.inFlight());
        assertEquals(5, w.waiting());
        // each answer frees a slot and the next waiting identity initiates: all complete, in order, two at a time
        lab.net.deliverAll();
        for (Identity id : ids) {
            assertEquals(1, id.stats().handshakes(), id.name());
        }
        assertEquals(7, lab.net.delivered(lab.backend).size());
        assertEquals(0, w.inFlight());
        assertEquals(5, w.deferred());
        for (InMemoryNetwork.Datagram g : lab.net.log) {
            assertTrue(g.type() != MessageType.COOKIE_REPLY);
        }
    }

    @Test
    void anUnansweredInitiationStopsHoldingItsSlotAfterASecond() {
        Lab lab = new Lab();
        Device.Settings one = new Device.Settings(8, 2_000, 1000, TunnelContext.Limits.WHITEPAPER, 200_000, 50_000, 1);
        Device gw = lab.net.add(GW, new Device(one, new SeededRandom(1), lab.net.clock));
        Identity a = lab.identity(gw, "a");
        Identity b = lab.identity(gw, "b");
        lab.net.dropIf(g -> g.to().equals(BACKEND) && g.type() == MessageType.HANDSHAKE_INITIATION
                && lab.net.log.stream().filter(x -> x.type() == MessageType.HANDSHAKE_INITIATION).count() == 1);
        gw.send(lab.net.clock.now(), a, Packets.ipv4(60, 1), 0, 60, lab.net.sinkOf(gw));
        gw.send(lab.net.clock.now(), b, Packets.ipv4(60, 2), 0, 60, lab.net.sinkOf(gw));
        lab.net.deliverAll(); // a's initiation is lost; b waits
        assertEquals(1, gw.initiationWindow().waiting());
        lab.net.run(900, 100);
        assertEquals(1, gw.initiationWindow().waiting());
        lab.net.run(300, 100); // a's slot expired: b initiates and completes
        assertEquals(1, b.stats().handshakes());
        assertEquals(0, a.stats().handshakes());
        lab.net.run(6_000, 100); // a retries after REKEY_TIMEOUT and completes too
        assertEquals(1, a.stats().handshakes());
    }

    private static int initiationsInFlight(InMemoryNetwork net) {
        return (int) net.inFlight.stream().filter(g -> g.type() == MessageType.HANDSHAKE_INITIATION).count();
    }
}
