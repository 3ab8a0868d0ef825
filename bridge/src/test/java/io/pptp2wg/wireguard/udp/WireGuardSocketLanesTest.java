package io.pptp2wg.wireguard.udp;

import com.wireguard.crypto.KeyPair;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.EventExecutor;
import io.pptp2wg.wireguard.device.Identity;
import io.pptp2wg.wireguard.testing.Packets;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The socket on two event loops (two lanes sharing one port on loopback): identities live on the loop they were
 * added near, their handshakes and packets in both directions stay on that loop, and with the kernel's steering
 * no datagram has to be handed between loops.
 */
class WireGuardSocketLanesTest {

    @Test
    void identitiesStayOnTheirLoopBothWays() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll (Linux) only");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
        Map<String, Integer> atGateway = new ConcurrentHashMap<>();
        AtomicInteger wrongThread = new AtomicInteger();
        CountDownLatch eachThree = new CountDownLatch(6); // counted down as each identity's third echo arrives
        List<WireGuardSocket> sockets = new ArrayList<>();
        try {
            WireGuardSocket[] gwRef = new WireGuardSocket[1];
            WireGuardSocket gw = WireGuardSocket.open(WireGuardSocket.Options.defaults(new InetSocketAddress("127.0.0.1", 0)),
                    group, (identity, ip) -> {
                        if (!((EventExecutor) gwRef[0].executorOf(identity)).inEventLoop()) {
                            wrongThread.incrementAndGet();
                        }
                        if (atGateway.merge(identity.name(), 1, Integer::sum) == 3) {
                            eachThree.countDown();
                        }
                    });
            gwRef[0] = gw;
            sockets.add(gw);
            assertEquals(2, gw.lanes());
            assertTrue(gw.ownUdpSocket(), "each lane on its own UDP socket");
            Map<String, Identity> backendPeers = new ConcurrentHashMap<>();
            WireGuardSocket[] backendRef = new WireGuardSocket[1];
            WireGuardSocket backend = WireGuardSocket.open(WireGuardSocket.Options.defaults(new InetSocketAddress("127.0.0.1", 0)),
                    (identity, ip) -> { // echo each packet back on the same peer
                        byte[] copy = new byte[ip.remaining()];
                        ip.get(ip.position(), copy);
                        backendRef[0].send(identity, ByteBuffer.wrap(copy));
                    });
            backendRef[0] = backend;
            sockets.add(backend);

            List<Executor> loops = new ArrayList<>();
            group.forEach(loops::add);
            List<Identity> users = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                KeyPair user = new KeyPair();
                KeyPair peerSide = new KeyPair();
                backendPeers.put("u" + i, backend.addIdentity("b" + i, peerSide.getPrivateKey(), user.getPublicKey(), null,
                        null, 0).get(5, TimeUnit.SECONDS));
                Identity id = gw.addIdentity("u" + i, user.getPrivateKey(), peerSide.getPublicKey(), null,
                        backend.localAddress(), 0, loops.get(i % 2)).get(5, TimeUnit.SECONDS);
                assertEquals(i % 2, id.lane());
                assertTrue(gw.executorOf(id) == loops.get(i % 2));
                users.add(id);
            }
            for (int round = 0; round < 3; round++) {
                for (Identity u : users) {
                    byte[] p = Packets.ipv4(100, round);
                    gw.executorOf(u).execute(() -> gw.send(u, ByteBuffer.wrap(p))); // from the identity's own loop
                }
            }
            eachThree.await(20, TimeUnit.SECONDS);
            assertTrue(allAt(atGateway, 6, 3), "echoes back on each identity: " + atGateway);
            assertEquals(0, wrongThread.get(), "packets delivered on another loop than their identity's");
            if (gw.steered()) {
                assertEquals(0, gw.handedOver(), "the kernel steered every datagram to its identity's socket");
            }
            for (Identity u : users) {
                assertEquals(1, u.stats().handshakes());
            }
        } finally {
            for (WireGuardSocket s : sockets) {
                s.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static boolean allAt(Map<String, Integer> got, int users, int each) {
        if (got.size() < users) {
            return false;
        }
        return got.values().stream().allMatch(n -> n >= each);
    }
}
