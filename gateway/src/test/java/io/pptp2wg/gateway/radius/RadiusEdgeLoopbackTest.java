package io.pptp2wg.gateway.radius;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.radius.RadiusClientConf;
import io.pptp2wg.config.radius.RadiusPlugin;
import io.pptp2wg.config.radius.RadiusServer;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.ppp.testing.TestConfig;
import io.pptp2wg.radius.DaeClient;
import io.pptp2wg.radius.DaeTesting;
import io.pptp2wg.radius.RadiusWire;
import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.SessionCounters;
import io.pptp2wg.session.SessionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RadiusEdge} on loopback: the RFC 5176 listener it starts finds the live sessions by the names RADIUS knows
 * them by (User-Name with {@code @default_realm}, or the bare login; Acct-Session-Id), skips sessions not yet up, and
 * acts on them; Acct-Session-Ids are given with or without accounting.
 */
class RadiusEdgeLoopbackTest {
    private static final byte[] LOOPBACK = {127, 0, 0, 1};
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private RadiusEdge edge;

    @AfterEach
    void stop() {
        if (edge != null) {
            edge.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** A call as the edge sees it, recording what RFC 5176 did to it. */
    private static final class FakeCall implements RadiusSession {
        final String acctSessionId;
        final SessionInfo info;
        final List<String> disconnects = new ArrayList<>();
        final List<Integer> timeouts = new ArrayList<>();

        FakeCall(String acctSessionId, String user, int tunnelAddress) {
            this.acctSessionId = acctSessionId;
            this.info = new SessionInfo(1, user, 7, 9, null, tunnelAddress, AuthProtocol.MSCHAP_V2, "128-bit stateless",
                    Instant.EPOCH, AddressAllocator.Holding.OWN);
        }

        @Override
        public String acctSessionId() {
            return acctSessionId;
        }

        @Override
        public int peerAddress() {
            return 0xCB007107; // 203.0.113.7
        }

        @Override
        public int nasPort() {
            return 7;
        }

        @Override
        public List<byte[]> radiusClasses() {
            return List.of();
        }

        @Override
        public int radiusInterimSeconds() {
            return 0;
        }

        @Override
        public void changeSessionTimeout(int seconds) {
            timeouts.add(seconds);
        }

        @Override
        public SessionInfo info() {
            return info;
        }

        @Override
        public SessionCounters counters() {
            return new SessionCounters(0, 0, 0, 0);
        }

        @Override
        public void sendToClient(ByteBuffer ipPacket) {
        }

        @Override
        public void disconnect(String reason) {
            disconnects.add(reason);
        }
    }

    private static RadiusClientConf conf() {
        // an authserver nobody asks here; no acctserver: no accounting
        return new RadiusClientConf(Path.of("radiusclient.conf"), List.of(new RadiusServer("127.0.0.1", 9,
                Secret.ofPassword("unused".toCharArray()), "radiusclient.conf", 1)), List.of(), 1, 1, Optional.of("gw1"),
                Optional.of("127.0.0.1"), Optional.of("corp.example"), new RadiusPlugin("options", 1, Path.of("radiusclient.conf"), List.of()));
    }

    private int startWith(List<RadiusSession> live) throws Exception {
        edge = new RadiusEdge(Optional.of(conf()), TestConfig.options(List.of(), io.pptp2wg.config.ppp.MppePolicy.refused()),
                new SecureRandom(), System::nanoTime, Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC));
        edge.options(new RadiusOptions(true, 0, RadiusOptions.PPPD_MINIMUM_INTERIM_SECONDS, Optional.of(
                new RadiusOptions.DynamicAuthorization("127.0.0.1", 0, List.of(new DaeClient(LOOPBACK.clone(), "127.0.0.1",
                        DaeTesting.SECRET.getBytes(StandardCharsets.US_ASCII)))))));
        edge.start(group, false, () -> live);
        assertTrue(edge.accounting().isEmpty(), "no acctserver, no accounting");
        return edge.dynamicAuthorization().orElseThrow().boundPort();
    }

    /** Sends one request to the listener and returns the answer's code. */
    private static int ask(int port, byte[] request) throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(5_000);
            s.send(new DatagramPacket(request, request.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            s.receive(p);
            return Arrays.copyOf(p.getData(), p.getLength())[0] & 0xff;
        }
    }

    @Test
    void aDisconnectRequestFindsTheSessionByTheNamesRadiusKnows() throws Exception {
        FakeCall alice = new FakeCall("ID-1", "alice", 0xC6336464);
        FakeCall bob = new FakeCall("ID-2", "bob", 0xC6336465);
        FakeCall notUp = new FakeCall(null, "alice", 0xC6336466);
        int port = startWith(List.of(alice, bob, notUp));

        // User-Name as sent to RADIUS: the login with @default_realm
        assertEquals(RadiusWire.DISCONNECT_ACK, ask(port, DaeTesting.request(RadiusWire.DISCONNECT_REQUEST, 1, false,
                DaeTesting.SECRET, RadiusWire.USER_NAME, "alice@corp.example")));
        assertEquals(1, alice.disconnects.size());
        assertTrue(alice.disconnects.getFirst().startsWith("RADIUS Disconnect-Request"), alice.disconnects.toString());
        assertTrue(notUp.disconnects.isEmpty(), "a session not up yet has no Acct-Session-Id and is not matched");
        // the bare login too
        assertEquals(RadiusWire.DISCONNECT_ACK, ask(port, DaeTesting.request(RadiusWire.DISCONNECT_REQUEST, 2, false,
                DaeTesting.SECRET, RadiusWire.USER_NAME, "bob")));
        assertEquals(1, bob.disconnects.size());
        // by Acct-Session-Id: a CoA's Session-Timeout reaches the one session
        assertEquals(RadiusWire.COA_REQUEST + 1, ask(port, DaeTesting.request(RadiusWire.COA_REQUEST, 3, false,
                DaeTesting.SECRET, RadiusWire.ACCT_SESSION_ID, "ID-2", RadiusWire.SESSION_TIMEOUT, 30)));
        assertEquals(List.of(30), bob.timeouts);
        assertTrue(alice.timeouts.isEmpty());
        // no such session: NAK
        assertEquals(RadiusWire.DISCONNECT_REQUEST + 2, ask(port, DaeTesting.request(RadiusWire.DISCONNECT_REQUEST, 4, false,
                DaeTesting.SECRET, RadiusWire.ACCT_SESSION_ID, "ID-9")));
        assertEquals(1, alice.disconnects.size());
        assertEquals(1L, edge.dynamicAuthorization().orElseThrow().naks().get(RadiusWire.ERROR_SESSION_CONTEXT_NOT_FOUND));
    }

    @Test
    void everySessionGetsItsOwnAcctSessionIdWithoutAccountingToo() throws Exception {
        startWith(List.of());
        FakeCall c = new FakeCall(null, "alice", 0xC6336464);
        String first = edge.sessionUp(c, "alice", c.info().tunnelAddress());
        String second = edge.sessionUp(c, "alice", c.info().tunnelAddress());
        assertTrue(first.matches("6553F100-[0-9A-F]{4}-00000001"), first); // the start time 1700000000 in hex
        assertNotEquals(first, second);
        edge.sessionEnded(first, "LCP terminated by peer"); // no accounting: nothing to send, nothing thrown
        edge.sessionEnded(null, "internal error");
    }
}
