package io.pptp2wg.radius;

import io.pptp2wg.config.ppp.MppeKeyLength;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.ppp.auth.ChapMethod;
import io.pptp2wg.ppp.auth.MsChapV2Method;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.Ipv4AddrData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.FramedIpAddress;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.attribute.attributes.ReplyMessage;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.attribute.attributes.UserPassword;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A RADIUS server for in-memory tests: checks MS-CHAPv2 and PAP against its own passwords and answers as
 * FreeRADIUS does (MS-CHAP2-Success, salted MS-MPPE keys, MS-CHAP-Error on failure). The independent checks are
 * vectors.py and the FreeRADIUS interop test.
 */
public final class FakeRadiusServer {
    private final byte[] secret;
    private final Map<String, String> passwords;
    private final PacketCodec codec = new PacketCodec(new StandardDictionary());
    public Optional<Integer> framedIp = Optional.empty();
    public Optional<Integer> sessionTimeout = Optional.empty();
    public Optional<Integer> primaryDns = Optional.empty();
    public int requests;

    public FakeRadiusServer(String secret, Map<String, String> passwords) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.passwords = passwords;
    }

    public byte[] answer(byte[] request) throws Exception {
        requests++;
        Packet p = codec.decodeRequest(request.clone(), secret); // checks our Message-Authenticator
        if (p.getAttribute(MessageAuthenticator.class).isEmpty()) {
            throw new AssertionError("the Access-Request has no Message-Authenticator");
        }
        int id = request[1] & 0xff;
        byte[] reqAuth = Arrays.copyOfRange(request, 4, 20);
        String user = p.getAttribute(UserName.class).map(u -> u.getData().getValue()).orElseThrow();
        String password = passwords.get(user);
        Optional<UserPassword> pap = p.getAttribute(UserPassword.class);
        List<Attribute<?>> out = new ArrayList<>();
        out.add(new MessageAuthenticator());
        if (pap.isPresent()) {
            String offered = new String(pap.get().getData().getValue(), StandardCharsets.UTF_8).replace("\0", "");
            boolean ok = password != null && password.equals(offered);
            if (!ok) {
                out.add(new ReplyMessage(new TextData("Wrong password")));
            }
            framedIp.filter(x -> ok).ifPresent(a -> out.add(framed(a)));
            return codec.encodeResponse(new Packet(ok ? RadiusWire.ACCESS_ACCEPT : RadiusWire.ACCESS_REJECT, out), secret, id, reqAuth);
        }
        byte[] challenge = microsoft(request, RadiusWire.MS_CHAP_CHALLENGE);
        byte[] resp = microsoft(request, RadiusWire.MS_CHAP2_RESPONSE);
        int ident = resp[0] & 0xff;
        byte[] value = MsChapV2Method.responseValue(Arrays.copyOfRange(resp, 2, 18), Arrays.copyOfRange(resp, 26, 50));
        ChapMethod.Verification v = password == null ? null
                : new MsChapV2Method().verify(ident, challenge, value, user, Secret.ofPassword(password.toCharArray()));
        if (v == null || !v.ok()) {
            out.add(AccessRequestBuilder.microsoft(RadiusWire.MS_CHAP_ERROR,
                    (((char) ident) + "E=691 R=0 V=3").getBytes(StandardCharsets.ISO_8859_1)));
            out.add(new ReplyMessage(new TextData("Wrong password")));
            return codec.encodeResponse(new Packet(RadiusWire.ACCESS_REJECT, out), secret, id, reqAuth);
        }
        out.add(AccessRequestBuilder.microsoft(RadiusWire.MS_CHAP2_SUCCESS,
                (((char) ident) + v.authenticatorResponse()).getBytes(StandardCharsets.ISO_8859_1)));
        out.add(AccessRequestBuilder.microsoft(RadiusWire.MS_MPPE_SEND_KEY, MsMppeKeyCipher.encryptSalted(
                v.keys().startKey(true, MppeKeyLength.BITS_128), secret, reqAuth, new byte[] {(byte) 0x80, 1})));
        out.add(AccessRequestBuilder.microsoft(RadiusWire.MS_MPPE_RECV_KEY, MsMppeKeyCipher.encryptSalted(
                v.keys().startKey(false, MppeKeyLength.BITS_128), secret, reqAuth, new byte[] {(byte) 0x80, 2})));
        framedIp.ifPresent(a -> out.add(framed(a)));
        primaryDns.ifPresent(d -> out.add(AccessRequestBuilder.microsoft(RadiusWire.MS_PRIMARY_DNS_SERVER,
                ByteBuffer.allocate(4).putInt(d).array())));
        sessionTimeout.ifPresent(t -> out.add(new org.aaa4j.radius.core.attribute.attributes.SessionTimeout(
                new org.aaa4j.radius.core.attribute.IntegerData(t))));
        return codec.encodeResponse(new Packet(RadiusWire.ACCESS_ACCEPT, out), secret, id, reqAuth);
    }

    private static Attribute<?> framed(int address) {
        try {
            return new FramedIpAddress(new Ipv4AddrData((Inet4Address) InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(address).array())));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of the first Microsoft sub-attribute of this type in a request's raw bytes. */
    private static byte[] microsoft(byte[] packet, int vendorType) {
        int i = RadiusWire.HEADER_LENGTH;
        while (i + 2 <= packet.length) {
            int type = packet[i] & 0xff;
            int len = packet[i + 1] & 0xff;
            if (type == RadiusWire.VENDOR_SPECIFIC && len >= 8 && ByteBuffer.wrap(packet, i + 2, 4).getInt() == RadiusWire.VENDOR_MICROSOFT
                    && (packet[i + 6] & 0xff) == vendorType) {
                return Arrays.copyOfRange(packet, i + 8, i + 6 + (packet[i + 7] & 0xff));
            }
            i += Math.max(2, len);
        }
        throw new AssertionError("no Microsoft attribute " + vendorType + " in the request");
    }
}
