package io.pptp2wg.ppp;

import static io.pptp2wg.config.ppp.AuthProtocol.CHAP_MD5;
import static io.pptp2wg.config.ppp.AuthProtocol.MSCHAP_V1;
import static io.pptp2wg.config.ppp.AuthProtocol.MSCHAP_V2;
import static io.pptp2wg.config.ppp.AuthProtocol.PAP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.MppeKeyLength;
import io.pptp2wg.config.ppp.MppePolicy;
import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.ppp.auth.MsChapCrypto;
import io.pptp2wg.ppp.testing.LinkPair;
import io.pptp2wg.ppp.testing.TestAddresses;
import io.pptp2wg.ppp.testing.TestConfig;
import io.pptp2wg.session.LoginPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The client link ({@link PppLinks#client}, what the load generator runs) against the server link, in
 * memory, on a fake clock: every authentication method, MPPE stateless and stateful (both ways round)
 * with loss and Reset-Request, the MS-CHAPv2 authenticator check, refusals and teardown. Both ends
 * are ours, so this proves the roles fit together; the client's proof against a real pppd is the
 * tests module's reference-pptpd IT.
 */
class ClientLinkTest {
    private TestAddresses addresses = new TestAddresses(10);

    private LinkPair pair(List<AuthProtocol> serverAuth, MppePolicy serverMppe, List<AuthProtocol> clientAuth,
                          MppePolicy clientMppe, String password) {
        PppOptions serverOptions = TestConfig.options(serverAuth, serverMppe);
        return new LinkPair(TestConfig.config(serverOptions, TestConfig.users("test", "test"), LoginPolicy.allowAll(),
                addresses, 42), LinkPair.client("test", password, clientAuth, clientMppe, 7)).start();
    }

    private LinkPair pair(AuthProtocol auth, MppePolicy serverMppe, MppePolicy clientMppe) {
        return pair(List.of(auth), serverMppe, List.of(auth), clientMppe, "test");
    }

    private static PppLinkEvent.Opened opened(LinkPair p, RecordingOutputView side) {
        List<PppLinkEvent.Opened> o = side.out(p).events(PppLinkEvent.Opened.class);
        assertEquals(1, o.size(), () -> side + " events " + side.out(p).events + "\n" + p.debug());
        return o.getFirst();
    }

    private enum RecordingOutputView {
        SERVER, CLIENT;

        io.pptp2wg.ppp.testing.RecordingOutput out(LinkPair p) {
            return this == SERVER ? p.serverOut : p.clientOut;
        }
    }

    private static byte[] ipPacket(Random r, int size) {
        byte[] b = new byte[size];
        r.nextBytes(b);
        b[0] = 0x45;
        return b;
    }

    /** n packets each way, each arriving intact. */
    private static void exchange(LinkPair p, int n) {
        Random r = new Random(n);
        int atServer = p.serverOut.ips.size();
        int atClient = p.clientOut.ips.size();
        for (int i = 0; i < n; i++) {
            byte[] up = ipPacket(r, 20 + r.nextInt(1376));
            p.client.sendIp(ByteBuffer.wrap(up), p.now, p.clientOut);
            p.pump();
            assertArrayEquals(up, p.serverOut.ips.get(atServer + i), "client to server packet " + i);
            byte[] down = ipPacket(r, 20 + r.nextInt(1376));
            p.server.sendIp(ByteBuffer.wrap(down), p.now, p.serverOut);
            p.pump();
            assertArrayEquals(down, p.clientOut.ips.get(atClient + i), "server to client packet " + i);
        }
    }

    @Test
    void msChapV2WithStatelessMppe128() {
        LinkPair p = pair(MSCHAP_V2, TestConfig.mppe128(StatefulMppe.REFUSE), TestConfig.mppe128(StatefulMppe.REFUSE));
        PppLinkEvent.Opened s = opened(p, RecordingOutputView.SERVER);
        PppLinkEvent.Opened c = opened(p, RecordingOutputView.CLIENT);
        assertEquals("128-bit stateless", s.mppe());
        assertEquals("128-bit stateless", c.mppe());
        assertEquals(MSCHAP_V2, c.auth());
        assertEquals("test", c.user());
        assertEquals(TestAddresses.FIRST, c.localAddress(), "the client took the address of the server's Nak");
        assertEquals(TestConfig.LOCAL, c.peerAddress());
        assertEquals(TestAddresses.FIRST, s.peerAddress());
        assertEquals(1400, s.peerMru());
        assertEquals(1500, c.peerMru());
        assertEquals(List.of(new PppLinkEvent.Authenticated("test", MSCHAP_V2)),
                p.clientOut.events(PppLinkEvent.Authenticated.class));
        assertTrue(p.client.isNetworkOpen());
        exchange(p, 300);
        assertEquals(0, p.client.counters().droppedTotal(), p.debug());
        assertEquals(0, p.server.counters().droppedTotal(), p.debug());
        String debug = String.join("\n", p.clientDebug);
        assertTrue(debug.contains("sent [IPCP ConfReq id=") && debug.contains("<addr 0.0.0.0>"), debug);
        assertTrue(debug.contains("MPPE 128-bit stateless compression enabled"), debug);
        assertFalse(debug.toLowerCase().contains("password"), debug);
    }

    @Test
    void statefulWhenTheClientProposesItAndTheServerAllowsIt() {
        LinkPair p = pair(MSCHAP_V2, TestConfig.mppe128(StatefulMppe.ALLOW), TestConfig.mppe128(StatefulMppe.PREFER));
        assertEquals("128-bit stateful", opened(p, RecordingOutputView.SERVER).mppe());
        assertEquals("128-bit stateful", opened(p, RecordingOutputView.CLIENT).mppe());
        exchange(p, 600); // past a flag packet (every 256th changes keys)
    }

    @Test
    void statefulWhenTheServerPrefersItAndTheClientAllowsIt() {
        LinkPair p = pair(MSCHAP_V2, TestConfig.mppe128(StatefulMppe.PREFER), TestConfig.mppe128(StatefulMppe.ALLOW));
        assertEquals("128-bit stateful", opened(p, RecordingOutputView.CLIENT).mppe());
        exchange(p, 50);
    }

    @Test
    void aClientThatRefusesStatefulEndsALinkWhoseServerInsists() {
        LinkPair p = pair(MSCHAP_V2, TestConfig.mppe128(StatefulMppe.PREFER), TestConfig.mppe128(StatefulMppe.REFUSE));
        assertTrue(p.clientOut.events(PppLinkEvent.Opened.class).isEmpty());
        assertEquals("MPPE required but peer negotiation failed",
                p.clientOut.events(PppLinkEvent.Closed.class).getFirst().reason(), p.debug());
    }

    @Test
    void aServerThatRefusesStatefulEndsALinkWhoseClientProposesIt() {
        // pppd's rule on both ends: a Nak towards stateful is refused without mppe-stateful
        LinkPair p = pair(MSCHAP_V2, TestConfig.mppe128(StatefulMppe.REFUSE), TestConfig.mppe128(StatefulMppe.PREFER));
        p.advance(10);
        assertTrue(p.serverOut.events(PppLinkEvent.Opened.class).isEmpty());
        assertEquals(1, p.clientOut.events(PppLinkEvent.Closed.class).size(), p.debug());
    }

    @Test
    void statefulLossIsRepairedByResetRequestInBothDirections() {
        LinkPair p = pair(MSCHAP_V2, TestConfig.mppe128(StatefulMppe.ALLOW), TestConfig.mppe128(StatefulMppe.PREFER));
        exchange(p, 10);
        Random r = new Random(3);
        // lose one encrypted frame towards the client, then one towards the server
        for (boolean toClient : new boolean[] {true, false}) {
            boolean[] dropOne = {true};
            if (toClient) {
                p.dropToClient = f -> isMppe(f) && dropOne[0] && !(dropOne[0] = false);
                p.server.sendIp(ByteBuffer.wrap(ipPacket(r, 100)), p.now, p.serverOut);
            } else {
                p.dropToServer = f -> isMppe(f) && dropOne[0] && !(dropOne[0] = false);
                p.client.sendIp(ByteBuffer.wrap(ipPacket(r, 100)), p.now, p.clientOut);
            }
            p.pump();
            p.dropToClient = f -> false;
            p.dropToServer = f -> false;
            // the next packet shows the loss: discarded, Reset-Request, the peer flushes; then traffic flows
            if (toClient) {
                p.server.sendIp(ByteBuffer.wrap(ipPacket(r, 100)), p.now, p.serverOut);
            } else {
                p.client.sendIp(ByteBuffer.wrap(ipPacket(r, 100)), p.now, p.clientOut);
            }
            p.pump();
            exchange(p, 20);
        }
        assertEquals(1, p.client.counters().dropped(PppCounters.Drop.MPPE_LOST), p.debug());
        assertEquals(1, p.server.counters().dropped(PppCounters.Drop.MPPE_LOST), p.debug());
        String clientDebug = String.join("\n", p.clientDebug);
        assertTrue(clientDebug.contains("sent [CCP ResetReq"), clientDebug);
        assertTrue(clientDebug.contains("rcvd [CCP ResetReq"), clientDebug);
        assertTrue(clientDebug.contains("rcvd [CCP ResetAck"), clientDebug);
    }

    private static boolean isMppe(byte[] frame) {
        ByteBuffer b = ByteBuffer.wrap(frame);
        return PppFrame.readHeader(b) == PppProtocol.COMPRESSED_DATAGRAM;
    }

    @Test
    void msChapV1WithMppe128() {
        LinkPair p = pair(MSCHAP_V1, TestConfig.mppe128(StatefulMppe.REFUSE), TestConfig.mppe128(StatefulMppe.REFUSE));
        assertEquals("128-bit stateless", opened(p, RecordingOutputView.CLIENT).mppe());
        assertEquals(MSCHAP_V1, opened(p, RecordingOutputView.SERVER).auth());
        exchange(p, 50);
    }

    @Test
    void mppe40WhenBothAllowOnly40() {
        MppePolicy forty = TestConfig.mppe(StatefulMppe.REFUSE, MppeKeyLength.BITS_40);
        LinkPair p = pair(MSCHAP_V2, forty, forty);
        assertEquals("40-bit stateless", opened(p, RecordingOutputView.CLIENT).mppe());
        exchange(p, 20);
    }

    @Test
    void chapMd5AndPapWithoutMppe() {
        for (AuthProtocol a : List.of(CHAP_MD5, PAP)) {
            addresses = new TestAddresses(10);
            LinkPair p = pair(a, MppePolicy.refused(), MppePolicy.refused());
            PppLinkEvent.Opened c = opened(p, RecordingOutputView.CLIENT);
            assertEquals(a, c.auth());
            assertEquals("none", c.mppe());
            exchange(p, 20);
        }
    }

    @Test
    void theClientNaksAMethodItRefusesWithOneItAccepts() {
        LinkPair p = pair(List.of(MSCHAP_V2, PAP), MppePolicy.refused(), List.of(PAP), MppePolicy.refused(), "test");
        assertEquals(PAP, opened(p, RecordingOutputView.SERVER).auth());
        assertTrue(String.join("\n", p.clientDebug).contains("sent [LCP ConfNak id="), p.debug());
    }

    @Test
    void anNtHashSecretIsEnoughForMsChapV2() {
        Secret hash = Secret.ofNtHash(MsChapCrypto.ntPasswordHash("test".toCharArray()));
        PppOptions serverOptions = TestConfig.options(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE));
        LinkPair p = new LinkPair(TestConfig.config(serverOptions, TestConfig.users("test", "test"), LoginPolicy.allowAll(),
                addresses, 42), LinkPair.client("test", hash, List.of(MSCHAP_V2),
                TestConfig.mppe128(StatefulMppe.REFUSE), 7)).start();
        assertEquals("128-bit stateless", opened(p, RecordingOutputView.CLIENT).mppe());
    }

    @Test
    void aWrongPasswordEndsTheLinkWithTheServersError() {
        LinkPair p = pair(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), List.of(MSCHAP_V2),
                TestConfig.mppe128(StatefulMppe.REFUSE), "wrong");
        List<PppLinkEvent.AuthFailed> failed = p.clientOut.events(PppLinkEvent.AuthFailed.class);
        assertEquals(1, failed.size(), p.debug());
        assertEquals("MS-CHAPv2 authentication failed: E=691 Access denied", failed.getFirst().reason());
        assertEquals("MS-CHAPv2 authentication failed: E=691 Access denied",
                p.clientOut.events(PppLinkEvent.Closed.class).getFirst().reason());
        assertEquals(1, p.serverOut.events(PppLinkEvent.AuthFailed.class).size());
        p.advance(10); // the Terminate-Ack closes the client; the server stops after its Restart timer
        assertEquals(1, p.serverOut.events(PppLinkEvent.Closed.class).size());
        assertEquals(0, addresses.inUse());
    }

    @Test
    void aServerThatDoesNotKnowThePasswordIsCaughtByTheAuthenticatorResponse() {
        LinkPair p = new LinkPair(TestConfig.config(TestConfig.options(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE)),
                TestConfig.users("test", "test"), LoginPolicy.allowAll(), addresses, 42),
                LinkPair.client("test", "test", List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), 7));
        // a man in the middle who lets the login through cannot forge S=: flip one of its digits
        p.alterToClient = f -> {
            String s = new String(f, StandardCharsets.ISO_8859_1);
            int at = s.indexOf("S=");
            if (at > 0) {
                f = f.clone();
                f[at + 2] = (byte) (f[at + 2] == '0' ? '1' : '0');
            }
            return f;
        };
        p.start();
        assertTrue(p.clientOut.events(PppLinkEvent.Opened.class).isEmpty());
        assertEquals("MS-CHAPv2 mutual authentication failed: the server's authenticator response is wrong",
                p.clientOut.events(PppLinkEvent.AuthFailed.class).getFirst().reason(), p.debug());
    }

    @Test
    void closingTheClientEndsBothEnds() {
        LinkPair p = pair(MSCHAP_V2, TestConfig.mppe128(StatefulMppe.REFUSE), TestConfig.mppe128(StatefulMppe.REFUSE));
        p.client.close("User request", p.now, p.clientOut);
        p.pump();
        p.advance(10);
        assertEquals("User request", p.clientOut.events(PppLinkEvent.Closed.class).getFirst().reason());
        assertEquals("LCP terminated by peer (User request)", p.serverOut.events(PppLinkEvent.Closed.class).getFirst().reason());
        assertFalse(p.client.isNetworkOpen());
        assertEquals(0, addresses.inUse());
    }

    @Test
    void lostNegotiationPacketsAreRepeatedByTheTimers() {
        LinkPair p = new LinkPair(TestConfig.config(TestConfig.options(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE)),
                TestConfig.users("test", "test"), LoginPolicy.allowAll(), addresses, 42),
                LinkPair.client("test", "test", List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), 7));
        // lost: the client's first LCP request, its first CHAP Response, the server's first CHAP Success
        boolean[] lost = new boolean[3];
        p.dropToServer = f -> {
            String s = new String(f, StandardCharsets.ISO_8859_1);
            if (!lost[0] && s.startsWith("\u00ff\u0003\u00c0\u0021\u0001")) {
                return lost[0] = true;
            }
            if (!lost[1] && (s.startsWith("\u00c2\u0023\u0002") || s.startsWith("\u00ff\u0003\u00c2\u0023\u0002"))) {
                return lost[1] = true;
            }
            return false;
        };
        p.dropToClient = f -> {
            String s = new String(f, StandardCharsets.ISO_8859_1);
            if (!lost[2] && s.contains("S=")) {
                return lost[2] = true;
            }
            return false;
        };
        p.start();
        p.advance(30);
        assertTrue(lost[0] && lost[1] && lost[2], p.debug());
        opened(p, RecordingOutputView.CLIENT);
        opened(p, RecordingOutputView.SERVER);
        exchange(p, 5);
    }

    @Test
    void theClientAnswersTheServersLcpEchoes() {
        PppOptions serverOptions = TestConfig.options(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), 2, 3, 0, 0, true);
        LinkPair p = new LinkPair(TestConfig.config(serverOptions, TestConfig.users("test", "test"), LoginPolicy.allowAll(),
                addresses, 42), LinkPair.client("test", "test", List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), 7))
                .start();
        p.advance(30);
        assertTrue(p.server.isNetworkOpen(), p.debug());
        assertTrue(p.client.isNetworkOpen());
        assertTrue(p.serverOut.events(PppLinkEvent.Closed.class).isEmpty());
    }
}
