package io.pptp2wg.wireguard.device;

import io.pptp2wg.wireguard.crypto.Curve25519;
import io.pptp2wg.wireguard.messages.MessageType;
import io.pptp2wg.wireguard.testing.InMemoryNetwork;
import io.pptp2wg.wireguard.testing.Packets;
import io.pptp2wg.wireguard.testing.SeededRandom;
import io.pptp2wg.wireguard.tunnel.Disposition;
import io.pptp2wg.wireguard.tunnel.SendResult;
import io.pptp2wg.wireguard.tunnel.Tunnel;
import io.pptp2wg.wireguard.tunnel.TunnelContext;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many identities on one device ("the gateway") with one backend that has a peer for each. */
class ManyIdentitiesTest {
    static final InetSocketAddress GW = new InetSocketAddress("192.0.2.1", 40000);
    static final InetSocketAddress BACKEND = new InetSocketAddress("192.0.2.2", 51820);

    @Test
    void eachIdentityHandshakesWithItsOwnPeerAndTrafficStaysOnIt() {
        InMemoryNetwork net = new InMemoryNetwork();
        SeededRandom keys = new SeededRandom(3);
        Device gw = net.add(GW, new Device(Device.Settings.DEFAULTS, new SeededRandom(4), net.clock));
        byte[] backendPriv = new byte[32], backendPub = new byte[32];
        Curve25519.generatePrivateKey(keys, backendPriv);
        Curve25519.publicKey(backendPriv, backendPub);
        // the backend is wireguard-go's one key with a peer per user (the interop test uses the real one); here each
        // of its peers is a device of its own, all with the backend's key, at addresses of their own
        List<Identity> users = new ArrayList<>();
        List<Identity> peers = new ArrayList<>();
        List<Device> backends = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] priv = new byte[32], pub = new byte[32];
            Curve25519.generatePrivateKey(keys, priv);
            Curve25519.publicKey(priv, pub);
            InetSocketAddress at = new InetSocketAddress("198.51.100." + (10 + i), 51820);
            Device b = net.add(at, new Device(Device.Settings.DEFAULTS, new SeededRandom(100 + i), net.clock));
            backends.add(b);
            users.add(gw.addIdentity("u" + i, new Tunnel.Config(priv, backendPub, null, at, 0, 8)));
            peers.add(b.addIdentity("p" + i, new Tunnel.Config(backendPriv, pub, null, null, 0, 8)));
        }
        for (int i = 0; i < users.size(); i++) {
            assertEquals(SendResult.QUEUED, gw.send(net.clock.now(), users.get(i), Packets.ipv4(60, i), 0, 60, net.sinkOf(gw)));
        }
        net.deliverAll();
        // each packet arrived on the backend identity that pairs with its sender, and on no other
        for (int i = 0; i < 50; i++) {
            var got = net.delivered(backends.get(i));
            assertEquals(1, got.size());
            assertEquals(i, Packets.seq(got.getFirst().packet()));
        }
        for (Identity u : users) {
            assertEquals(1, u.stats().handshakes());
        }
        // the backend initiates to user 7 only (its MAC1 names u7's key): the initiation reaches u7
        net.clock.advance(200, TimeUnit.SECONDS);
        backends.get(7).send(net.clock.now(), peers.get(7), Packets.ipv4(60, 700), 0, 60, net.sinkOf(backends.get(7)));
        net.deliverAll();
        assertEquals(1, users.get(7).stats().received(Disposition.HANDSHAKE_INITIATION));
        assertEquals(700, Packets.seq(net.delivered(gw).getLast().packet()));
        assertEquals("u7", net.delivered(gw).getLast().identity().name());
    }

    @Test
    void aFloodOfInitiationsForNobodyCannotBuyUnboundedMac1Searches() {
        InMemoryNetwork net = new InMemoryNetwork();
        SeededRandom keys = new SeededRandom(3);
        Device.Settings s = new Device.Settings(8, 2_000, 1000, TunnelContext.Limits.WHITEPAPER, 20_000, 20_000);
        Device gw = net.add(GW, new Device(s, new SeededRandom(4), net.clock));
        byte[] other = new byte[32];
        Curve25519.publicKey(new byte[32], other);
        for (int i = 0; i < 2000; i++) {
            byte[] priv = new byte[32];
            Curve25519.generatePrivateKey(keys, priv);
            gw.addIdentity("u" + i, new Tunnel.Config(priv, other, null, BACKEND, 0, 8));
        }
        SplittableRandom r = new SplittableRandom(1);
        int searched = 0, limited = 0;
        for (int i = 0; i < 1000; i++) { // 1,000 bogus initiations in 100 ms, from spoofed sources
            byte[] m = new byte[148];
            r.nextBytes(m);
            m[0] = (byte) MessageType.HANDSHAKE_INITIATION.wireValue;
            m[1] = m[2] = m[3] = 0;
            InetSocketAddress src = new InetSocketAddress("203.0.113." + (i % 250), 1000 + i);
            Disposition d = gw.receive(net.clock.now(), src, m, 0, m.length, net.sinkOf(gw));
            if (d == Disposition.BAD_MAC1) {
                searched++;
            } else if (d == Disposition.RATE_LIMITED) {
                limited++;
            }
            net.clock.advance(100, TimeUnit.MICROSECONDS);
        }
        // 20,000 trials (10 searches over 2,000 identities) put the device under load; then 20,000 trials (10 searches)
        // per second: the bucket starts full
        assertTrue(gw.isUnderLoad(net.clock.now()));
        assertTrue(searched <= 25, "searches: " + searched);
        assertEquals(1000, searched + limited);
    }
}
