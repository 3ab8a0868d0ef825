package io.pptp2wg.ppp;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.ppp.auth.RemoteAuth;
import io.pptp2wg.ppp.testing.TestAddresses;
import io.pptp2wg.ppp.testing.TestConfig;
import io.pptp2wg.ppp.testing.TestPppClient;
import io.pptp2wg.ppp.testing.Wire;
import io.pptp2wg.radius.AccessRequestSpec;
import io.pptp2wg.radius.FakeRadiusServer;
import io.pptp2wg.radius.RadiusAuthClient;
import io.pptp2wg.radius.RadiusReply;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.LoginPolicy;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server link with pppd's radius plugin: the client's Response goes through the RADIUS client core to a
 * RADIUS server (in memory), and the answer comes back to the link as an event. MPPE keys from the server
 * must key the link (IP passes both ways).
 */
class RadiusLoginTest {
    private static final String SECRET = "radius-shared-NEVER-SHOWN";
    private final TestAddresses addresses = new TestAddresses(10);
    private final FakeRadiusServer radiusServer = new FakeRadiusServer(SECRET, Map.of("test", "test"));
    private final Deque<byte[]> toServer = new ArrayDeque<>();
    private final List<Long> tickets = new ArrayList<>();
    private final List<RadiusReply> answers = new ArrayList<>();
    private RadiusAuthClient radius;
    private Wire w;
    private long now = 1_000_000_000L;

    /** The per-call RemoteAuth the edge would make: answers come back as events (here: collected, then delivered). */
    private final RemoteAuth remote = new RemoteAuth() {
        @Override
        public long submit(AccessRequestSpec spec) {
            long[] t = new long[1];
            t[0] = radius.submit(spec, now, reply -> {
                tickets.add(t[0]);
                answers.add(reply);
            });
            return t[0];
        }

        @Override
        public void cancel(long ticket) {
            radius.cancel(ticket);
        }

        @Override
        public int nasPort() {
            return 1;
        }

        @Override
        public Optional<String> callingStationId() {
            return Optional.of("192.0.2.20");
        }

        @Override
        public Optional<String> defaultRealm() {
            return Optional.empty();
        }
    };

    private Wire wire(List<AuthProtocol> auth, TestPppClient.Settings settings, int servers) {
        radius = new RadiusAuthClient(io.pptp2wg.radius.RadiusTestConf.conf(SECRET, servers, 3, 2), "gw1", List.of(),
                new Random(5), (s, d) -> toServer.add(d), n -> { });
        var mppe = auth.contains(AuthProtocol.PAP) ? io.pptp2wg.config.ppp.MppePolicy.refused() : TestConfig.mppe128(StatefulMppe.REFUSE);
        PppLinkConfig config = new PppLinkConfig(TestConfig.options(auth, mppe), () -> UserDirectory.of(List.of(), List.of(),
                TestConfig.SERVER_NAME, e -> { }), LoginPolicy.allowAll(), addresses, TestConfig.LOCAL,
                new ClientFingerprint("client", "test", 1, new InetSocketAddress("192.0.2.20", 1723)), new Random(42),
                Optional.of(remote));
        w = Wire.of(config, settings, 7).start();
        return w;
    }

    /** The RADIUS server answers what is queued; answers go to the link. */
    private void serve() throws Exception {
        while (!toServer.isEmpty()) {
            radius.receive(0, radiusServer.answer(toServer.poll()), now);
        }
        deliver();
    }

    private void deliver() {
        for (int i = 0; i < answers.size(); i++) {
            w.server.remoteAuthAnswered(tickets.get(i), answers.get(i), w.now, w.out);
        }
        answers.clear();
        tickets.clear();
        w.pump();
    }

    @Test
    void msChapV2WithMppe128KeyedByTheRadiusServer() throws Exception {
        wire(List.of(AuthProtocol.MSCHAP_V2), new TestPppClient.Settings(), 1);
        assertFalse(w.server.isNetworkOpen(), "waits for RADIUS");
        assertEquals(1, toServer.size());
        serve();
        List<PppLinkEvent.Opened> opened = w.out.events(PppLinkEvent.Opened.class);
        assertEquals(1, opened.size(), () -> w.out.events + "\n" + String.join("\n", w.debug));
        assertEquals("128-bit stateless", opened.getFirst().mppe());
        assertEquals("128-bit stateless", w.client.mppeMode());
        Random r = new Random(3);
        for (int i = 0; i < 50; i++) {
            byte[] up = new byte[40 + r.nextInt(1000)];
            r.nextBytes(up);
            up[0] = 0x45;
            w.client.sendIp(up);
            w.pump();
            assertArrayEquals(up, w.out.ips.get(i));
            byte[] down = up.clone();
            down[1] = 7;
            w.server.sendIp(java.nio.ByteBuffer.wrap(down), w.now, w.out);
            w.pump();
            assertArrayEquals(down, w.client.ips.get(i));
        }
    }

