package io.pptp2wg.dhcp;

import java.nio.ByteBuffer;

/** Parsing a client's DHCP message (RFC 2131 §2, options per RFC 2132 §2): lengths first, then the fields. */
public final class DhcpRequest {
    private DhcpRequest() {}

    /** What a message turned out to be. */
    public sealed interface Parsed permits Inform, Other, Malformed {}

    /**
     * A DHCPINFORM: what the reply copies or honours.
     *
     * @param requested      the Parameter Request List (option 55), or null when the client sent none
     * @param maxMessageSize option 57, or 0
     */
    public record Inform(int xid, int flags, int ciaddr, int giaddr, int htype, int hlen, byte[] chaddr,
                         byte[] requested, int maxMessageSize) implements Parsed {
        /** Whether the client asked for {@code option} (or listed nothing: then every option is wanted). */
        public boolean wants(int option) {
            if (requested == null) {
                return true;
            }
            for (byte b : requested) {
                if (Byte.toUnsignedInt(b) == option) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A well-formed DHCP message of another type (DISCOVER, REQUEST...): the gateway assigns no address. */
    public record Other(int messageType) implements Parsed {}

    public record Malformed(DhcpMalformed reason) implements Parsed {}

    /** {@code m} from position to limit (unchanged) is the UDP payload. */
    public static Parsed parse(ByteBuffer m) {
        int p = m.position();
        int n = m.remaining();
        if (n < Dhcp.OPTIONS_OFFSET) {
            return new Malformed(DhcpMalformed.TRUNCATED);
        }
        int hlen = Byte.toUnsignedInt(m.get(p + Dhcp.HLEN));
        if (Byte.toUnsignedInt(m.get(p + Dhcp.OP)) != Dhcp.BOOTREQUEST || hlen > Dhcp.CHADDR_LENGTH) {
            return new Malformed(DhcpMalformed.NOT_A_REQUEST);
        }
        if (m.getInt(p + Dhcp.MAGIC_COOKIE_OFFSET) != Dhcp.MAGIC_COOKIE) {
            return new Malformed(DhcpMalformed.BAD_MAGIC_COOKIE);
        }
        int type = -1;
        int maxSize = 0;
        byte[] requested = null;
        int i = p + Dhcp.OPTIONS_OFFSET;
        int end = p + n;
        boolean ended = false;
        while (i < end) {
            int code = Byte.toUnsignedInt(m.get(i));
            if (code == Dhcp.OPTION_PAD) {
                i++;
                continue;
            }
            if (code == Dhcp.OPTION_END) {
                ended = true;
                break;
            }
            if (end - i < 2 || end - i - 2 < Byte.toUnsignedInt(m.get(i + 1))) {
                return new Malformed(DhcpMalformed.BAD_OPTION_LENGTH);
            }
            int len = Byte.toUnsignedInt(m.get(i + 1));
            int data = i + 2;
            switch (code) {
                case Dhcp.OPTION_MESSAGE_TYPE -> {
                    if (len != 1 || type != -1) {
                        return new Malformed(DhcpMalformed.BAD_MESSAGE_TYPE);
                    }
                    type = Byte.toUnsignedInt(m.get(data));
                }
                case Dhcp.OPTION_PARAMETER_REQUEST_LIST -> requested = concat(requested, m, data, len); // RFC 3396
                case Dhcp.OPTION_MAX_MESSAGE_SIZE -> maxSize = len == 2 ? Short.toUnsignedInt(m.getShort(data)) : 0;
                default -> { }
            }
            i = data + len;
        }
        if (!ended) {
            return new Malformed(DhcpMalformed.BAD_OPTION_LENGTH);
        }
        if (type == -1) {
            return new Malformed(DhcpMalformed.BAD_MESSAGE_TYPE);
        }
        if (type != Dhcp.DHCPINFORM) {
            return new Other(type);
        }
        byte[] chaddr = new byte[Dhcp.CHADDR_LENGTH];
        m.get(p + Dhcp.CHADDR, chaddr);
        return new Inform(m.getInt(p + Dhcp.XID), Short.toUnsignedInt(m.getShort(p + Dhcp.FLAGS)),
                m.getInt(p + Dhcp.CIADDR), m.getInt(p + Dhcp.GIADDR), Byte.toUnsignedInt(m.get(p + Dhcp.HTYPE)), hlen,
                chaddr, requested, maxSize);
    }

    private static byte[] concat(byte[] before, ByteBuffer m, int at, int len) {
        int k = before == null ? 0 : before.length;
        byte[] all = before == null ? new byte[len] : java.util.Arrays.copyOf(before, k + len);
        m.get(at, all, k, len);
        return all;
    }
}
