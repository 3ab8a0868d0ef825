package io.pptp2wg.radius;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The checks every RADIUS datagram the gateway reads goes through before anything in it is used (RFC 2865 §3):
 * lengths first, then the attribute chain, then the authenticators, all compared in constant time. Written here
 * (not taken from aaa4j-radius) because the library's codec neither checks a request's authenticator for the
 * RFC 5176 codes nor compares in constant time, and the gateway must tell each refusal apart to count it.
 */
public final class RadiusPackets {
    private RadiusPackets() {}

    /** One attribute as it is on the wire: its type and a copy of its value. */
    public record Raw(int type, byte[] value) {}

    /**
     * The packet inside {@code datagram} (octets after Length are padding, RFC 2865 §3), or null when its Length does
     * not fit the datagram, it is shorter than the header or longer than RADIUS allows, or its attributes overrun it.
     */
    public static byte[] frame(byte[] datagram) {
        if (datagram == null || datagram.length < RadiusWire.HEADER_LENGTH) {
            return null;
        }
        int length = ((datagram[2] & 0xff) << 8) | (datagram[3] & 0xff);
        if (length < RadiusWire.HEADER_LENGTH || length > datagram.length || length > RadiusWire.MAX_PACKET_LENGTH) {
            return null;
        }
        byte[] packet = length == datagram.length ? datagram : Arrays.copyOf(datagram, length);
        return attributes(packet) == null ? null : packet;
    }

    /** The attributes of a framed packet, or null when one is shorter than 2 octets or runs past the packet. */
    public static List<Raw> attributes(byte[] packet) {
        List<Raw> out = new ArrayList<>();
        int i = RadiusWire.HEADER_LENGTH;
        while (i < packet.length) {
            if (i + 2 > packet.length) {
                return null;
            }
            int len = packet[i + 1] & 0xff;
            if (len < 2 || i + len > packet.length) {
                return null;
            }
            out.add(new Raw(packet[i] & 0xff, Arrays.copyOfRange(packet, i + 2, i + len)));
            i += len;
        }
        return out;
    }

    /** Where the value of the only Message-Authenticator starts; -1 when there is none; -2 when repeated or not 16 octets. */
    public static int messageAuthenticatorOffset(byte[] packet) {
        int i = RadiusWire.HEADER_LENGTH;
        int at = -1;
        while (i + 2 <= packet.length) {
            int len = packet[i + 1] & 0xff;
            if (len < 2) {
                return -2;
            }
            if ((packet[i] & 0xff) == RadiusWire.MESSAGE_AUTHENTICATOR) {
                if (at != -1 || len != 2 + RadiusWire.MESSAGE_AUTHENTICATOR_LENGTH) {
                    return -2;
                }
                at = i + 2;
            }
            i += len;
        }
        return at;
    }

    /** RFC 2865 §3 (replies): MD5(Code+ID+Length+Request Authenticator+Attributes+Secret) equals the packet's. */
    public static boolean responseAuthenticatorValid(byte[] packet, byte[] secret, byte[] requestAuthenticator) {
        return MessageDigest.isEqual(digest(packet, requestAuthenticator, secret), Arrays.copyOfRange(packet, 4, RadiusWire.HEADER_LENGTH));
    }

    /**
     * RFC 2866 §3 and RFC 5176 §2.3 (Accounting-, Disconnect- and CoA-Requests): MD5(Code+ID+Length+16 zero
     * octets+Attributes+Secret) equals the packet's Request Authenticator.
     */
    public static boolean requestAuthenticatorValid(byte[] packet, byte[] secret) {
        return MessageDigest.isEqual(digest(packet, new byte[RadiusWire.AUTHENTICATOR_LENGTH], secret),
                Arrays.copyOfRange(packet, 4, RadiusWire.HEADER_LENGTH));
    }

    /** Writes the Request Authenticator of an Accounting-, Disconnect- or CoA-Request (RFC 2866 §3, RFC 5176 §2.3). */
    public static void signRequest(byte[] packet, byte[] secret) {
        byte[] d = digest(packet, new byte[RadiusWire.AUTHENTICATOR_LENGTH], secret);
        System.arraycopy(d, 0, packet, 4, RadiusWire.AUTHENTICATOR_LENGTH);
    }

    /** Writes the Response Authenticator of a reply to a request with {@code requestAuthenticator} (RFC 2865 §3). */
    public static void signResponse(byte[] packet, byte[] secret, byte[] requestAuthenticator) {
        byte[] d = digest(packet, requestAuthenticator, secret);
        System.arraycopy(d, 0, packet, 4, RadiusWire.AUTHENTICATOR_LENGTH);
    }

    /**
     * RFC 3579 §3.2 / RFC 5176 §3.3: HMAC-MD5 over the packet with the Message-Authenticator's value zeroed and the
     * Authenticator field replaced by {@code authenticatorField} (the request's for a reply, 16 zeros for an
     * Accounting-, Disconnect- or CoA-Request) equals the value at {@code offset}.
     */
    public static boolean messageAuthenticatorValid(byte[] packet, int offset, byte[] secret, byte[] authenticatorField) {
        byte[] expected = hmac(packet, offset, secret, authenticatorField);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(packet, offset, offset + RadiusWire.MESSAGE_AUTHENTICATOR_LENGTH));
    }

    /** The HMAC-MD5 {@link #messageAuthenticatorValid} compares against; writes nothing into {@code packet}. */
    public static byte[] hmac(byte[] packet, int offset, byte[] secret, byte[] authenticatorField) {
        byte[] copy = packet.clone();
        System.arraycopy(authenticatorField, 0, copy, 4, RadiusWire.AUTHENTICATOR_LENGTH);
        Arrays.fill(copy, offset, offset + RadiusWire.MESSAGE_AUTHENTICATOR_LENGTH, (byte) 0);
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, "HmacMD5"));
            return mac.doFinal(copy);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("every JRE has HmacMD5", e);
        }
    }

    /** MD5(Code+ID+Length + {@code authenticator} + Attributes + Secret). */
    static byte[] digest(byte[] packet, byte[] authenticator, byte[] secret) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(packet, 0, 4);
            md5.update(authenticator);
            md5.update(packet, RadiusWire.HEADER_LENGTH, packet.length - RadiusWire.HEADER_LENGTH);
            md5.update(secret);
            return md5.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError("every JRE has MD5", e);
        }
    }

    /** A 4-octet integer value (RFC 2865 §5 "integer"), or null when the value is not 4 octets. */
    public static Long integer(byte[] value) {
        if (value.length != 4) {
            return null;
        }
        return ((value[0] & 0xffL) << 24) | ((value[1] & 0xffL) << 16) | ((value[2] & 0xffL) << 8) | (value[3] & 0xffL);
    }
}
