package io.pptp2wg.radius;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.mppe.MppeKeyMaterial;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.Data;
import org.aaa4j.radius.core.attribute.IntegerData;
import org.aaa4j.radius.core.attribute.Ipv4AddrData;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.VsaData;
import org.aaa4j.radius.core.packet.Packet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Reads an authenticated Access-Accept/Reject (already checked by {@link RadiusAuthClient}) into a
 * {@link RadiusReply}. An attribute the gateway uses with the wrong size makes the whole reply
 * malformed: it is dropped, never half-trusted.
 */
final class ReplyParser {
    /** RFC 2759 §5: "S=" and the 40 hex digits of the Authenticator Response. */
    private static final Pattern AUTHENTICATOR_RESPONSE = Pattern.compile("S=[0-9A-Fa-f]{40}");
    /** Longest text taken from the server into a log or a PPP packet. */
    static final int MAX_TEXT = 200;

    /** Thrown for a reply that must be dropped. */
    static final class Malformed extends Exception {
        Malformed(String why) {
            super(why, null, false, false);
        }
    }

    /** A Microsoft sub-attribute. */
    private record Vsa(int type, byte[] value) {}

    private ReplyParser() {}

    static RadiusReply parse(Packet p, RadiusCredentials credentials, byte[] secret, byte[] requestAuthenticator,
                             String server) throws Malformed {
        AuthProtocol method = credentials.protocol();
        int chapId = switch (credentials) {
            case RadiusCredentials.MsChapV2 m -> m.chapId();
            case RadiusCredentials.MsChapV1 m -> m.chapId();
            case RadiusCredentials.ChapMd5 c -> c.chapId();
            case RadiusCredentials.Pap ignored -> -1;
        };
        List<Vsa> ms = new ArrayList<>();
        List<String> reply = new ArrayList<>();
        List<byte[]> classes = new ArrayList<>();
        Integer framedIp = null;
        Integer sessionTimeout = null;
        Integer idleTimeout = null;
        Integer interim = null;
        Integer mtu = null;
        for (Attribute<?> a : p.getAttributes()) {
            int type = a.getType().head();
            Data d = a.getData();
            switch (type) {
                case RadiusWire.REPLY_MESSAGE -> reply.add(text(d, "Reply-Message"));
                case RadiusWire.CLASS -> classes.add(bytes(d, "Class"));
                case RadiusWire.FRAMED_IP_ADDRESS -> framedIp = ipv4(d, "Framed-IP-Address");
                case RadiusWire.SESSION_TIMEOUT -> sessionTimeout = integer(d, "Session-Timeout");
                case RadiusWire.IDLE_TIMEOUT -> idleTimeout = integer(d, "Idle-Timeout");
                case RadiusWire.ACCT_INTERIM_INTERVAL -> interim = integer(d, "Acct-Interim-Interval");
                case RadiusWire.FRAMED_MTU -> mtu = integer(d, "Framed-MTU");
                case RadiusWire.VENDOR_SPECIFIC -> vendor(d, ms);
                default -> { } // not used by the gateway
            }
        }
        Optional<String> replyMessage = reply.isEmpty() ? Optional.empty()
                : Optional.of(printable(String.join(" ", reply)));
        if (p.getCode() != RadiusWire.ACCESS_ACCEPT) {
            Optional<String> error = find(ms, RadiusWire.MS_CHAP_ERROR).map(v -> {
                // RFC 2548 §2.1.5: Ident, then the text
                return printable(new String(v, Math.min(1, v.length), Math.max(0, v.length - 1), StandardCharsets.US_ASCII));
            });
            return new RadiusReply.Reject(error, replyMessage, server);
        }
        Optional<String> authenticatorResponse = Optional.empty();
        Optional<MppeKeyMaterial> keys = Optional.empty();
        switch (method) {
            case MSCHAP_V2 -> {
                byte[] success = find(ms, RadiusWire.MS_CHAP2_SUCCESS)
                        .orElseThrow(() -> new Malformed("an MS-CHAPv2 Access-Accept without MS-CHAP2-Success"));
                String s = new String(success, StandardCharsets.US_ASCII);
                if (success.length < RadiusWire.MS_CHAP2_SUCCESS_LENGTH
                        || !AUTHENTICATOR_RESPONSE.matcher(s.substring(1, RadiusWire.MS_CHAP2_SUCCESS_LENGTH)).matches()) {
                    throw new Malformed("MS-CHAP2-Success does not hold S= and 40 hex digits");
                }
                if ((success[0] & 0xff) != chapId) {
                    throw new Malformed("MS-CHAP2-Success answers CHAP id " + (success[0] & 0xff) + ", not " + chapId);
                }
                authenticatorResponse = Optional.of(s.substring(1, RadiusWire.MS_CHAP2_SUCCESS_LENGTH)
                        .toUpperCase(java.util.Locale.ROOT));
                keys = v2Keys(ms, secret, requestAuthenticator);
            }
            case MSCHAP_V1 -> keys = v1Keys(ms, secret, requestAuthenticator,
                    ((RadiusCredentials.MsChapV1) credentials).challenge());
            default -> { }
        }
        return new RadiusReply.Accept(authenticatorResponse, keys, Optional.ofNullable(framedIp), opt(sessionTimeout),
                opt(idleTimeout), opt(interim), opt(mtu), classes, addresses(ms, RadiusWire.MS_PRIMARY_DNS_SERVER,
                RadiusWire.MS_SECONDARY_DNS_SERVER), addresses(ms, RadiusWire.MS_PRIMARY_NBNS_SERVER,
                RadiusWire.MS_SECONDARY_NBNS_SERVER), replyMessage, server);
    }

