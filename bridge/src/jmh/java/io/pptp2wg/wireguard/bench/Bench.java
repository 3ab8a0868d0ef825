package io.pptp2wg.wireguard.bench;

import io.pptp2wg.wireguard.crypto.Curve25519;
import io.pptp2wg.wireguard.device.Device;
import io.pptp2wg.wireguard.device.DeviceSink;
import io.pptp2wg.wireguard.device.Identity;
import io.pptp2wg.wireguard.tunnel.Tunnel;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;

/** Two devices wired back to back, time from a counter (no clock reads in the measurement). */
final class Bench {
    static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 40000);
    static final InetSocketAddress B = new InetSocketAddress("192.0.2.2", 51820);

    long now = 1_000_000_000_000L;
    final InstantSource wall = () -> Instant.ofEpochSecond(1_800_000_000L).plusNanos(now);
    final Device a;
    final Device b;
    final Identity ia;
    final Identity ib;
    /** The last datagram each side sent (copied), and what B delivered. */
    byte[] lastFromA = new byte[65536];
    int lastFromALen;
    byte[] lastFromB = new byte[65536];
    int lastFromBLen;
    long delivered;

    final DeviceSink sinkA = new DeviceSink() {
        @Override
        public void toNetwork(InetSocketAddress endpoint, byte[] m, int off, int len) {
            System.arraycopy(m, off, lastFromA, 0, len);
            lastFromALen = len;
        }

        @Override
        public void toTunnel(Identity identity, byte[] ip, int off, int len) {
            delivered += len;
        }
    };
    final DeviceSink sinkB = new DeviceSink() {
        @Override
        public void toNetwork(InetSocketAddress endpoint, byte[] m, int off, int len) {
            System.arraycopy(m, off, lastFromB, 0, len);
            lastFromBLen = len;
        }

        @Override
        public void toTunnel(Identity identity, byte[] ip, int off, int len) {
            delivered += len;
        }
    };

    Bench() {
        SecureRandom r = new SecureRandom();
        byte[] aPriv = new byte[32], bPriv = new byte[32], aPub = new byte[32], bPub = new byte[32];
        Curve25519.generatePrivateKey(r, aPriv);
        Curve25519.generatePrivateKey(r, bPriv);
        Curve25519.publicKey(aPriv, aPub);
        Curve25519.publicKey(bPriv, bPub);
        a = new Device(Device.Settings.DEFAULTS, r, wall);
        b = new Device(Device.Settings.DEFAULTS, r, wall);
        ia = a.addIdentity("a", new Tunnel.Config(aPriv, bPub, null, B, 0, 64));
        ib = b.addIdentity("b", new Tunnel.Config(bPriv, aPub, null, null, 0, 64));
    }

    /** A handshake started by A's first packet, carried to the end (initiation, response, first data). */
    void handshake(byte[] packet) {
        lastFromALen = 0;
        a.send(now, ia, packet, 0, packet.length, sinkA); // -> initiation
        b.receive(now, A, lastFromA, 0, lastFromALen, sinkB); // -> response
        a.receive(now, B, lastFromB, 0, lastFromBLen, sinkA); // -> the queued packet
        b.receive(now, A, lastFromA, 0, lastFromALen, sinkB); // confirms B's keypair
    }

    static byte[] ipv4(int total) {
        byte[] p = new byte[total];
        Arrays.fill(p, (byte) 0x5a);
        p[0] = 0x45;
        p[2] = (byte) (total >>> 8);
        p[3] = (byte) total;
        return p;
    }
}
