package io.pptp2wg.gateway;

import io.pptp2wg.config.AddressList;
import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.dhcp.ClasslessRoutes;
import io.pptp2wg.dhcp.DhcpSettings;
import io.pptp2wg.dhcp.InformPackets;
import io.pptp2wg.dhcp.Ipv4Prefix;
import io.pptp2wg.gateway.gre.RawGreSocket;
import io.pptp2wg.gateway.gre.RawSocketException;
import io.pptp2wg.pptp.control.ControlCodec;
import io.pptp2wg.pptp.control.ControlMessage;
import io.pptp2wg.pptp.control.ControlMessage.*;
import io.pptp2wg.pptp.control.ControlProtocol;
import io.pptp2wg.pptp.gre.GreHeader;
import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.ReconnectRule;
import io.pptp2wg.session.SessionEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The whole gateway (Netty TCP, the FFM raw GRE socket, reader, inbox, sessions, events) on loopback:
 * a scripted client on 127.0.0.2 with its own raw socket, and a stand-in PPP link. Needs CAP_NET_RAW
 * (skipped without it). Bounded: every wait has a timeout.
 */
class PptpGatewayLoopbackTest {
    static final int GATEWAY = 0x7F000001;
    static final int CLIENT = 0x7F000002;
    static final int LOCAL_TUNNEL = 0xC6336401;

