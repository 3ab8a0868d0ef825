package io.pptp2wg.ppp;

import io.pptp2wg.ppp.auth.ChapPacket;
import io.pptp2wg.ppp.auth.PapServer;
import io.pptp2wg.ppp.fsm.ControlCode;
import io.pptp2wg.ppp.fsm.OptionNegotiator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * pppd-style descriptions of control packets for debug lines ("LCP ConfReq id=0x1 <mru 1400>").
 * Never prints a secret: PAP passwords and CHAP response values are shown as their length only.
 */
final class PacketPrinter {
    private final OptionNegotiator lcp;
    private final OptionNegotiator ipcp;
    private final OptionNegotiator ccp;

    PacketPrinter(OptionNegotiator lcp, OptionNegotiator ipcp, OptionNegotiator ccp) {
        this.lcp = lcp;
        this.ipcp = ipcp;
        this.ccp = ccp;
    }

    String describe(int protocol, ByteBuffer packet) {
        ByteBuffer p = packet.duplicate();
        StringBuilder sb = new StringBuilder(PppProtocol.name(protocol));
        if (p.remaining() < ControlCode.HEADER_LENGTH) {
            return sb.append(" (").append(p.remaining()).append(" bytes, too short)").toString();
        }
        int start = p.position();
        int code = p.get(start) & 0xff;
        int id = p.get(start + 1) & 0xff;
        int length = p.getShort(start + 2) & 0xffff;
        if (length < ControlCode.HEADER_LENGTH || length > p.remaining()) {
            return sb.append(String.format(" code=0x%x id=0x%x bad length %d", code, id, length)).toString();
        }
        ByteBuffer data = p.position(start + ControlCode.HEADER_LENGTH).limit(start + length).slice();
        switch (protocol) {
            case PppProtocol.CHAP -> chap(sb, code, id, data);
            case PppProtocol.PAP -> pap(sb, code, id, data);
            default -> control(sb, protocol, code, id, data);
        }
        return sb.toString();
    }

    private void control(StringBuilder sb, int protocol, int code, int id, ByteBuffer data) {
        sb.append(' ').append(ControlCode.name(code)).append(String.format(" id=0x%x", id));
        OptionNegotiator options = switch (protocol) {
            case PppProtocol.LCP -> lcp;
            case PppProtocol.IPCP -> ipcp;
            case PppProtocol.CCP -> ccp;
            default -> null;
        };
        switch (code) {
            case ControlCode.CONFIGURE_REQUEST, ControlCode.CONFIGURE_ACK, ControlCode.CONFIGURE_NAK,
                 ControlCode.CONFIGURE_REJECT -> {
                if (options != null) {
                    sb.append(options.describe(data));
                } else {
                    hex(sb, data);
                }
            }
            case ControlCode.TERMINATE_REQUEST, ControlCode.TERMINATE_ACK -> text(sb, data);
            case ControlCode.ECHO_REQUEST, ControlCode.ECHO_REPLY, ControlCode.DISCARD_REQUEST -> {
                if (data.remaining() >= 4) {
                    sb.append(String.format(" magic=0x%x", data.getInt(0)));
                    data.position(4);
                }
                hex(sb, data);
            }
            case ControlCode.PROTOCOL_REJECT -> {
                if (data.remaining() >= 2) {
                    sb.append(String.format(" proto=0x%04x", data.getShort(0) & 0xffff));
                    data.position(2);
                }
                sb.append(" (").append(data.remaining()).append(" bytes)");
            }
            default -> hex(sb, data);
        }
    }

    private static void chap(StringBuilder sb, int code, int id, ByteBuffer data) {
        sb.append(' ').append(ChapPacket.codeName(code)).append(String.format(" id=0x%x", id));
        if ((code == ChapPacket.CHALLENGE || code == ChapPacket.RESPONSE) && data.remaining() >= 1) {
            int size = data.get(0) & 0xff;
            if (1 + size <= data.remaining()) {
                if (code == ChapPacket.CHALLENGE) {
                    byte[] v = new byte[size];
                    data.get(1, v);
                    sb.append(" <").append(HexFormat.of().formatHex(v)).append('>');
                } else {
                    sb.append(" <").append(size).append(" bytes>");
                }
                byte[] name = new byte[data.remaining() - 1 - size];
                data.get(1 + size, name);
                sb.append(", name = \"").append(printable(new String(name, StandardCharsets.UTF_8))).append('"');
                return;
            }
        }
        text(sb, data);
    }

    private static void pap(StringBuilder sb, int code, int id, ByteBuffer data) {
        String name = switch (code) {
            case PapServer.AUTHENTICATE_REQUEST -> "AuthReq";
            case PapServer.AUTHENTICATE_ACK -> "AuthAck";
            case PapServer.AUTHENTICATE_NAK -> "AuthNak";
            default -> "code=0x" + Integer.toHexString(code);
        };
        sb.append(' ').append(name).append(String.format(" id=0x%x", id));
        if (code == PapServer.AUTHENTICATE_REQUEST && data.remaining() >= 1) {
            int n = data.get(0) & 0xff;
            if (1 + n <= data.remaining()) {
                byte[] user = new byte[n];
                data.get(1, user);
                sb.append(" user=\"").append(printable(new String(user, StandardCharsets.UTF_8))).append("\" password=<hidden>");
            }
        } else if (data.remaining() >= 1) {
            text(sb, data.position(1));
        }
    }

    private static void text(StringBuilder sb, ByteBuffer data) {
        if (data.hasRemaining()) {
            byte[] b = new byte[data.remaining()];
            data.duplicate().get(b);
            sb.append(" \"").append(printable(new String(b, StandardCharsets.ISO_8859_1))).append('"');
        }
    }

    private static void hex(StringBuilder sb, ByteBuffer data) {
        int n = Math.min(data.remaining(), 32);
        for (int i = 0; i < n; i++) {
            sb.append(String.format(" %02x", data.get(data.position() + i)));
        }
        if (data.remaining() > n) {
            sb.append(" ...");
        }
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
