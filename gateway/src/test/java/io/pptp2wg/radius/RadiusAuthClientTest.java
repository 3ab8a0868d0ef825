package io.pptp2wg.radius;

import io.pptp2wg.config.ppp.MppeKeyLength;
import org.aaa4j.radius.core.attribute.IntegerData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.ReplyMessage;
import org.aaa4j.radius.core.attribute.attributes.SessionTimeout;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.pptp2wg.radius.RadiusTesting.conf;
import static io.pptp2wg.radius.RadiusTesting.msChapV2Login;
import static io.pptp2wg.radius.RadiusTesting.reply;
import static io.pptp2wg.radius.RadiusTesting.vectors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RADIUS client core with a fake clock: requests, verification of replies, every refusal, retries and failover. */
class RadiusAuthClientTest {
    private final Map<String, byte[]> v = vectors();
    private final String secret = new String(v.get("secret"), StandardCharsets.US_ASCII);
    private final byte[] requestAuth = v.get("request_authenticator");
    private final int id = v.get("identifier")[0] & 0xff;
    private final int chapId = v.get("chap_id")[0] & 0xff;
    private final List<RadiusTesting.Sent> sent = new ArrayList<>();
    private final List<RadiusReply> replies = new ArrayList<>();

    private RadiusAuthClient client(int servers, int timeout, int retries) {
        return new RadiusAuthClient(conf(secret, servers, timeout, retries), "gw1", List.of(),
                new RadiusTesting.FixedRandom(requestAuth, id), (s, d) -> sent.add(new RadiusTesting.Sent(s, d)), n -> { });
    }