    PptpGateway gateway;
    RawGreSocket clientGre;
    Arena arena = Arena.ofShared();
    final BlockingQueue<SessionEvent> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        GatewaySettings settings = new GatewaySettings(Optional.of("127.0.0.1"), 2, 10, false, false, LOCAL_TUNNEL,
                AddressList.parse("198.51.100.100-199").list().orElseThrow(), null, UserDirectory.empty(), List.of());
        gateway = new PptpGateway(GatewayOptions.of(settings, FakePppLink::new).withPort(0).withEventLoops(2)
                .withDhcp(new DhcpSettings(true, List.of(new Ipv4Prefix(0xCB007100, 24)), List.of(0xC0000235), List.of(),
                        Optional.empty(), 1400)));
        try {
            gateway.start();
            clientGre = RawGreSocket.open(CLIENT, 100);
        } catch (RawSocketException e) {
            Assumptions.abort("no CAP_NET_RAW here: " + e.getMessage());
        }
        gateway.addListener(events::add);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        if (clientGre != null) {
            clientGre.close();
        }
    }

    /** A scripted PPTP client: one TCP control connection. */
    final class Client implements AutoCloseable {
        final Socket tcp = new Socket();
        final DataInputStream in;
        final OutputStream out;

        Client() throws IOException {
            tcp.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            tcp.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), gateway.boundPort()), 2000);
            tcp.setSoTimeout(3000);
            in = new DataInputStream(tcp.getInputStream());
            out = tcp.getOutputStream();
        }

        void send(ControlMessage m) throws IOException {
            ByteBuffer b = ControlCodec.encode(m);
            out.write(b.array(), 0, b.remaining());
            out.flush();
        }

        ControlMessage read() throws IOException {
            int length = in.readUnsignedShort();
            byte[] b = new byte[length];
            b[0] = (byte) (length >> 8);
            b[1] = (byte) length;
            in.readFully(b, 2, length - 2);
            return ((ControlCodec.Decoded.Ok) ControlCodec.decode(ByteBuffer.wrap(b))).message();
        }

        int openCall(int peerCallId) throws IOException {
            send(new OutgoingCallRequest(peerCallId, peerCallId, 2400, 10_000_000, 3, 3, 3, 0, "", ""));
            OutgoingCallReply r = (OutgoingCallReply) read();
            assertEquals(ControlProtocol.OCRP_CONNECTED, r.resultCode(), r.toString());
            return r.callId();
        }

        @Override
        public void close() throws IOException {
            tcp.close();
        }
    }

    int seq = 1;

    void sendGre(int ourCallId, byte[] ppp) {
        var tx = new RawGreSocket.TxBuffer(arena, 2048);
        ByteBuffer b = tx.buffer().clear();
        GreHeader.write(b, ourCallId, ppp.length, seq++, false, 0);
        b.put(ppp);
        assertEquals(0, clientGre.send(tx, b.position(), GATEWAY));
    }

    /** Reads GRE for the client until one with a payload for {@code peerCallId} arrives; returns the payload. */
    byte[] receiveGre(int peerCallId) throws RawSocketException {
        var rx = new RawGreSocket.RxBuffer(arena, 65_536);
        ByteBuffer view = rx.data().asByteBuffer();
        GreHeader h = new GreHeader();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < until) {
            int n = clientGre.receive(rx);
            if (n <= 0) {
                continue;
            }
            int ihl = (view.get(0) & 0x0F) * 4;
            view.limit(n).position(ihl);
            if (h.parse(view) == null && h.callId() == peerCallId && h.payloadLength() > 0) {
                byte[] p = new byte[h.payloadLength()];
                view.get(h.payloadOffset(), p);
                return p;
            }
        }
        return fail("no GRE payload for call " + peerCallId);
    }

    @Test
    void sessionComesUpAnswersPingAndGoesDown() throws Exception {
        try (Client c = new Client()) {
            c.send(new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "A", "cananian"));
            StartControlConnectionReply sccrp = (StartControlConnectionReply) c.read();
            assertEquals(ControlProtocol.SCCRP_SUCCESS, sccrp.resultCode());
            int callId = c.openCall(7);
            assertArrayEquals(new byte[] {FakePppLink.CMD, 0x21, 1}, receiveGre(7)); // the link's hello came through GRE
            sendGre(callId, new byte[] {FakePppLink.CMD, 0x21, 2});
            var upEvent = (SessionEvent.Up) events.poll(3, TimeUnit.SECONDS);
            assertNotNull(upEvent);
            assertEquals("userA", upEvent.session().user());
            assertEquals("cananian", upEvent.session().fingerprint().vendor());
            assertEquals(1, gateway.sessions().size());
            assertTrue(gateway.byTunnelAddress(upEvent.session().tunnelAddress()).isPresent());

            byte[] ping = EchoResponderTest.echoRequest(LOCAL_TUNNEL);
            byte[] frame = new byte[ping.length + 1];
            frame[0] = FakePppLink.IP;
            System.arraycopy(ping, 0, frame, 1, ping.length);
            sendGre(callId, frame);
            byte[] reply = receiveGre(7);
            assertEquals(FakePppLink.IP, reply[0]);
            assertEquals(0, reply[1 + 20]); // ICMP echo reply
            assertEquals(1, gateway.stats().get(SessionCounter.ECHO_REPLIES));

            // the client ends the call: Call-Disconnect-Notify; then it stops the connection itself
            c.send(new CallClearRequest(7));
            assertInstanceOf(CallDisconnectNotify.class, c.read());
            var down = (SessionEvent.Down) events.poll(3, TimeUnit.SECONDS);
            assertNotNull(down);
            assertEquals(1, down.counters().packetsFromClient());
            assertEquals(1, down.counters().packetsToClient());
            assertEquals("Call-Clear-Request from the client", down.reason());
            c.send(new StopControlConnectionRequest(1));
            assertInstanceOf(StopControlConnectionReply.class, c.read());
            assertEquals(-1, c.in.read()); // closed by the gateway
        }
        assertEquals(0, gateway.stats().liveCalls());
    }

    /** The self-service page's hook: a packet to the tunnel address that the uplink takes goes to it, pings stay here. */
    @Test
    void aPacketToTheTunnelAddressThatTheUplinkTakesGoesToItAndPingsStayAnswered() throws Exception {
        BlockingQueue<byte[]> taken = new LinkedBlockingQueue<>();
        gateway.setUplink(new io.pptp2wg.session.Uplink() {
            @Override
            public void fromClient(io.pptp2wg.session.SessionHandle session, java.nio.ByteBuffer ip) {
                byte[] b = new byte[ip.remaining()];
                ip.get(ip.position(), b);
                taken.add(b);
            }

            @Override
            public boolean takesLocal(java.nio.ByteBuffer ip) {
                return ip.get(ip.position() + 9) == 6; // TCP
            }
        });
        try (Client c = new Client()) {
            c.send(new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "A", "cananian"));
            c.read();
            var info = up(c, 7);
            byte[] tcp = new byte[40];
            tcp[0] = 0x45;
            tcp[3] = 40;
            tcp[8] = 64;
            tcp[9] = 6;
            java.nio.ByteBuffer.wrap(tcp).putInt(12, info.tunnelAddress()).putInt(16, LOCAL_TUNNEL).putShort(22, (short) 80);
            byte[] frame = new byte[tcp.length + 1];
            frame[0] = FakePppLink.IP;
            System.arraycopy(tcp, 0, frame, 1, tcp.length);
            sendGre(info.localCallId(), frame);
            assertArrayEquals(tcp, taken.poll(3, TimeUnit.SECONDS));
            assertEquals(0, gateway.stats().get(SessionCounter.LOCAL_DROPS));

            byte[] ping = EchoResponderTest.echoRequest(LOCAL_TUNNEL);
            byte[] pingFrame = new byte[ping.length + 1];
            pingFrame[0] = FakePppLink.IP;
            System.arraycopy(ping, 0, pingFrame, 1, ping.length);
            sendGre(info.localCallId(), pingFrame);
            byte[] reply = receiveGre(7);
            assertEquals(0, reply[1 + 20]); // ICMP echo reply, from the gateway itself
            assertTrue(taken.isEmpty());
        } finally {
            gateway.setUplink(null);
        }
    }

    @Test
    void theNetworkPhaseWaitsUntilTheLoginIsRecorded() throws Exception {
        BlockingQueue<io.pptp2wg.session.SessionInfo> recorded = new LinkedBlockingQueue<>();
        java.util.concurrent.CompletableFuture<Void> durable = new java.util.concurrent.CompletableFuture<>();
        gateway.setLoginRecorder(new io.pptp2wg.session.LoginRecorder() {
            @Override
            public java.util.concurrent.CompletionStage<?> loggedIn(io.pptp2wg.session.SessionInfo session) {
                recorded.add(session);
                return durable;
            }

            @Override
            public void endedBeforeUp(io.pptp2wg.session.SessionInfo session, String reason, java.time.Instant at) {}
        });
        try (Client c = new Client()) {
            c.send(new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "A", "cananian"));
            c.read();
            int callId = c.openCall(7);
            receiveGre(7);
            sendGre(callId, new byte[] {FakePppLink.CMD, 0x21, 2});
            var login = recorded.poll(3, TimeUnit.SECONDS);
            assertNotNull(login, "the login handed to the recorder");
            assertEquals("userA", login.user());
            // on the loop, the link's network phase is held (nothing up) until the record is durable
            assertTrue(gateway.sessions().isEmpty());
            assertNull(events.poll());
            durable.complete(null);
            var up = (SessionEvent.Up) events.poll(3, TimeUnit.SECONDS);
            assertNotNull(up, "up once recorded");
            assertEquals(login.id(), up.session().id());
            assertEquals(login.tunnelAddress(), up.session().tunnelAddress());
            assertTrue(recorded.isEmpty(), "recorded once");
        }
    }

    @Test
    void aCallEndedWhileItsLoginIsRecordedReleasesItsAddressAndSaysSo() throws Exception {
        BlockingQueue<io.pptp2wg.session.SessionInfo> recorded = new LinkedBlockingQueue<>();
        BlockingQueue<String> endedBeforeUp = new LinkedBlockingQueue<>();
        gateway.setLoginRecorder(new io.pptp2wg.session.LoginRecorder() {
            @Override
            public java.util.concurrent.CompletionStage<?> loggedIn(io.pptp2wg.session.SessionInfo session) {
                recorded.add(session);
                return new java.util.concurrent.CompletableFuture<>(); // the database never answers
            }

            @Override
            public void endedBeforeUp(io.pptp2wg.session.SessionInfo session, String reason, java.time.Instant at) {
                endedBeforeUp.add(session.id() + " " + reason);
            }
        });
        int first;
        try (Client c = new Client()) {
            c.send(new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "A", "cananian"));
            c.read();
            int callId = c.openCall(7);
            receiveGre(7);
            sendGre(callId, new byte[] {FakePppLink.CMD, 0x21, 2});
            var login = recorded.poll(3, TimeUnit.SECONDS);
            assertNotNull(login);
            first = login.tunnelAddress();
            c.send(new CallClearRequest(7)); // before the record came back
            assertInstanceOf(CallDisconnectNotify.class, c.read());
            String ended = endedBeforeUp.poll(3, TimeUnit.SECONDS);
            assertNotNull(ended, "the recorder hears that the login ended before it was up");
            assertTrue(ended.startsWith(login.id() + " "), ended);
            assertNull(events.poll(), "no Up, no Down: the session was never up");
        }
        gateway.setLoginRecorder(io.pptp2wg.session.LoginRecorder.NONE);
        try (Client c = new Client()) {
            c.send(new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "A", "cananian"));
            c.read();
            int callId = c.openCall(8);
            receiveGre(8);
            sendGre(callId, new byte[] {FakePppLink.CMD, 0x21, 2});
            var up = (SessionEvent.Up) events.poll(3, TimeUnit.SECONDS);
            assertNotNull(up);
            assertEquals(first, up.session().tunnelAddress(), "the address held for the record was released");
            assertEquals(io.pptp2wg.session.AddressAllocator.Holding.OWN, up.session().holding());
        }
    }

    @Test
    void aBroadcastDhcpInformIsAnsweredOnItsOwnSession() throws Exception {
        try (Client c = new Client()) {
            c.send(new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "A", "v"));
            c.read();
            int callId = c.openCall(9);
            receiveGre(9);
            sendGre(callId, new byte[] {FakePppLink.CMD, 0x21, 2});
            int address = ((SessionEvent.Up) events.poll(3, TimeUnit.SECONDS)).session().tunnelAddress();
            byte[] inform = InformPackets.inform(address, 0xFFFFFFFF, address);
            byte[] frame = new byte[inform.length + 1];
            frame[0] = FakePppLink.IP;
            System.arraycopy(inform, 0, frame, 1, inform.length);
            sendGre(callId, frame);
            byte[] reply = receiveGre(9);
            assertEquals(FakePppLink.IP, reply[0]);
            byte[] ip = java.util.Arrays.copyOfRange(reply, 1, reply.length);
            assertEquals(address, ByteBuffer.wrap(ip).getInt(16));
            var routes = ClasslessRoutes.decode(ByteBuffer.wrap(InformPackets.options(ip, ip.length).get(121)));
            assertEquals(List.of(new ClasslessRoutes.Route(new Ipv4Prefix(0xCB007100, 24), LOCAL_TUNNEL)), routes);
            assertEquals(1, gateway.stats().get(SessionCounter.DHCP_ACKS));
        }
    }

    @Test
    void severalCallsOnOneConnectionLimitAndDisconnect() throws Exception {
        try (Client c = new Client()) {
            c.send(new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "B", "v"));
            c.read();
            int a = c.openCall(1);
            int b = c.openCall(2);
            assertNotEquals(a, b);
            // connections = 2: a third call is refused with "no resource"
            c.send(new OutgoingCallRequest(3, 3, 2400, 10_000_000, 3, 3, 3, 0, "", ""));
            OutgoingCallReply refused = (OutgoingCallReply) c.read();
            assertEquals(ControlProtocol.ERROR_NO_RESOURCE, refused.errorCode());
            var ev = (SessionEvent.Refused) events.poll(3, TimeUnit.SECONDS);
            assertTrue(ev.reason().contains("connections limit (2)"), ev.reason());
            assertEquals(1, gateway.stats().get(SessionCounter.CONNECTION_LIMIT_REFUSALS));

            sendGre(a, new byte[] {FakePppLink.CMD, 0x21, 2});
            assertInstanceOf(SessionEvent.Up.class, events.poll(3, TimeUnit.SECONDS));
            sendGre(b, new byte[] {FakePppLink.CMD, 0x21, 2}); // the same user and device: the first one is probed
            assertNull(events.poll(300, TimeUnit.MILLISECONDS));
            sendGre(a, new byte[] {FakePppLink.CMD, 0x21, 9}); // and answers
            assertInstanceOf(SessionEvent.Up.class, events.poll(3, TimeUnit.SECONDS));
            assertEquals(2, gateway.sessions().size());

            // an administrator disconnects one: terminate through PPP, then Call-Disconnect-Notify; the other stays
            var first = gateway.sessions().stream().filter(s -> s.info().localCallId() == a).findFirst().orElseThrow();
            first.disconnect("admin");
            var down = (SessionEvent.Down) events.poll(3, TimeUnit.SECONDS);
            assertEquals("admin", down.reason());
            CallDisconnectNotify cdn = (CallDisconnectNotify) c.read();
            assertEquals(a, cdn.callId());
            assertEquals(ControlProtocol.CDN_ADMIN_SHUTDOWN, cdn.resultCode());
            assertEquals(1, gateway.sessions().size());
        }
        // the TCP connection closed without goodbye: the remaining session goes down
        var down = (SessionEvent.Down) events.poll(3, TimeUnit.SECONDS);
        assertEquals("control connection closed", down.reason());
    }

    @Test
    void usersRemovedFromChapSecretsAreDisconnectedOthersStay() throws Exception {
        try (Client c = new Client()) {
            c.send(new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "D", "v"));
            c.read();
            int callId = c.openCall(5);
            receiveGre(5);
            sendGre(callId, new byte[] {FakePppLink.CMD, 0x21, 2});
            assertInstanceOf(SessionEvent.Up.class, events.poll(3, TimeUnit.SECONDS));
            // a reload that still has userD: nothing happens
            var keep = io.pptp2wg.config.secrets.UserDirectory.of(List.of(new io.pptp2wg.config.secrets.SecretsEntry(
                    "userD", "*", io.pptp2wg.config.secrets.Secret.ofPassword("x".toCharArray()), Optional.empty(), true,
                    "chap-secrets", 1)), List.of(), "pptpd", e -> {});
            gateway.updateUsers(keep);
            assertNull(events.poll(300, TimeUnit.MILLISECONDS));
            // a reload without userD: the session ends with the reason, through PPP and Call-Disconnect-Notify
            gateway.updateUsers(UserDirectory.empty());
            var down = (SessionEvent.Down) events.poll(3, TimeUnit.SECONDS);
            assertEquals("removed from chap-secrets", down.reason());
            assertInstanceOf(CallDisconnectNotify.class, c.read());
            assertEquals(1, gateway.stats().get(SessionCounter.REMOVED_USER_DISCONNECTS));
        }
    }

    @Test
    void withPppdsRadiusPluginAChapSecretsReloadEndsNoSession() throws Exception {
        gateway.stop();
        // the users are RADIUS's: the directory read from chap-secrets is empty, and a reload of it (the file touched,
        // edited) must not read as "every user removed"; pppd's plugin never looks at chap-secrets either
        var radius = new io.pptp2wg.config.radius.RadiusClientConf(java.nio.file.Path.of("radiusclient.conf"),
                List.of(new io.pptp2wg.config.radius.RadiusServer("127.0.0.1", 9,
                        io.pptp2wg.config.secrets.Secret.ofPassword("unused".toCharArray()), "radiusclient.conf", 1)),
                List.of(), 1, 1, Optional.empty(), Optional.of("127.0.0.1"), Optional.empty(),
                new io.pptp2wg.config.radius.RadiusPlugin("options", 1, java.nio.file.Path.of("radiusclient.conf"), List.of()));
        GatewaySettings settings = new GatewaySettings(Optional.of("127.0.0.1"), 2, 10, false, false, LOCAL_TUNNEL,
                AddressList.parse("198.51.100.100-199").list().orElseThrow(),
                io.pptp2wg.ppp.testing.TestConfig.options(List.of(), io.pptp2wg.config.ppp.MppePolicy.refused()),
                UserDirectory.empty(), List.of(), Optional.of(radius));
        gateway = new PptpGateway(GatewayOptions.of(settings, FakePppLink::new).withPort(0).withEventLoops(2));
        gateway.start();
        gateway.addListener(events::add);
        try (Client c = new Client()) {
            c.send(new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "R", "v"));
            c.read();
            int callId = c.openCall(6);
            receiveGre(6);
            sendGre(callId, new byte[] {FakePppLink.CMD, 0x21, 2});
            assertInstanceOf(SessionEvent.Up.class, events.poll(3, TimeUnit.SECONDS));
            gateway.updateUsers(UserDirectory.empty());
            assertNull(events.poll(300, TimeUnit.MILLISECONDS), "the RADIUS user's session stays");
            assertEquals(1, gateway.sessions().size());
            assertEquals(0, gateway.stats().get(SessionCounter.REMOVED_USER_DISCONNECTS));
        }
    }

    @Test
    void greFromAnotherAddressOrUnknownCallIsDropped() throws Exception {
        try (Client c = new Client()) {
            c.send(new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "C", "v"));
            c.read();
            int callId = c.openCall(9);
            receiveGre(9);
            sendGre(callId ^ 0x5555, new byte[] {1});
            sendGre(callId, new byte[] {FakePppLink.CMD, 0x21, 2});
            assertInstanceOf(SessionEvent.Up.class, events.poll(3, TimeUnit.SECONDS));
            // the unknown Call ID belongs to another lane, whose loop may count it after this session's Up: wait for
            // the count itself, with a deadline (a marker in the same flow proves nothing across loops)
            awaitCount(() -> gateway.stats().gre().get(io.pptp2wg.pptp.gre.GreCounter.UNKNOWN_CALL_ID), 1);
            assertEquals(1, gateway.stats().gre().get(io.pptp2wg.pptp.gre.GreCounter.UNKNOWN_CALL_ID));
        }
    }

    @Test
    void severalSessionsOfOneUserEachGetAnAddressUpToTheLimitAndAReconnectOfTheSameDeviceTakesOver() throws Exception {
        gateway.stop();
        AtomicLong offset = new AtomicLong(); // the gateway's clock, moved by the test
        GatewaySettings settings = new GatewaySettings(Optional.of("127.0.0.1"), 10, 10, false, false, LOCAL_TUNNEL,
                AddressList.parse("198.51.100.100-199").list().orElseThrow(), null, UserDirectory.empty(), List.of());
        GatewayOptions o = GatewayOptions.of(settings, FakePppLink::new).withPort(0).withEventLoops(2)
                .withMaxSessionsPerUser(2);
        gateway = new PptpGateway(new GatewayOptions(o.settings(), o.ppp(), o.policy(), o.addresses(), o.tcpPort(),
                o.eventLoops(), () -> System.nanoTime() + offset.get(), o.wallClock(), o.random(), o.gre(), o.dhcp(),
                o.maxSessionsPerUser(), o.limiter(), o.floods()));
        gateway.start();
        gateway.addListener(events::add);
        try (Client c = new Client(); Client other = new Client(); Client again = new Client(); Client later = new Client()) {
            c.send(new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "A", "v"));
            c.read();
            var first = up(c, 11);
            assertEquals(AddressAllocator.Holding.OWN, first.holding());

            // a second call of userA on the same control connection: the same device, so the first is probed
            // before the second gets an address; it answers (anything heard from it), so both stay
            int secondCall = c.openCall(12);
            receiveGre(12);
            sendGre(secondCall, new byte[] {FakePppLink.CMD, 0x21, 2});
            assertNull(events.poll(300, TimeUnit.MILLISECONDS), "the second login waits for the probe");
            sendGre(first.localCallId(), new byte[] {FakePppLink.CMD, 0x21, 9}); // the first client is alive
            var second = ((SessionEvent.Up) events.poll(3, TimeUnit.SECONDS)).session();
            assertEquals(AddressAllocator.Holding.BORROWED, second.holding(), "a live session of the same device stays");
            assertNotEquals(first.tunnelAddress(), second.tunnelAddress());
            assertEquals(1, gateway.stats().get(SessionCounter.PROBES_ANSWERED));
            assertEquals(1, gateway.stats().get(SessionCounter.BORROWED_ADDRESSES));

            // a third at once from another device (another vendor): over maxSessionsPerUser, refused at the login
            other.send(new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "A", "another vendor"));
            other.read();
            int otherCall = other.openCall(20);
            receiveGre(20);
            sendGre(otherCall, new byte[] {FakePppLink.CMD, 0x21, 2});
            var refused = (SessionEvent.Refused) events.poll(3, TimeUnit.SECONDS);
            assertTrue(refused.reason().contains("Too many sessions: userA already has 2"), refused.reason());
            assertEquals(1, gateway.stats().get(SessionCounter.PER_USER_LIMIT_REFUSALS));

            // a third from the first's device: maybe a reconnect, so let in on condition; the first answers the probe,
            // so this one would exceed the limit and gets no address
            int third = c.openCall(13);
            receiveGre(13);
            sendGre(third, new byte[] {FakePppLink.CMD, 0x21, 2});
            assertNull(events.poll(300, TimeUnit.MILLISECONDS));
            sendGre(first.localCallId(), new byte[] {FakePppLink.CMD, 0x21, 9});
            assertInstanceOf(CallDisconnectNotify.class, c.read(), "the held call ends");
            assertEquals(2, gateway.stats().get(SessionCounter.PER_USER_LIMIT_REFUSALS));
            assertEquals(2, gateway.stats().get(SessionCounter.PROBES_ANSWERED));
            assertEquals(2, gateway.sessions().size());
            gateway.session(second.id()).orElseThrow().disconnect("admin");
            assertInstanceOf(SessionEvent.Down.class, events.poll(3, TimeUnit.SECONDS));

            // the device logs in again on a new connection while its first session says nothing: the probe times
            // out, the new login takes the address over and the first session ends
            again.send(new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "A", "v"));
            again.read();
            var reconnect = upReplacing(again, 14, first);
            assertEquals(1, gateway.stats().get(SessionCounter.PROBES_UNANSWERED));

            // silent for longer than REPLACE_AFTER_SILENCE: replaced without a probe
            offset.addAndGet(ReconnectRule.REPLACE_AFTER_SILENCE_NANOS + TimeUnit.SECONDS.toNanos(1));
            later.send(new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "A", "v"));
            later.read();
            upReplacing(later, 15, reconnect);
            assertEquals(1, gateway.stats().get(SessionCounter.PROBES_UNANSWERED), "no probe this time");
            assertEquals(2, gateway.stats().get(SessionCounter.RECONNECT_REPLACEMENTS));
            assertEquals(1, gateway.sessions().size());
        }
    }

    /** A login on a new call that takes {@code older}'s address over: the new session's Up and the older's Down. */
    io.pptp2wg.session.SessionInfo upReplacing(Client c, int peerCallId, io.pptp2wg.session.SessionInfo older)
            throws Exception {
        int call = c.openCall(peerCallId);
        receiveGre(peerCallId);
        sendGre(call, new byte[] {FakePppLink.CMD, 0x21, 2});
        SessionEvent.Up up = null;
        SessionEvent.Down down = null;
        for (int i = 0; i < 2; i++) {
            switch (events.poll(ReconnectRule.PROBE_TIMEOUT_NANOS + TimeUnit.SECONDS.toNanos(3), TimeUnit.NANOSECONDS)) {
                case SessionEvent.Up u -> up = u;
                case SessionEvent.Down d -> down = d;
                case null, default -> fail("expected the reconnect's Up and the replaced session's Down");
            }
        }
        assertEquals(older.tunnelAddress(), up.session().tunnelAddress());
        assertEquals(AddressAllocator.Holding.OWN, up.session().holding());
        assertEquals(older.id(), down.session().id());
        assertEquals("replaced by a reconnect of the same device", down.reason());
        return up.session();
    }

    /** Opens a call on {@code c} and brings its session up; its info. */
    io.pptp2wg.session.SessionInfo up(Client c, int peerCallId) throws Exception {
        int callId = c.openCall(peerCallId);
        receiveGre(peerCallId);
        sendGre(callId, new byte[] {FakePppLink.CMD, 0x21, 2});
        var up = (SessionEvent.Up) events.poll(3, TimeUnit.SECONDS);
        assertNotNull(up, "no session came up");
        return up.session();
    }

    /** Waits (bounded: 3 s) until {@code count} reaches {@code expected}; the assertion after it says whether it did. */
    private static void awaitCount(java.util.function.LongSupplier count, long expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (count.getAsLong() < expected && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
