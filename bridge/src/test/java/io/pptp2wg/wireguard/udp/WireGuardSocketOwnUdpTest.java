package io.pptp2wg.wireguard.udp;

import com.wireguard.crypto.KeyPair;
import io.netty.channel.epoll.Epoll;
import io.pptp2wg.wireguard.device.Device;
import io.pptp2wg.wireguard.device.DeviceSink;
import io.pptp2wg.wireguard.device.Identity;
import io.pptp2wg.wireguard.messages.MessageType;
import io.pptp2wg.wireguard.testing.Packets;
import io.pptp2wg.wireguard.tunnel.Disposition;
import io.pptp2wg.wireguard.tunnel.Tunnel;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

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
            // a fence: a handshake initiation gets its response only after the socket read everything before it
            awaitResponseTo(initiationFrom(gw), probe, to);
            assertEquals(2, gw.refusedUnattributed(Disposition.BAD_LENGTH));
            assertEquals(2, gw.refusedUnattributed(Disposition.TOO_SHORT));
            assertEquals(1, gw.refusedUnattributed(Disposition.UNKNOWN_RECEIVER));
            assertEquals(0, delivered.get());
        }
    }

    @Test
    void ownSocketAndNettyFallbackTalk() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll (Linux) only");
        int fenceLength = 1400;
        AtomicInteger atGateway = new AtomicInteger();
        CountDownLatch twenty = new CountDownLatch(20);
        CompletableFuture<Void> fence = new CompletableFuture<>();
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
                (identity, ip) -> {
                    if (ip.remaining() == fenceLength) {
                        fence.complete(null);
                        return;
                    }
                    atGateway.incrementAndGet();
                    twenty.countDown();
                })) {
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
            assertTrue(twenty.await(10, TimeUnit.SECONDS), "got " + atGateway.get() + ", want at least 20");
            gw.send(id, ByteBuffer.wrap(Packets.ipv4(fenceLength, 99))); // after all twenty, on the same path
            fence.get(10, TimeUnit.SECONDS);
            assertEquals(20, atGateway.get(), "no more than that arrives");
            assertEquals(1, id.stats().handshakes());
            assertEquals(0, gw.writeDrops());
        }
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /**
     * A handshake initiation to {@code gw} from a peer made here for it (its own device, outside the socket): gw
     * gets an identity with that peer, so the initiation is answered, to where it came from.
     */
    private static byte[] initiationFrom(WireGuardSocket gw) throws Exception {
        KeyPair ours = new KeyPair();
        KeyPair theirs = new KeyPair();
        gw.addIdentity("fence", ours.getPrivateKey(), theirs.getPublicKey(), null, null, 0).get(5, TimeUnit.SECONDS);
        Device peer = new Device(Device.Settings.DEFAULTS, new SecureRandom(), InstantSource.system());
        Identity id = peer.addIdentity("peer", new Tunnel.Config(theirs.getPrivateKey().getBytes(),
                ours.getPublicKey().getBytes(), null, new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), 0, 8));
        byte[][] out = new byte[1][];
        peer.initiateHandshake(System.nanoTime(), id, new DeviceSink() {
            @Override
            public void toNetwork(InetSocketAddress endpoint, byte[] message, int offset, int length) {
                out[0] = Arrays.copyOfRange(message, offset, offset + length);
            }

            @Override
            public void toTunnel(Identity identity, byte[] ipPacket, int offset, int length) {
            }
        });
        assertEquals(MessageType.HANDSHAKE_INITIATION.wireValue, out[0][0]);
        return out[0];
    }

    /** Sends {@code initiation} and blocks (10 s at most) for gw's handshake response. */
    private static void awaitResponseTo(byte[] initiation, DatagramSocket probe, InetSocketAddress to) throws Exception {
        probe.send(new DatagramPacket(initiation, initiation.length, to));
        probe.setSoTimeout(10_000);
        DatagramPacket response = new DatagramPacket(new byte[256], 256);
        probe.receive(response);
        assertEquals(MessageType.HANDSHAKE_RESPONSE.wireValue, response.getData()[0]);
    }
}
