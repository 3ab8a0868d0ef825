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
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.ppp.auth.MsChapCrypto;
import io.pptp2wg.ppp.testing.TestAddresses;
import io.pptp2wg.ppp.testing.TestConfig;
import io.pptp2wg.ppp.testing.TestPppClient;
import io.pptp2wg.ppp.testing.Wire;
import io.pptp2wg.session.LoginPolicy;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The server link against the test client (which imitates pppd 2.4.9's choices), in memory, on a
 * fake clock: every authentication method and MPPE mode, then IP both ways. Our own client proves
 * less than a real one; the real pppd runs on the pptp branch's interop test.
 */
class PppEndToEndTest {
    private TestAddresses addresses = new TestAddresses(10);

    private Wire wire(PppOptions options, TestPppClient.Settings settings, UserDirectory users, LoginPolicy policy) {
        return Wire.of(TestConfig.config(options, users, policy, addresses, 42), settings, 7).start();
    }

    private Wire wire(List<AuthProtocol> auth, MppePolicy mppe, TestPppClient.Settings settings) {
        return wire(TestConfig.options(auth, mppe), settings, TestConfig.users("test", "test"), LoginPolicy.allowAll());
    }

    private static TestPppClient.Settings client() {
        return new TestPppClient.Settings();
    }

    private static TestPppClient.Settings clientWithout(AuthProtocol... refused) {
        TestPppClient.Settings s = client();
        s.accepts = s.accepts.stream().filter(a -> !List.of(refused).contains(a)).toList();
        return s;
    }

    private static byte[] ipPacket(Random r, int size) {
        byte[] p = new byte[size];
        r.nextBytes(p);
        p[0] = 0x45;
        return p;
    }

    /** Sends n packets each way and checks that every one arrives intact. */
    private static void exchange(Wire w, int n) {
        Random r = new Random(n);
        int before = w.out.ips.size();
        int clientBefore = w.client.ips.size();
        for (int i = 0; i < n; i++) {
            byte[] up = ipPacket(r, 20 + r.nextInt(1380));
            w.client.sendIp(up);
            w.pump();
            assertArrayEquals(up, w.out.ips.get(before + i), "client to server packet " + i);
            byte[] down = ipPacket(r, 20 + r.nextInt(1380));
            w.server.sendIp(java.nio.ByteBuffer.wrap(down), w.now, w.out);
            w.pump();
            assertArrayEquals(down, w.client.ips.get(clientBefore + i), "server to client packet " + i);
        }
    }

    private static PppLinkEvent.Opened opened(Wire w) {
        List<PppLinkEvent.Opened> o = w.out.events(PppLinkEvent.Opened.class);
        assertEquals(1, o.size(), () -> "events " + w.out.events + "\n" + String.join("\n", w.debug));
        return o.getFirst();
    }

    @Test
    void msChapV2WithStatelessMppe128() {
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), client());
        PppLinkEvent.Opened o = opened(w);
        assertEquals("test", o.user());
        assertEquals(MSCHAP_V2, o.auth());
        assertEquals("128-bit stateless", o.mppe());
        assertEquals(TestConfig.LOCAL, o.localAddress());
        assertEquals(TestAddresses.FIRST, o.peerAddress());
        assertEquals(1400, o.peerMru());
        assertEquals(List.of(new PppLinkEvent.Authenticated("test", MSCHAP_V2)), w.out.events(PppLinkEvent.Authenticated.class));
        assertEquals("128-bit stateless", w.client.mppeMode());
        assertEquals(TestAddresses.FIRST, w.client.localAddress);
        assertEquals(TestConfig.LOCAL, w.client.remoteAddress);
        assertEquals(TestConfig.DNS1, w.client.dns1());
        assertEquals(TestConfig.DNS2, w.client.dns2());
        assertEquals(1, w.client.protocolRejects, "IPV6CP is Protocol-Rejected");
        assertTrue(w.server.isNetworkOpen());
        exchange(w, 300);
        assertEquals(300, w.server.counters().ipPacketsFromPeer());
        assertEquals(0, w.server.counters().dropped(PppCounters.Drop.MPPE_BAD_HEADER));
    }

    @Test
    void debugLinesLookLikePppdsAndHoldNoSecret() {
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), client());
        opened(w);
        String all = String.join("\n", w.debug);
        assertTrue(all.contains("rcvd [LCP ConfReq id=0x1 <mru 1400> <asyncmap 0x0> <magic 0x"), all);
        assertTrue(all.contains("<auth chap MS-v2>"), all);
        assertTrue(all.contains("sent [CCP ConfReq id="), all);
        assertTrue(all.contains("<mppe +H -M +S -L -D -C>"), all);
        assertTrue(all.contains("rcvd [IPCP ConfReq id=") && all.contains("<compress VJ 0f 01> <addr 0.0.0.0>"), all);
        assertTrue(all.contains("sent [IPCP ConfNak id="), all);
        assertTrue(all.contains("MPPE 128-bit stateless compression enabled"), all);
        assertTrue(all.contains("<49 bytes>, name = \"test\""), all);
        assertFalse(all.contains("test\"" + " password"), all);
        byte[] hash = MsChapCrypto.ntPasswordHash("test".toCharArray());
        assertFalse(all.toLowerCase().contains(java.util.HexFormat.of().formatHex(hash)), "no NT hash in the log");
    }

    @Test
    void msChapV2WithStatefulMppeWhenTheGatewayPrefersIt() {
        TestPppClient.Settings s = client();
        s.mppeStateful = true;
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.PREFER), s);
        assertEquals("128-bit stateful", opened(w).mppe());
        assertEquals("128-bit stateful", w.client.mppeMode());
        assertEquals("128-bit stateful", w.client.encryptMode());
        exchange(w, 600); // crosses two flag packets (count low octet 0xFF) each way
    }

    @Test
    void statefulMppeRecoversFromLossWithResetRequest() {
        TestPppClient.Settings s = client();
        s.mppeStateful = true;
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.PREFER), s);
        opened(w);
        exchange(w, 10);
        Random r = new Random(1);
        // lose three consecutive client->server data packets, including across a flag packet later
        int[] sent = {0};
        w.dropToServer = f -> isData(f) && (++sent[0] == 3 || sent[0] == 4 || sent[0] == 300);
        int delivered = w.out.ips.size();
        int ok = 0;
        for (int i = 0; i < 400; i++) {
            w.client.sendIp(ipPacket(r, 100));
            w.pump();
        }
        ok = w.out.ips.size() - delivered;
        assertTrue(w.server.counters().dropped(PppCounters.Drop.MPPE_LOST) >= 2, w.server.counters().toString());
        assertTrue(ok >= 400 - 3 - 2 * 1, "delivered " + ok + " " + w.server.counters());
        // and the other way: the client detects loss, sends Reset-Request, the server flushes
        int[] down = {0};
        w.dropToClient = f -> isData(f) && ++down[0] == 5;
        int before = w.client.ips.size();
        for (int i = 0; i < 50; i++) {
            w.server.sendIp(java.nio.ByteBuffer.wrap(ipPacket(r, 200)), w.now, w.out);
            w.pump();
        }
        assertEquals(1, w.client.resetRequestsSent);
        assertEquals(48, w.client.ips.size() - before, "one lost, one dropped as the loss showed; then flushed");
        exchange(w, 5);
    }

    private static boolean isData(byte[] f) {
        int p = (f[0] & 0xff) == 0xff ? 2 : 0;
        return (f[p] & 0xff) == 0xfd || (f[p] & 0xff) == 0x00 && (f[p + 1] & 0xff) == 0xfd;
    }

    @Test
    void statelessMppeSurvivesLossAndReordering() {
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), client());
        opened(w);
        int[] n = {0};
        w.dropToServer = f -> isData(f) && ++n[0] % 7 == 0;
        Random r = new Random(3);
        for (int i = 0; i < 5000; i++) { // wraps the 12-bit coherency count
            w.client.sendIp(ipPacket(r, 60));
            w.pump();
        }
        assertEquals(5000 - 5000 / 7, w.out.ips.size());
        assertEquals(0, w.server.counters().dropped(PppCounters.Drop.MPPE_LATE));
        w.dropToServer = f -> false;
        exchange(w, 5);
    }

    @Test
    void msChapV2WithMppe40() {
        TestPppClient.Settings s = client();
        s.mppeLengths = EnumSet.of(MppeKeyLength.BITS_40);
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe(StatefulMppe.REFUSE, MppeKeyLength.BITS_40), s);
        assertEquals("40-bit stateless", opened(w).mppe());
        exchange(w, 50);
    }

    @Test
    void strongestCommonLengthWins() {
        TestPppClient.Settings s = client();
        s.mppeLengths = EnumSet.of(MppeKeyLength.BITS_40, MppeKeyLength.BITS_128);
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe(StatefulMppe.REFUSE, MppeKeyLength.BITS_40,
                MppeKeyLength.BITS_56, MppeKeyLength.BITS_128), s);
        assertEquals("128-bit stateless", opened(w).mppe());
        exchange(w, 20);
    }

    @Test
    void msChapV1WithMppe128() {
        Wire w = wire(List.of(MSCHAP_V1), TestConfig.mppe128(StatefulMppe.REFUSE), clientWithout(MSCHAP_V2));
        PppLinkEvent.Opened o = opened(w);
        assertEquals(MSCHAP_V1, o.auth());
        assertEquals("128-bit stateless", o.mppe());
        exchange(w, 50);
    }

    @Test
    void clientRefusingMsChapV2IsMovedToTheNextAllowedMethod() {
        Wire w = wire(List.of(MSCHAP_V2, MSCHAP_V1), TestConfig.mppe128(StatefulMppe.REFUSE), clientWithout(MSCHAP_V2));
        assertEquals(MSCHAP_V1, opened(w).auth());
    }

    @Test
    void chapMd5WithoutMppe() {
        TestPppClient.Settings s = clientWithout(MSCHAP_V2, MSCHAP_V1);
        s.mppe = false;
        Wire w = wire(List.of(CHAP_MD5), MppePolicy.refused(), s);
        PppLinkEvent.Opened o = opened(w);
        assertEquals(CHAP_MD5, o.auth());
        assertEquals("none", o.mppe());
        exchange(w, 20);
    }

    @Test
    void papWithoutMppe() {
        TestPppClient.Settings s = clientWithout(MSCHAP_V2, MSCHAP_V1, CHAP_MD5);
        s.mppe = false;
        Wire w = wire(List.of(PAP), MppePolicy.refused(), s);
        assertEquals(PAP, opened(w).auth());
        exchange(w, 20);
        assertTrue(String.join("\n", w.debug).contains("password=<hidden>"));
    }

    @Test
    void wrongPasswordFailsWithE691AndTheAttemptIsReported() {
        TestPppClient.Settings s = client();
        s.password = "wrong";
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), s);
        assertTrue(w.client.authFailure.matches("E=691 R=1 C=[0-9A-F]{32} V=3 M=Access denied"), w.client.authFailure);
        assertEquals(1, w.out.events(PppLinkEvent.AuthFailed.class).size());
        assertEquals("test", w.out.events(PppLinkEvent.AuthFailed.class).getFirst().user());
        w.advance(10);
        assertEquals(List.of(new PppLinkEvent.Closed("LCP terminated by peer (Failed to authenticate ourselves to peer)")),
                w.out.events(PppLinkEvent.Closed.class));
        assertEquals(0, addresses.inUse());
        assertFalse(w.server.isNetworkOpen());
    }

    @Test
    void windowsStyleRetryWithTheNewChallengeSucceeds() {
        TestPppClient.Settings s = client();
        s.password = "wrong";
        s.retryPassword = "test";
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), s);
        assertEquals(1, w.out.events(PppLinkEvent.AuthFailed.class).size());
        assertEquals("128-bit stateless", opened(w).mppe());
        exchange(w, 5);
    }

    @Test
    void repeatedFailuresEndWithRetryNotAllowed() {
        TestPppClient.Settings s = client();
        s.password = "wrong";
        s.retryPassword = "still wrong";
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), s);
        assertEquals(2, w.out.events(PppLinkEvent.AuthFailed.class).size());
        assertTrue(w.client.authFailure.contains(" R=1 "), "two attempts out of three: a retry is still allowed");
    }

    @Test
    void loginPolicyRefusalReachesTheClientAsTheFailureMessage() {
        Wire w = wire(TestConfig.options(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE)), client(),
                TestConfig.users("test", "test"), (u, c) -> new LoginPolicy.Decision.Refuse("PPTP is switched off for you; use WireGuard"));
        assertTrue(w.client.authFailure.matches("E=691 R=0 C=[0-9A-F]{32} V=3 M=PPTP is switched off for you; use WireGuard"),
                w.client.authFailure);
        assertEquals(List.of(new PppLinkEvent.Refused("test", "PPTP is switched off for you; use WireGuard")),
                w.out.events(PppLinkEvent.Refused.class));
        assertTrue(w.out.events(PppLinkEvent.Authenticated.class).isEmpty());
        w.advance(10);
        assertEquals(1, w.out.events(PppLinkEvent.Closed.class).size());
        assertEquals(0, addresses.inUse());
    }

    @Test
    void ntHashSecretWorksForMsChapButNotForChapMd5() {
        byte[] hash = MsChapCrypto.ntPasswordHash("test".toCharArray());
        Wire ok = wire(TestConfig.options(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE)), client(),
                TestConfig.users("test", hash), LoginPolicy.allowAll());
        exchange(ok, 3);
        addresses = new TestAddresses(10);
        TestPppClient.Settings s = clientWithout(MSCHAP_V2, MSCHAP_V1);
        s.mppe = false;
        Wire md5 = wire(TestConfig.options(List.of(CHAP_MD5), MppePolicy.refused()), s,
                TestConfig.users("test", hash), LoginPolicy.allowAll());
        assertEquals("Access denied", md5.client.authFailure);
        assertTrue(md5.out.events(PppLinkEvent.AuthFailed.class).getFirst().reason().contains("NT hash"));
    }

    @Test
    void domainIsStrippedWhenTheOptionsSaySo() {
        TestPppClient.Settings s = client();
        s.user = "EXAMPLE\\test";
        PppOptions o = TestConfig.options(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE));
        o = new PppOptions(o.file(), o.name(), o.auth(), o.mppe(), o.msDns(), o.msWins(), o.mtu(), o.mru(), o.pfc(),
                o.acfc(), o.lcpEchoInterval(), o.lcpEchoFailure(), o.idleSeconds(), o.maxConnectSeconds(), o.localIp(),
                o.remoteIp(), true, o.lcpLimits(), o.ipcpLimits(), o.chapRestartSeconds(), o.chapMaxChallenge(), o.debug());
        Wire w = wire(o, s, TestConfig.users("test", "test"), LoginPolicy.allowAll());
        assertEquals("test", opened(w).user());
    }

    @Test
    void mppeRequiredButTheClientWontIsClosedWithAClearReason() {
        TestPppClient.Settings s = client();
        s.mppe = false;
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), s);
        w.advance(60);
        assertTrue(w.out.events(PppLinkEvent.Opened.class).isEmpty());
        assertEquals(List.of(new PppLinkEvent.Closed("MPPE required but peer negotiation failed")),
                w.out.events(PppLinkEvent.Closed.class));
        assertEquals(0, w.out.ips.size());
    }

    @Test
    void preferredStatefulAgainstAClientThatRefusesItEndsTheLinkAsPppdWould() {
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.PREFER), client());
        w.advance(30);
        assertTrue(w.out.events(PppLinkEvent.Opened.class).isEmpty());
        assertEquals(1, w.out.events(PppLinkEvent.Closed.class).size());
    }

    @Test
    void allowStatefulWithAStatelessClientStaysStateless() {
        TestPppClient.Settings s = client();
        s.mppeStateful = true;
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.ALLOW), s);
        assertEquals("128-bit stateless", opened(w).mppe());
    }

    @Test
    void unencryptedIpIsNeverForwardedWhenMppeIsRequired() {
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), client());
        opened(w);
        byte[] frame = {(byte) 0xff, 0x03, 0x00, 0x21, 0x45, 0, 0, 20, 0, 0, 0, 0, 64, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
        w.server.receiveFrame(java.nio.ByteBuffer.wrap(frame), w.now, w.out);
        assertEquals(0, w.out.ips.size());
        assertEquals(1, w.server.counters().dropped(PppCounters.Drop.UNENCRYPTED_IP));
        assertTrue(w.server.counters().lastDrop().contains("unencrypted"));
    }

    @Test
    void echoKeepaliveDeclaresADeadPeer() {
        PppOptions o = TestConfig.options(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), 5, 3, 0, 0, true);
        Wire w = wire(o, client(), TestConfig.users("test", "test"), LoginPolicy.allowAll());
        opened(w);
        w.advance(30);
        assertTrue(w.client.echoRepliesSent >= 5, "echoes answered while the client is alive");
        assertTrue(w.out.events(PppLinkEvent.Closed.class).isEmpty());
        long deadAt = w.now;
        w.dropToServer = f -> true;
        w.advance(5 * 3 + 5);
        List<PppLinkEvent.Closed> closed = w.out.events(PppLinkEvent.Closed.class);
        assertEquals(List.of(new PppLinkEvent.Closed("No response to 3 echo-requests")), closed);
        assertEquals(Long.MAX_VALUE, w.server.nextDeadlineNanos());
        assertEquals(0, addresses.inUse());
        assertTrue(deadAt > 0);
    }

    @Test
    void idleAndMaxConnect() {
        PppOptions idle = TestConfig.options(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), 0, 0, 60, 0, true);
        Wire w = wire(idle, client(), TestConfig.users("test", "test"), LoginPolicy.allowAll());
        opened(w);
        w.advance(50);
        exchange(w, 1);
        w.advance(50);
        assertTrue(w.out.events(PppLinkEvent.Closed.class).isEmpty(), "traffic resets the idle timer");
        w.advance(15);
        assertEquals(List.of(new PppLinkEvent.Closed("Link inactive")), w.out.events(PppLinkEvent.Closed.class));
        assertEquals("Link inactive", w.client.terminateReason);

        addresses = new TestAddresses(10);
        PppOptions max = TestConfig.options(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), 0, 0, 0, 100, true);
        Wire m = wire(max, client(), TestConfig.users("test", "test"), LoginPolicy.allowAll());
        opened(m);
        for (int i = 0; i < 9; i++) {
            m.advance(10);
            exchange(m, 1);
        }
        assertTrue(m.out.events(PppLinkEvent.Closed.class).isEmpty());
        m.advance(15);
        assertEquals(List.of(new PppLinkEvent.Closed("Connect time expired")), m.out.events(PppLinkEvent.Closed.class));
    }

    @Test
    void clientHangUpAndLowerDownReleaseTheAddressOnce() {
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), client());
        opened(w);
        assertEquals(1, addresses.inUse());
        w.client.hangUp("User request");
        w.pump();
        assertFalse(w.server.isNetworkOpen());
        w.advance(5);
        assertEquals(List.of(new PppLinkEvent.Closed("LCP terminated by peer (User request)")), w.out.events(PppLinkEvent.Closed.class));
        w.server.lowerDown(w.now, w.out);
        assertEquals(1, w.out.events(PppLinkEvent.Closed.class).size());
        assertEquals(1, addresses.releases);

        addresses = new TestAddresses(10);
        Wire v = wire(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), client());
        opened(v);
        int frames = v.out.frames.size();
        v.server.lowerDown(v.now, v.out);
        assertEquals(List.of(new PppLinkEvent.Closed("Modem hangup")), v.out.events(PppLinkEvent.Closed.class));
        assertEquals(frames, v.out.frames.size(), "nothing is sent once the lower layer is gone");
        assertEquals(0, addresses.inUse());
    }

    @Test
    void administrativeCloseSendsTerminateRequestAndEndsOnItsAck() {
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), client());
        opened(w);
        w.server.close("Administrator closed the session", w.now, w.out);
        w.pump();
        assertEquals("Administrator closed the session", w.client.terminateReason);
        assertEquals(List.of(new PppLinkEvent.Closed("Administrator closed the session")), w.out.events(PppLinkEvent.Closed.class));
        w.server.sendIp(java.nio.ByteBuffer.wrap(new byte[40]), w.now, w.out);
        assertEquals(1, w.server.counters().dropped(PppCounters.Drop.IP_NOT_OPEN));
    }

    @Test
    void noAddressLeftEndsTheLink() {
        addresses = new TestAddresses(0);
        Wire w = wire(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE), client());
        w.advance(10);
        assertTrue(w.out.events(PppLinkEvent.Opened.class).isEmpty());
        assertTrue(w.out.events(PppLinkEvent.Closed.class).getFirst().reason().startsWith("No address available"));
    }
}
