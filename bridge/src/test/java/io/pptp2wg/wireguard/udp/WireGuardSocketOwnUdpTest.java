package io.pptp2wg.wireguard.udp;

import com.wireguard.crypto.KeyPair;
import io.netty.channel.epoll.Epoll;
import io.pptp2wg.wireguard.device.Identity;
import io.pptp2wg.wireguard.testing.Packets;
import io.pptp2wg.wireguard.tunnel.Disposition;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The socket on our own UDP socket (epoll): bad datagrams are counted and dropped without harm, and it talks to
 * the Netty-channel fallback (the same protocol on the other implementation). Loopback only.
 */
class WireGuardSocketOwnUdpTest {

    @Test
    void badDatagramsAreCountedAndDroppedAndTheSocketGoesOn() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll (Linux) only");
        AtomicInteger delivered = new AtomicInteger();
        try (WireGuardSocket gw = WireGuardSocket.open(WireGuardSocket.Options.defaults(loopback()),
                (identity, ip) -> delivered.incrementAndGet());
             DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertTrue(gw.ownUdpSocket());
            InetSocketAddress to = gw.localAddress();
            probe.send(new DatagramPacket(new byte[WireGuardSocket.MAX_RECEIVED + 1], WireGuardSocket.MAX_RECEIVED + 1, to));
            probe.send(new DatagramPacket(new byte[9000], 9000, to));
            probe.send(new DatagramPacket(new byte[]{4, 0, 0}, 3, to));
            byte[] data = new byte[64];
            data[0] = 4; // transport data to a receiver index nobody holds
            data[4] = 0x55;
            probe.send(new DatagramPacket(data, data.length, to));
            probe.send(new DatagramPacket(new byte[0], 0, to));
            await(() -> gw.refusedUnattributed(Disposition.BAD_LENGTH), 2);
            await(() -> gw.refusedUnattributed(Disposition.TOO_SHORT), 2);
            await(() -> gw.refusedUnattributed(Disposition.UNKNOWN_RECEIVER), 1);
            assertEquals(0, delivered.get());
        }
    }

    @Test
    void ownSocketAndNettyFallbackTalk() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll (Linux) only");
        AtomicInteger atGateway = new AtomicInteger();
        WireGuardSocket[] backendRef = new WireGuardSocket[1];
        WireGuardSocket backend;
        System.setProperty(WireGuardSocket.NETTY_PROPERTY, "true");
        try {
            backend = WireGuardSocket.open(WireGuardSocket.Options.defaults(loopback()), (identity, ip) -> {
                byte[] copy = new byte[ip.remaining()];
                ip.get(ip.position(), copy);
                backendRef[0].send(identity, ByteBuffer.wrap(copy)); // echo
            });
        } finally {
            System.clearProperty(WireGuardSocket.NETTY_PROPERTY);
        }
        backendRef[0] = backend;
        try (backend; WireGuardSocket gw = WireGuardSocket.open(WireGuardSocket.Options.defaults(loopback()),
                (identity, ip) -> atGateway.incrementAndGet())) {
            assertTrue(gw.ownUdpSocket());
            assertTrue(!backend.ownUdpSocket(), "the fallback: Netty's channel");
            KeyPair user = new KeyPair();
            KeyPair peer = new KeyPair();
            backend.addIdentity("b", peer.getPrivateKey(), user.getPublicKey(), null, null, 0).get(5, TimeUnit.SECONDS);
            Identity id = gw.addIdentity("u", user.getPrivateKey(), peer.getPublicKey(), null, backend.localAddress(), 0)
                    .get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 20; i++) {
                gw.send(id, ByteBuffer.wrap(Packets.ipv4(200 + i * 50, i)));
            }
            await(atGateway::get, 20);
            assertEquals(1, id.stats().handshakes());
            assertEquals(0, gw.writeDrops());
        }
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private static void await(LongSupplier value, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (value.getAsLong() < atLeast && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        assertTrue(value.getAsLong() >= atLeast, "got " + value.getAsLong() + ", want at least " + atLeast);
        Thread.sleep(50); // and no more than that arrives
        assertEquals(atLeast, value.getAsLong());
    }
}
