package io.pptp2wg.radius;

import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.EnumData;
import org.aaa4j.radius.core.attribute.IntegerData;
import org.aaa4j.radius.core.attribute.RawAttribute;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.CallingStationId;
import org.aaa4j.radius.core.attribute.attributes.ChapChallenge;
import org.aaa4j.radius.core.attribute.attributes.ChapPassword;
import org.aaa4j.radius.core.attribute.attributes.FramedProtocol;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.attribute.attributes.NasIdentifier;
import org.aaa4j.radius.core.attribute.attributes.NasPort;
import org.aaa4j.radius.core.attribute.attributes.NasPortType;
import org.aaa4j.radius.core.attribute.attributes.ServiceType;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.attribute.attributes.UserPassword;
import org.aaa4j.radius.core.packet.Packet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the Access-Request for one login: Message-Authenticator first (RFC 3579 §3.2, and first as the
 * Blast-RADIUS advisory asks), User-Name, the method's attributes, then what pppd's radius plugin sends
 * (Service-Type Framed, Framed-Protocol PPP, NAS-Port, Calling-Station-Id), NAS-Identifier,
 * NAS-Port-Type Virtual, and the options file's avpairs.
 *
 * <p>The Microsoft attributes (RFC 2548) are written as Vendor-Specific octets here: aaa4j-radius's
 * standard dictionary has no Microsoft vendor dictionary to encode them with.
 */
final class AccessRequestBuilder {
    private final String nasIdentifier;
    private final List<Attribute<?>> avpairs;

    AccessRequestBuilder(String nasIdentifier, List<Attribute<?>> avpairs) {
        this.nasIdentifier = nasIdentifier;
        this.avpairs = List.copyOf(avpairs);
    }

    Packet build(AccessRequestSpec spec) {
        List<Attribute<?>> a = new ArrayList<>();
        a.add(new MessageAuthenticator());
        a.add(new UserName(new TextData(spec.userName())));
        switch (spec.credentials()) {
            case RadiusCredentials.Pap p -> a.add(new UserPassword(new StringData(p.password().clone())));
            case RadiusCredentials.ChapMd5 c -> {
                byte[] v = new byte[1 + c.response().length];
                v[0] = (byte) c.chapId();
                System.arraycopy(c.response(), 0, v, 1, c.response().length);
                a.add(new ChapPassword(new StringData(v)));
                a.add(new ChapChallenge(new StringData(c.challenge().clone())));
            }
            case RadiusCredentials.MsChapV1 m -> {
                a.add(microsoft(RadiusWire.MS_CHAP_CHALLENGE, m.challenge()));
                a.add(microsoft(RadiusWire.MS_CHAP_RESPONSE, msChapV1Response(m)));
            }
            case RadiusCredentials.MsChapV2 m -> {
                a.add(microsoft(RadiusWire.MS_CHAP_CHALLENGE, m.challenge()));
                a.add(microsoft(RadiusWire.MS_CHAP2_RESPONSE, msChapV2Response(m)));
            }
        }
        a.add(new ServiceType(new EnumData(RadiusWire.SERVICE_TYPE_FRAMED)));
        a.add(new FramedProtocol(new EnumData(RadiusWire.FRAMED_PROTOCOL_PPP)));
        a.add(new NasPort(new IntegerData(spec.nasPort())));
        a.add(new NasPortType(new EnumData(RadiusWire.NAS_PORT_TYPE_VIRTUAL)));
        spec.callingStationId().ifPresent(c -> a.add(new CallingStationId(new TextData(c))));
        a.add(new NasIdentifier(new TextData(nasIdentifier)));
        a.addAll(avpairs);
        return new Packet(RadiusWire.ACCESS_REQUEST, a);
    }

    /** RFC 2548 §2.3.2 from the PPP Response Value (Peer-Challenge 16, Reserved 8, NT-Response 24, Flags 1). */
    private static byte[] msChapV2Response(RadiusCredentials.MsChapV2 m) {
        byte[] v = m.responseValue();
        byte[] out = new byte[RadiusWire.MS_CHAP2_RESPONSE_LENGTH];
        out[0] = (byte) m.chapId();
        out[1] = v[48]; // Flags
        System.arraycopy(v, 0, out, 2, 48); // Peer-Challenge, Reserved, Response
        return out;
    }

    /** RFC 2548 §2.3.1 from the PPP Response Value (LM-Response 24, NT-Response 24, Flags 1). */
    private static byte[] msChapV1Response(RadiusCredentials.MsChapV1 m) {
        byte[] v = m.responseValue();
        byte[] out = new byte[RadiusWire.MS_CHAP_RESPONSE_LENGTH];
        out[0] = (byte) m.chapId();
        out[1] = v[48]; // Flags: 1 = use the NT-Response
        System.arraycopy(v, 0, out, 2, 48);
        return out;
    }

    /** RFC 2865 §5.26: Vendor-Id (4), Vendor-Type (1), Vendor-Length (1), value. */
    static RawAttribute microsoft(int vendorType, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(6 + value.length);
        b.putInt(RadiusWire.VENDOR_MICROSOFT).put((byte) vendorType).put((byte) (2 + value.length)).put(value);
        return new RawAttribute(RadiusWire.VENDOR_SPECIFIC, b.array());
    }
}
