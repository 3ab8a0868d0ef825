package io.pptp2wg.wireguard.device;

import io.pptp2wg.wireguard.crypto.Curve25519;
import io.pptp2wg.wireguard.testing.InMemoryNetwork;
import io.pptp2wg.wireguard.testing.Packets;
import io.pptp2wg.wireguard.testing.SeededRandom;
import io.pptp2wg.wireguard.tunnel.SendResult;
import io.pptp2wg.wireguard.tunnel.Tunnel;

import java.net.InetSocketAddress;

/** Two devices with one identity each, peers of each other, on an in-memory network. */
final class TwoPeers {
    static final InetSocketAddress A_ADDR = new InetSocketAddress("192.0.2.1", 40000);
    static final InetSocketAddress B_ADDR = new InetSocketAddress("192.0.2.2", 51820);

    final InMemoryNetwork net = new InMemoryNetwork();
    final Device a;
    final Device b;
    final Identity ia;
    final Identity ib;
    final byte[] aPriv = new byte[32], bPriv = new byte[32], aPub = new byte[32], bPub = new byte[32];

    TwoPeers(Device.Settings aSettings, Device.Settings bSettings, int aKeepalive, boolean bKnowsA) {
        SeededRandom keys = new SeededRandom(7);
        Curve25519.generatePrivateKey(keys, aPriv);
        Curve25519.generatePrivateKey(keys, bPriv);
        Curve25519.publicKey(aPriv, aPub);
        Curve25519.publicKey(bPriv, bPub);
        a = net.add(A_ADDR, new Device(aSettings, new SeededRandom(1), net.clock));
        b = net.add(B_ADDR, new Device(bSettings, new SeededRandom(2), net.clock));
        ia = a.addIdentity("a", new Tunnel.Config(aPriv, bPub, null, B_ADDR, aKeepalive, aSettings.queueLimit()));
        ib = b.addIdentity("b", new Tunnel.Config(bPriv, aPub, null, bKnowsA ? A_ADDR : null, 0,
                bSettings.queueLimit()));
    }

    TwoPeers() {
        this(Device.Settings.DEFAULTS, Device.Settings.DEFAULTS, 0, false);
    }

    SendResult aSends(int seq) {
        return a.send(net.clock.now(), ia, Packets.ipv4(100, seq), 0, 100, net.sinkOf(a));
    }

    SendResult bSends(int seq) {
        return b.send(net.clock.now(), ib, Packets.ipv4(100, seq), 0, 100, net.sinkOf(b));
    }
}
