package io.pptp2wg.gateway.radius;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.pptp2wg.config.radius.RadiusClientConf;
import io.pptp2wg.config.radius.RadiusPlugin;
import io.pptp2wg.config.radius.RadiusServer;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.ppp.auth.RemoteAuth;
import io.pptp2wg.ppp.testing.TestConfig;
import io.pptp2wg.radius.FakeRadiusServer;
import io.pptp2wg.radius.RadiusReply;
import io.pptp2wg.radius.RadiusTestConf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RADIUS edge on loopback: the Netty UDP socket, the core on its loop, its timer, against a RADIUS server
 * on 127.0.0.1 (FakeRadiusServer behind a DatagramSocket); and with no server at all, the time to refuse.
 */
class RadiusServiceLoopbackTest {
    private static final String SECRET = "loopback-secret-NEVER-SHOWN";
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private DatagramSocket server;
    private Thread serverThread;
    private RadiusService service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (server != null) {
            server.close();
            serverThread.join(2000);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private RadiusClientConf conf(int timeout, int retries, int... ports) {
        List<RadiusServer> servers = Arrays.stream(ports).mapToObj(p -> new RadiusServer("127.0.0.1", p,
                Secret.ofPassword(SECRET.toCharArray()), "radiusclient.conf", 1)).toList();
        return new RadiusClientConf(Path.of("radiusclient.conf"), servers, List.of(), timeout, retries, Optional.empty(),
                Optional.of("127.0.0.1"), Optional.empty(), new RadiusPlugin("options", 1, Path.of("radiusclient.conf"), List.of()));
    }

    private void startServer() throws Exception {
        server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        FakeRadiusServer fake = new FakeRadiusServer(SECRET, Map.of("alice", "test"));
        serverThread = new Thread(() -> {
            byte[] buf = new byte[4096];
            for (int i = 0; i < 100 && !server.isClosed(); i++) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    server.receive(p);
                    byte[] reply = fake.answer(Arrays.copyOf(p.getData(), p.getLength()));
                    server.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                } catch (Exception e) {
                    return;
                }
            }
        });
        serverThread.start();
    }

    /** A ticket and its answer. */
    record Answer(long ticket, RadiusReply reply) {}

    @Test
    void aLoginGoesOverUdpAndTheAnswerComesBack() throws Exception {
        startServer();
        service = new RadiusService(conf(2, 2, server.getLocalPort()), TestConfig.options(List.of(), io.pptp2wg.config.ppp.MppePolicy.refused()),
                new SecureRandom(), System::nanoTime);
        service.start(group, false);
        BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
        RemoteAuth remote = service.forCall(5, Optional.of("192.0.2.20"), (t, r) -> answers.add(new Answer(t, r)));
        var spec = RadiusTestConf.msChapV2Login("alice");
        long ticket = remote.submit(spec);
        Answer a = answers.poll(10, TimeUnit.SECONDS);
        assertNotNull(a, "no answer in 10 s");
        assertEquals(ticket, a.ticket());
        RadiusReply.Accept accept = assertInstanceOf(RadiusReply.Accept.class, a.reply());
        assertTrue(accept.authenticatorResponse().orElseThrow().startsWith("S="));
        assertTrue(accept.mppeKeys().isPresent());
    }

    @Test
    void withEveryServerDownTheLoginIsRefusedWithinTheBound() throws Exception {
        int[] closed = new int[2];
        for (int i = 0; i < 2; i++) {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                closed[i] = s.getLocalPort(); // nothing listens there once closed
            }
        }
        service = new RadiusService(conf(1, 2, closed), TestConfig.options(List.of(), io.pptp2wg.config.ppp.MppePolicy.refused()),
                new SecureRandom(), System::nanoTime);
        service.start(group, false);
        BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
        RemoteAuth remote = service.forCall(5, Optional.empty(), (t, r) -> answers.add(new Answer(t, r)));
        long start = System.nanoTime();
        remote.submit(RadiusTestConf.msChapV2Login("alice"));
        Answer a = answers.poll(20, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertNotNull(a, "no answer in 20 s");
        RadiusReply.Unreachable u = assertInstanceOf(RadiusReply.Unreachable.class, a.reply());
        assertTrue(u.reason().contains("the authentication service is unreachable"), u.reason());
        System.out.println("RADIUS down: login refused after " + millis + " ms (2 servers x radius_retries 2 x radius_timeout 1 s)");
        assertTrue(millis >= 3_900 && millis < 10_000, millis + " ms");
    }
}