    /** RFC 2548 §2.4.2/§2.4.3: both 16-octet keys, or none at all. */
    private static Optional<MppeKeyMaterial> v2Keys(List<Vsa> ms, byte[] secret, byte[] auth) throws Malformed {
        Optional<byte[]> send = find(ms, RadiusWire.MS_MPPE_SEND_KEY);
        Optional<byte[]> recv = find(ms, RadiusWire.MS_MPPE_RECV_KEY);
        if (send.isEmpty() && recv.isEmpty()) {
            return Optional.empty();
        }
        if (send.isEmpty() || recv.isEmpty()) {
            throw new Malformed("only one of MS-MPPE-Send-Key and MS-MPPE-Recv-Key");
        }
        byte[] s = MsMppeKeyCipher.decryptSalted(send.get(), secret, auth);
        byte[] r = MsMppeKeyCipher.decryptSalted(recv.get(), secret, auth);
        try {
            if (s == null || r == null || s.length != 16 || r.length != 16) {
                throw new Malformed("MS-MPPE keys do not decrypt to 16 octets");
            }
            return Optional.of(MppeKeyMaterial.fromServerKeys(s, r));
        } finally {
            zero(s, r);
        }
    }

    /** RFC 2548 §2.4.1: MS-CHAP-MPPE-Keys holds the LM key (8) and the NT key (16, the hash of the NT hash). */
    private static Optional<MppeKeyMaterial> v1Keys(List<Vsa> ms, byte[] secret, byte[] auth, byte[] challenge)
            throws Malformed {
        Optional<byte[]> k = find(ms, RadiusWire.MS_CHAP_MPPE_KEYS);
        if (k.isEmpty()) {
            return Optional.empty();
        }
        byte[] plain = MsMppeKeyCipher.decryptUnsalted(k.get(), secret, auth);
        if (plain == null) {
            throw new Malformed("MS-CHAP-MPPE-Keys is not 32 octets");
        }
        byte[] nt = Arrays.copyOfRange(plain, 8, 24);
        try {
            return Optional.of(MppeKeyMaterial.fromMsChapV1(nt, challenge));
        } finally {
            zero(plain, nt);
        }
    }

    private static List<Integer> addresses(List<Vsa> ms, int primary, int secondary) throws Malformed {
        List<Integer> out = new ArrayList<>();
        for (int t : new int[] {primary, secondary}) {
            Optional<byte[]> v = find(ms, t);
            if (v.isPresent()) {
                if (v.get().length != 4) {
                    throw new Malformed("Microsoft DNS/NBNS address is not 4 octets");
                }
                out.add(ByteBuffer.wrap(v.get()).getInt());
            }
        }
        return out;
    }

    private static Optional<byte[]> find(List<Vsa> ms, int type) {
        return ms.stream().filter(v -> v.type() == type).map(Vsa::value).findFirst();
    }

    /** RFC 2865 §5.26: a Microsoft VSA holds one or more (type, length, value) sub-attributes. */
    private static void vendor(Data d, List<Vsa> into) throws Malformed {
        if (d instanceof VsaData v) {
            if (v.getVendorId() == RadiusWire.VENDOR_MICROSOFT) {
                into.add(new Vsa(v.getVendorType(), v.getVsaData()));
            }
            return;
        }
        byte[] raw = bytes(d, "Vendor-Specific");
        if (raw.length < 4) {
            throw new Malformed("Vendor-Specific shorter than its Vendor-Id");
        }
        if (ByteBuffer.wrap(raw).getInt() != RadiusWire.VENDOR_MICROSOFT) {
            return; // another vendor's: not used
        }
        int i = 4;
        while (i < raw.length) {
            if (i + 2 > raw.length || (raw[i + 1] & 0xff) < 2 || i + (raw[i + 1] & 0xff) > raw.length) {
                throw new Malformed("a Microsoft sub-attribute runs past its Vendor-Specific");
            }
            int len = raw[i + 1] & 0xff;
            into.add(new Vsa(raw[i] & 0xff, Arrays.copyOfRange(raw, i + 2, i + len)));
            i += len;
        }
    }

    private static String text(Data d, String name) throws Malformed {
        if (d instanceof TextData t) {
            return t.getValue();
        }
        return new String(bytes(d, name), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Data d, String name) throws Malformed {
        if (d instanceof StringData s) {
            return s.getValue();
        }
        if (d instanceof TextData t) {
            return t.getValue().getBytes(StandardCharsets.UTF_8);
        }
        throw new Malformed(name + " is not octets");
    }

    /** The library leaves an attribute of the wrong size undecoded: for the ones we use that is malformed. */
    private static int integer(Data d, String name) throws Malformed {
        if (d instanceof IntegerData i) {
            return i.getValue();
        }
        throw new Malformed(name + " is not a 4-octet integer");
    }

    private static int ipv4(Data d, String name) throws Malformed {
        if (d instanceof Ipv4AddrData a) {
            return ByteBuffer.wrap(a.getValue().getAddress()).getInt();
        }
        throw new Malformed(name + " is not a 4-octet address");
    }

    private static OptionalInt opt(Integer v) {
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /** Printable ASCII only, bounded: the server's text may reach a log or the client. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < MAX_TEXT; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }

    private static void zero(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }
}
