package io.pptp2wg.radius;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.pptp2wg.radius.DaeTesting.CLIENT;
import static io.pptp2wg.radius.DaeTesting.SECRET;
import static io.pptp2wg.radius.DaeTesting.errorCause;
import static io.pptp2wg.radius.DaeTesting.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 5176 in the core: who is heard, what matches, what is answered, what is counted. */
class DynamicAuthServerTest {
    private static final byte[] S = SECRET.getBytes(StandardCharsets.US_ASCII);
    private final DaeTesting.FakeSession alice = new DaeTesting.FakeSession("SID-1", "alice", 0xC0000264);
    private final DaeTesting.FakeSession bob = new DaeTesting.FakeSession("SID-2", "bob", 0xC0000265);
    private final List<String> notes = new ArrayList<>();
    private final DynamicAuthServer dae = DaeTesting.server(List.of(alice, bob), notes);

    private static void assertAnswers(byte[] request, byte[] reply, int code) {
        assertNotNull(reply);
        assertEquals(code, reply[0] & 0xff);
        assertEquals(request[1], reply[1]);
        assertTrue(RadiusPackets.responseAuthenticatorValid(reply, S, Arrays.copyOfRange(request, 4, 20)), "Response Authenticator");
    }

    @Test
    void disconnectBySessionIdEndsThatSessionAndIsAcked() {
        byte[] req = request(RadiusWire.DISCONNECT_REQUEST, 7, false, SECRET, RadiusWire.ACCT_SESSION_ID, "SID-1");
        byte[] reply = dae.receive(CLIENT, req, 0, 1_000);
        assertAnswers(req, reply, RadiusWire.DISCONNECT_ACK);
        assertEquals(1, alice.disconnects.size());
        assertTrue(bob.disconnects.isEmpty());
        assertEquals(1, dae.disconnectAcks());
        // the server retransmits: the same answer, no second disconnect
        assertArrayEquals(reply, dae.receive(CLIENT, req, DynamicAuthServer.DUPLICATE_NANOS - 1, 1_000));
        assertEquals(1, alice.disconnects.size());
    }

    @Test
    void disconnectByUserNameOrFramedIpAddress() {
        byte[] byUser = request(RadiusWire.DISCONNECT_REQUEST, 1, false, SECRET, RadiusWire.USER_NAME, "bob");
        assertAnswers(byUser, dae.receive(CLIENT, byUser, 0, 0), RadiusWire.DISCONNECT_ACK);
        byte[] byIp = request(RadiusWire.DISCONNECT_REQUEST, 2, false, SECRET, RadiusWire.FRAMED_IP_ADDRESS, 0xC0000264);
        assertAnswers(byIp, dae.receive(CLIENT, byIp, 0, 0), RadiusWire.DISCONNECT_ACK);
        assertEquals(1, bob.disconnects.size());
        assertEquals(1, alice.disconnects.size());
        byte[] both = request(RadiusWire.DISCONNECT_REQUEST, 3, false, SECRET, RadiusWire.USER_NAME, "bob",
                RadiusWire.FRAMED_IP_ADDRESS, 0xC0000264);
        assertEquals(RadiusWire.ERROR_SESSION_CONTEXT_NOT_FOUND, errorCause(dae.receive(CLIENT, both, 0, 0)),
                "every attribute given must match");
    }

    @Test
    void unknownSessionIsNakedWith503() {
        byte[] req = request(RadiusWire.DISCONNECT_REQUEST, 9, false, SECRET, RadiusWire.ACCT_SESSION_ID, "SID-404");
        byte[] reply = dae.receive(CLIENT, req, 0, 0);
        assertAnswers(req, reply, RadiusWire.DISCONNECT_NAK);
        assertEquals(RadiusWire.ERROR_SESSION_CONTEXT_NOT_FOUND, errorCause(reply));
        assertEquals(1L, dae.naks().get(RadiusWire.ERROR_SESSION_CONTEXT_NOT_FOUND));
    }

    @Test
    void coaChangesSessionTimeout() {
        byte[] req = request(RadiusWire.COA_REQUEST, 4, false, SECRET, RadiusWire.USER_NAME, "alice",
                RadiusWire.SESSION_TIMEOUT, 600);
        assertAnswers(req, dae.receive(CLIENT, req, 0, 0), RadiusWire.COA_ACK);
        assertEquals(List.of(600), alice.timeouts);
        assertTrue(alice.disconnects.isEmpty());
        byte[] filter = request(RadiusWire.COA_REQUEST, 5, false, SECRET, RadiusWire.USER_NAME, "alice", 11, "acl-1");
        byte[] nak = dae.receive(CLIENT, filter, 0, 0);
        assertAnswers(filter, nak, RadiusWire.COA_NAK);
        assertEquals(RadiusWire.ERROR_UNSUPPORTED_ATTRIBUTE, errorCause(nak), "Filter-Id cannot be applied");
    }