    @Test
    void accessRequestCarriesAValidMessageAuthenticatorFirstAndTheMsChapV2Attributes() throws Exception {
        RadiusAuthClient c = client(1, 3, 3);
        c.submit(msChapV2Login(chapId), 0, replies::add);
        assertEquals(1, sent.size());
        byte[] d = sent.get(0).datagram();
        assertEquals(RadiusWire.ACCESS_REQUEST, d[0]);
        assertEquals(id, d[1] & 0xff);
        assertEquals(d.length, ((d[2] & 0xff) << 8) | (d[3] & 0xff));
        assertArrayEquals(requestAuth, Arrays.copyOfRange(d, 4, 20));
        // first attribute: Message-Authenticator, HMAC-MD5 of the packet with it zeroed (RFC 3579 §3.2)
        assertEquals(RadiusWire.MESSAGE_AUTHENTICATOR, d[20]);
        assertEquals(18, d[21]);
        byte[] zeroed = d.clone();
        Arrays.fill(zeroed, 22, 38, (byte) 0);
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(v.get("secret"), "HmacMD5"));
        assertArrayEquals(mac.doFinal(zeroed), Arrays.copyOfRange(d, 22, 38));
        String hex = RadiusTesting.HEX.formatHex(d);
        // MS-CHAP-Challenge (311/11) and MS-CHAP2-Response (311/25: Ident, Flags, Peer-Challenge, Reserved, NT-Response)
        assertTrue(hex.contains("1a1800000137" + "0b12" + "606162636465666768696a6b6c6d6e6f"), hex);
        assertTrue(hex.contains("1a3a00000137" + "1934" + "0700" + "505152535455565758595a5b5c5d5e5f" + "0000000000000000"
                + "707172737475767778797a7b7c7d7e7f8081828384858687"), hex);
        assertTrue(hex.contains("0107616c696365"), "User-Name alice: " + hex);
        assertTrue(hex.contains("2005677731"), "NAS-Identifier gw1: " + hex);
        assertTrue(hex.contains("3d0600000005"), "NAS-Port-Type Virtual: " + hex);
    }

    @Test
    void acceptFromTheReferenceGivesKeysAddressAndAuthenticatorResponse() {
        RadiusAuthClient c = client(1, 3, 3);
        c.submit(msChapV2Login(chapId), 0, replies::add);
        c.receive(0, v.get("accept_mschapv2"), 1);
        RadiusReply.Accept a = assertInstanceOf(RadiusReply.Accept.class, replies.getFirst());
        assertEquals(Optional.of("S=0123456789ABCDEF0123456789ABCDEF01234567"), a.authenticatorResponse());
        assertArrayEquals(v.get("send_key"), a.mppeKeys().orElseThrow().startKey(true, MppeKeyLength.BITS_128));
        assertArrayEquals(v.get("recv_key"), a.mppeKeys().orElseThrow().startKey(false, MppeKeyLength.BITS_128));
        assertArrayEquals(Arrays.copyOf(v.get("send_key"), 8), a.mppeKeys().orElseThrow().startKey(true, MppeKeyLength.BITS_40));
        assertEquals(Optional.of(0xC000024D), a.framedIp());
        assertEquals(3600, a.sessionTimeout().orElseThrow());
        assertEquals(600, a.idleTimeout().orElseThrow());
        assertEquals(List.of(0xC0000235), a.dns());
        assertEquals("class-1", new String(a.classes().getFirst(), StandardCharsets.US_ASCII));
        assertEquals(Optional.of("Welcome"), a.replyMessage());
        assertEquals(0, c.waiting());
        assertTrue(c.drops().isEmpty());
    }

    @Test
    void rejectFromTheReferenceCarriesMsChapErrorAndReplyMessage() {
        RadiusAuthClient c = client(1, 3, 3);
        c.submit(msChapV2Login(chapId), 0, replies::add);
        c.receive(0, v.get("reject_mschapv2"), 1);
        RadiusReply.Reject r = assertInstanceOf(RadiusReply.Reject.class, replies.getFirst());
        assertEquals(Optional.of("E=691 R=0 V=3"), r.msChapError());
        assertEquals(691, r.errorCode());
        assertEquals(Optional.of("Wrong password"), r.replyMessage());
    }

    @Test
    void aReplyWithAnotherSecretIsDroppedAndTheLoginStillWaits() {
        RadiusAuthClient c = client(1, 3, 3);
        c.submit(msChapV2Login(chapId), 0, replies::add);
        byte[] forged = v.get("accept_mschapv2").clone();
        forged[forged.length - 1] ^= 1; // Reply-Message changed: neither authenticator matches
        c.receive(0, forged, 1);
        assertTrue(replies.isEmpty());
        assertEquals(1, c.waiting());
        assertEquals(1L, c.drops().get(RadiusDrop.BAD_AUTHENTICATOR) + c.drops().getOrDefault(RadiusDrop.BAD_MESSAGE_AUTHENTICATOR, 0L));
        c.receive(0, v.get("accept_mschapv2"), 2); // the real one still counts
        assertInstanceOf(RadiusReply.Accept.class, replies.getFirst());
    }

    @Test
    void aReplyWithoutMessageAuthenticatorIsDroppedEvenWhenItsAuthenticatorIsRight() throws Exception {
        RadiusAuthClient c = client(1, 3, 3);
        c.submit(msChapV2Login(chapId), 0, replies::add);
        c.receive(0, reply(RadiusWire.ACCESS_REJECT, id, requestAuth, secret, false, List.of()), 1);
        c.receive(0, reply(RadiusWire.ACCESS_ACCEPT, id, requestAuth, secret, false, List.of()), 1);
        assertTrue(replies.isEmpty());
        assertEquals(2L, c.drops().get(RadiusDrop.NO_MESSAGE_AUTHENTICATOR));
    }

    @Test
    void withoutTheRequirementAReplyWithoutMessageAuthenticatorIsTrustedButAWrongOneStillNot() throws Exception {
        List<String> notes = new ArrayList<>();
        RadiusAuthClient c = new RadiusAuthClient(conf(secret, 1, 3, 3).withRequireMessageAuthenticator(false), "gw1", List.of(),
                new RadiusTesting.FixedRandom(requestAuth, id), (s, d) -> sent.add(new RadiusTesting.Sent(s, d)), notes::add);
        c.submit(msChapV2Login(chapId), 0, replies::add);
        c.receive(0, reply(RadiusWire.ACCESS_REJECT, id, requestAuth, secret, false, List.of()), 1);
        assertInstanceOf(RadiusReply.Reject.class, replies.getFirst());
        assertTrue(notes.stream().noneMatch(n -> n.startsWith("WARN")));
    }

    @Test
    void aServerThatNeverSendsMessageAuthenticatorIsNamedOnce() throws Exception {
        List<String> notes = new ArrayList<>();
        RadiusAuthClient c = new RadiusAuthClient(conf(secret, 1, 3, 3), "gw1", List.of(),
                new RadiusTesting.FixedRandom(requestAuth, id), (s, d) -> sent.add(new RadiusTesting.Sent(s, d)), notes::add);
        c.submit(msChapV2Login(chapId), 0, replies::add);
        c.receive(0, reply(RadiusWire.ACCESS_REJECT, id, requestAuth, secret, false, List.of()), 1);
        c.receive(0, reply(RadiusWire.ACCESS_REJECT, id, requestAuth, secret, false, List.of()), 1);
        assertEquals(1, notes.stream().filter(n -> n.startsWith("WARN") && n.contains("without Message-Authenticator")).count(), notes.toString());
        assertFalse(notes.stream().anyMatch(n -> n.contains(secret)));
    }

    @Test
    void aWrongMessageAuthenticatorIsDropped() throws Exception {
        RadiusAuthClient c = client(1, 3, 3);
        c.submit(msChapV2Login(chapId), 0, replies::add);
        // Response Authenticator right, Message-Authenticator computed with a different request authenticator
        byte[] other = reply(RadiusWire.ACCESS_REJECT, id, new byte[16], secret, true, List.of());
        byte[] good = reply(RadiusWire.ACCESS_REJECT, id, requestAuth, secret, true, List.of());
        System.arraycopy(other, 22, good, 22, 16);
        fixResponseAuthenticator(good);
        c.receive(0, good, 1);
        assertTrue(replies.isEmpty());
        assertEquals(1L, c.drops().get(RadiusDrop.BAD_MESSAGE_AUTHENTICATOR));
    }

    private void fixResponseAuthenticator(byte[] packet) throws Exception {
        byte[] work = packet.clone();
        System.arraycopy(requestAuth, 0, work, 4, 16);
        var md5 = java.security.MessageDigest.getInstance("MD5");
        md5.update(work);
        md5.update(v.get("secret"));
        System.arraycopy(md5.digest(), 0, packet, 4, 16);
    }

    @Test
    void wrongIdentifierTruncationAndUnknownServerAreDropped() throws Exception {
        RadiusAuthClient c = client(1, 3, 3);
        c.submit(msChapV2Login(chapId), 0, replies::add);
        c.receive(0, reply(RadiusWire.ACCESS_REJECT, (id + 1) & 0xff, requestAuth, secret, true, List.of()), 1);
        byte[] accept = v.get("accept_mschapv2");
        c.receive(0, Arrays.copyOf(accept, accept.length - 3), 1);
        c.receive(0, new byte[5], 1);
        c.receive(7, accept, 1);
        assertTrue(replies.isEmpty());
        assertEquals(1L, c.drops().get(RadiusDrop.UNKNOWN_IDENTIFIER));
        assertEquals(2L, c.drops().get(RadiusDrop.MALFORMED));
        assertEquals(1L, c.drops().get(RadiusDrop.UNKNOWN_SERVER));
        // padding after Length is ignored (RFC 2865 §3)
        c.receive(0, Arrays.copyOf(accept, accept.length + 7), 1);
        assertInstanceOf(RadiusReply.Accept.class, replies.getFirst());
    }

    @Test
    void anMsChapV2AcceptWithoutMsChap2SuccessOrWithHalfTheKeysIsNotTrusted() throws Exception {
        RadiusAuthClient c = client(1, 3, 3);
        c.submit(msChapV2Login(chapId), 0, replies::add);
        c.receive(0, reply(RadiusWire.ACCESS_ACCEPT, id, requestAuth, secret, true, List.of()), 1);
        byte[] success = ("\u0007S=0123456789ABCDEF0123456789ABCDEF01234567").getBytes(StandardCharsets.US_ASCII);
        c.receive(0, reply(RadiusWire.ACCESS_ACCEPT, id, requestAuth, secret, true, List.of(
                RadiusTesting.ms(RadiusWire.MS_CHAP2_SUCCESS, success),
                RadiusTesting.ms(RadiusWire.MS_MPPE_SEND_KEY, v.get("send_key_salted")))), 1);
        byte[] wrongIdent = success.clone();
        wrongIdent[0] = 9;
        c.receive(0, reply(RadiusWire.ACCESS_ACCEPT, id, requestAuth, secret, true, List.of(
                RadiusTesting.ms(RadiusWire.MS_CHAP2_SUCCESS, wrongIdent))), 1);
        c.receive(0, reply(RadiusWire.ACCESS_ACCEPT, id, requestAuth, secret, true, List.of(
                RadiusTesting.ms(RadiusWire.MS_CHAP2_SUCCESS, success), new SessionTimeout(new IntegerData(5)),
                new org.aaa4j.radius.core.attribute.RawAttribute(RadiusWire.FRAMED_IP_ADDRESS, new byte[3]))), 1);
        assertTrue(replies.isEmpty());
        assertEquals(4L, c.drops().get(RadiusDrop.BAD_ATTRIBUTES));
        // without keys at all it is an Accept without MPPE keys (the link decides whether MPPE needs them)
        c.receive(0, reply(RadiusWire.ACCESS_ACCEPT, id, requestAuth, secret, true, List.of(
                RadiusTesting.ms(RadiusWire.MS_CHAP2_SUCCESS, success))), 1);
        assertEquals(Optional.empty(), assertInstanceOf(RadiusReply.Accept.class, replies.getFirst()).mppeKeys());
    }

    @Test
    void anAccessChallengeIsARefusal() throws Exception {
        RadiusAuthClient c = client(1, 3, 3);
        c.submit(msChapV2Login(chapId), 0, replies::add);
        c.receive(0, reply(RadiusWire.ACCESS_CHALLENGE, id, requestAuth, secret, true,
                List.of(new ReplyMessage(new TextData("otp?")))), 1);
        assertInstanceOf(RadiusReply.Reject.class, replies.getFirst());
    }

    @Test
    void retriesThenTheNextServerThenUnreachableWithinTheBound() {
        RadiusAuthClient c = client(2, 4, 3);
        long t0 = 1_000;
        c.submit(msChapV2Login(chapId), t0, replies::add);
        long now = t0;
        int polls = 0;
        while (replies.isEmpty() && polls++ < 100) {
            now = c.deadline();
            c.poll(now);
        }
        assertEquals(6, sent.size());
        assertEquals(List.of(0, 0, 0, 1, 1, 1), sent.stream().map(RadiusTesting.Sent::server).toList());
        // a retransmission is the same datagram; the next server gets its own
        assertArrayEquals(sent.get(0).datagram(), sent.get(1).datagram());
        RadiusReply.Unreachable u = assertInstanceOf(RadiusReply.Unreachable.class, replies.getFirst());
        assertTrue(u.reason().contains("the authentication service is unreachable"), u.reason());
        assertFalse(u.reason().contains(secret));
        assertEquals(TimeUnit.SECONDS.toNanos(2 * 3 * 4), now - t0, "servers x radius_retries x radius_timeout");
        assertEquals(Long.MAX_VALUE, c.deadline());
        assertEquals(1, c.unreachableCount());
    }

    @Test
    void theSecondServerAnswersWhenTheFirstIsDown() throws Exception {
        RadiusAuthClient c = client(2, 4, 2);
        c.submit(msChapV2Login(chapId), 0, replies::add);
        c.poll(c.deadline());
        c.poll(c.deadline()); // first server given up: the request goes to the second
        RadiusTesting.Sent toSecond = sent.getLast();
        assertEquals(1, toSecond.server());
        int secondId = toSecond.datagram()[1] & 0xff;
        byte[] auth = Arrays.copyOfRange(toSecond.datagram(), 4, 20);
        c.receive(0, v.get("reject_mschapv2"), 1); // the first server, too late: no request waits there any more
        assertTrue(replies.isEmpty());
        c.receive(1, reply(RadiusWire.ACCESS_REJECT, secondId, auth, secret, true, List.of()), 2);
        RadiusReply.Reject r = assertInstanceOf(RadiusReply.Reject.class, replies.getFirst());
        assertEquals("203.0.113.11:1812", r.server());
    }

    @Test
    void cancelForgetsTheLogin() {
        RadiusAuthClient c = client(1, 3, 3);
        long h = c.submit(msChapV2Login(chapId), 0, replies::add);
        c.cancel(h);
        assertEquals(Long.MAX_VALUE, c.deadline());
        c.receive(0, v.get("accept_mschapv2"), 1);
        assertTrue(replies.isEmpty());
        assertEquals(1L, c.drops().get(RadiusDrop.UNKNOWN_IDENTIFIER));
    }

    @Test
    void avpairsResolveByNameAndRefuseWhatCannotBeSent() {
        var dict = new org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary();
        io.pptp2wg.config.Problems problems = new io.pptp2wg.config.Problems();
        var attrs = AvPairs.resolve(List.of(new io.pptp2wg.config.radius.AvPair("Service-Type", "Framed-User", "o", 1),
                new io.pptp2wg.config.radius.AvPair("Called-Station-Id", "vpn.example", "o", 2),
                new io.pptp2wg.config.radius.AvPair("Framed-MTU", "1400", "o", 3),
                new io.pptp2wg.config.radius.AvPair("No-Such-Attribute", "1", "o", 4),
                new io.pptp2wg.config.radius.AvPair("User-Password", "x", "o", 5),
                new io.pptp2wg.config.radius.AvPair("Service-Type", "Bogus", "o", 6)), dict, problems);
        assertEquals(3, attrs.size());
        assertEquals(2, ((org.aaa4j.radius.core.attribute.EnumData) attrs.getFirst().getData()).getValue());
        assertEquals(List.of("o:4", "o:5", "o:6"), problems.errors().stream().map(p -> p.file() + ":" + p.line()).toList());
    }

    @Test
    void papPasswordIsHiddenOnTheWire() {
        RadiusAuthClient c = client(1, 3, 3);
        c.submit(new AccessRequestSpec("bob", new RadiusCredentials.Pap("hunter2-plain".getBytes(StandardCharsets.US_ASCII)), 1,
                Optional.empty()), 0, replies::add);
        String wire = new String(sent.getFirst().datagram(), StandardCharsets.ISO_8859_1);
        assertFalse(wire.contains("hunter2"));
        assertTrue(wire.contains("bob"));
        assertNull(replies.isEmpty() ? null : replies.getFirst());
    }
}