    @Test
    void framedIpAddressIsTheClientsAddress() throws Exception {
        radiusServer.framedIp = Optional.of(0xC0000263); // 192.0.2.99
        wire(List.of(AuthProtocol.MSCHAP_V2), new TestPppClient.Settings(), 1);
        serve();
        assertEquals(0xC0000263, w.out.events(PppLinkEvent.Opened.class).getFirst().peerAddress());
        assertEquals(0xC0000263, w.client.localAddress);
        assertEquals(0, addresses.inUse(), "the pool is not used");
    }

    @Test
    void msPrimaryDnsServerReplacesMsDnsForTheSession() throws Exception {
        radiusServer.primaryDns = Optional.of(0xCB007135); // 203.0.113.53
        wire(List.of(AuthProtocol.MSCHAP_V2), new TestPppClient.Settings(), 1);
        serve();
        assertEquals(0xCB007135, w.client.dns1());
        assertEquals(TestConfig.DNS2, w.client.dns2(), "the secondary stays the options file's");
    }

    @Test
    void sessionTimeoutEndsTheSessionAsMaxconnect() throws Exception {
        radiusServer.sessionTimeout = Optional.of(30);
        wire(List.of(AuthProtocol.MSCHAP_V2), new TestPppClient.Settings(), 1);
        serve();
        assertTrue(w.server.isNetworkOpen());
        w.advance(29);
        assertTrue(w.server.isNetworkOpen());
        w.advance(2);
        assertFalse(w.server.isNetworkOpen(), () -> String.join("\n", w.debug));
    }

    @Test
    void wrongPasswordIsRefusedWithE691AndReported() throws Exception {
        TestPppClient.Settings s = new TestPppClient.Settings();
        s.password = "wrong";
        wire(List.of(AuthProtocol.MSCHAP_V2), s, 1);
        serve();
        assertTrue(w.client.authFailure.startsWith("E=691 R=1 C="), w.client.authFailure);
        assertTrue(w.client.authFailure.endsWith("M=Wrong password"), w.client.authFailure);
        assertEquals(1, w.out.events(PppLinkEvent.AuthFailed.class).size());
        assertFalse(w.server.isNetworkOpen());
    }

    @Test
    void papThroughRadius() throws Exception {
        TestPppClient.Settings s = new TestPppClient.Settings();
        s.accepts = List.of(AuthProtocol.PAP);
        s.mppe = false;
        wire(List.of(AuthProtocol.PAP), s, 1);
        serve();
        assertEquals(1, w.out.events(PppLinkEvent.Opened.class).size(), () -> String.join("\n", w.debug));
        assertEquals(AuthProtocol.PAP, w.out.events(PppLinkEvent.Opened.class).getFirst().auth());
    }

    @Test
    void noServerAnswersTheLoginIsRefusedWithTheMessageInBoundedTime() {
        wire(List.of(AuthProtocol.MSCHAP_V2), new TestPppClient.Settings(), 2);
        long start = now;
        for (int i = 0; i < 100 && answers.isEmpty(); i++) {
            now = radius.deadline();
            radius.poll(now);
        }
        assertEquals(4, toServer.size(), "2 servers x radius_retries 2");
        assertEquals(12_000_000_000L, now - start, "2 x 2 x radius_timeout 3 s");
        deliver();
        List<PppLinkEvent.Refused> refused = w.out.events(PppLinkEvent.Refused.class);
        assertEquals(1, refused.size(), () -> w.out.events.toString());
        assertTrue(refused.getFirst().reason().contains("the authentication service is unreachable"), refused.getFirst().reason());
        assertTrue(w.client.authFailure.contains("M=Authentication service unreachable"), w.client.authFailure);
        for (String line : w.debug) {
            assertFalse(line.contains(SECRET));
        }
    }

    @Test
    void theLinkEndingCancelsTheRequest() {
        wire(List.of(AuthProtocol.MSCHAP_V2), new TestPppClient.Settings(), 1);
        assertEquals(1, radius.waiting());
        w.server.lowerDown(w.now, w.out);
        assertEquals(0, radius.waiting());
    }
}