    @Test
    void badAuthenticatorsAndStrangersAreDroppedAndCounted() {
        byte[] wrongSecret = request(RadiusWire.DISCONNECT_REQUEST, 1, false, "not-the-secret", RadiusWire.USER_NAME, "alice");
        assertNull(dae.receive(CLIENT, wrongSecret, 0, 0));
        byte[] good = request(RadiusWire.DISCONNECT_REQUEST, 2, false, SECRET, RadiusWire.USER_NAME, "alice");
        assertNull(dae.receive(new byte[] {(byte) 192, 0, 2, 99}, good, 0, 0));
        byte[] badMa = request(RadiusWire.DISCONNECT_REQUEST, 3, true, SECRET, RadiusWire.USER_NAME, "alice");
        badMa[25] ^= 1; // inside the Message-Authenticator; the Request Authenticator made valid again
        RadiusPackets.signRequest(badMa, S);
        assertNull(dae.receive(CLIENT, badMa, 0, 0));
        byte[] access = request(RadiusWire.ACCESS_REQUEST, 4, false, SECRET, RadiusWire.USER_NAME, "alice");
        assertNull(dae.receive(CLIENT, access, 0, 0));
        byte[] stale = request(RadiusWire.DISCONNECT_REQUEST, 5, false, SECRET, RadiusWire.USER_NAME, "alice",
                RadiusWire.EVENT_TIMESTAMP, 1_000);
        assertNull(dae.receive(CLIENT, stale, 0, 1_000 + RadiusWire.EVENT_TIMESTAMP_WINDOW_SECONDS + 1));
        assertTrue(alice.disconnects.isEmpty());
        assertEquals(java.util.Map.of(DaeDrop.BAD_AUTHENTICATOR, 1L, DaeDrop.UNKNOWN_CLIENT, 1L,
                DaeDrop.BAD_MESSAGE_AUTHENTICATOR, 1L, DaeDrop.UNEXPECTED_CODE, 1L, DaeDrop.STALE_TIMESTAMP, 1L), dae.drops());
        assertFalse(String.join("\n", notes).contains(SECRET));
    }

    @Test
    void aRequestWithMessageAuthenticatorGetsOneBack() {
        byte[] req = request(RadiusWire.DISCONNECT_REQUEST, 6, true, SECRET, RadiusWire.USER_NAME, "alice");
        byte[] reply = dae.receive(CLIENT, req, 0, 0);
        assertAnswers(req, reply, RadiusWire.DISCONNECT_ACK);
        int ma = RadiusPackets.messageAuthenticatorOffset(reply);
        assertTrue(ma > 0);
        assertTrue(RadiusPackets.messageAuthenticatorValid(reply, ma, S, Arrays.copyOfRange(req, 4, 20)));
    }

    @Test
    void anotherNasOrNoSessionIdentificationIsRefused() {
        byte[] other = request(RadiusWire.DISCONNECT_REQUEST, 1, false, SECRET, RadiusWire.NAS_IDENTIFIER, "gw2",
                RadiusWire.USER_NAME, "alice");
        assertEquals(RadiusWire.ERROR_NAS_IDENTIFICATION_MISMATCH, errorCause(dae.receive(CLIENT, other, 0, 0)));
        byte[] mine = request(RadiusWire.DISCONNECT_REQUEST, 2, false, SECRET, RadiusWire.NAS_IDENTIFIER, "gw1",
                RadiusWire.NAS_IP_ADDRESS, 0xC0000201, RadiusWire.USER_NAME, "alice");
        assertEquals(RadiusWire.DISCONNECT_ACK, dae.receive(CLIENT, mine, 0, 0)[0] & 0xff);
        byte[] none = request(RadiusWire.DISCONNECT_REQUEST, 3, false, SECRET, RadiusWire.NAS_IDENTIFIER, "gw1");
        assertEquals(RadiusWire.ERROR_MISSING_ATTRIBUTE, errorCause(dae.receive(CLIENT, none, 0, 0)));
    }

    @Test
    void hostileRequestsNeverEscapeNorAct() {
        java.util.Random r = new java.util.Random(5176);
        byte[] good = request(RadiusWire.DISCONNECT_REQUEST, 8, false, SECRET, RadiusWire.USER_NAME, "alice");
        for (int i = 0; i < 100_000; i++) {
            byte[] d;
            if (i % 2 == 0) {
                d = new byte[r.nextInt(100)];
                r.nextBytes(d);
            } else {
                d = good.clone();
                d[r.nextInt(d.length)] ^= (byte) (1 + r.nextInt(255));
            }
            byte[] reply = dae.receive(CLIENT, d, i, 0);
            assertNull(reply, "round " + i);
        }
        assertTrue(alice.disconnects.isEmpty());
    }
}
