package io.pptp2wg.dhcp;

import io.pptp2wg.ip.InternetChecksum;

import java.nio.ByteBuffer;

/**
 * The gateway's DHCP server for its PPP clients, which answers only DHCPINFORM (RFC 2131 §3.4): Windows sends one
 * through the tunnel once IPCP is up, to 255.255.255.255 from its tunnel address, and learns the routes behind the
 * VPN (options 121/249), DNS, WINS and its domain from the DHCPACK. Pure: an IP packet in, a reply (or the reason
 * there is none) out. The reply goes to the session's own address and port 68 over the same session only.
 *
 * <p>A Windows RRAS server answers nothing itself: with its DHCP Relay Agent configured it forwards the INFORM to a
 * DHCP server, whose options (121/249 as the administrator set them) come back; without it the client gets no answer
 * (Microsoft's RRAS documentation). The routes' router here is the gateway's own tunnel address, the far end of the
 * client's point-to-point link, so the client installs them on its PPP interface, as SoftEther's virtual DHCP
 * server does for its PPP clients (its own address) and strongSwan's dhcp-inform plugin for Windows VPN clients
 * (the server's address). 0.0.0.0 ("on-link", as Linux clients read it) is not known to work with option 249.
 */
public final class DhcpResponder {
    private static final int IPV4_MIN_HEADER = 20;
    private static final int UDP_HEADER = 8;
    private static final int PROTOCOL_UDP = 17;
    private static final int LIMITED_BROADCAST = 0xFFFFFFFF;
    private static final int REPLY_TTL = 64;

    /** What became of a datagram {@link #isForServer} accepted. */
    public sealed interface Outcome permits Answered, Ignored, Refused {}

    /** A reply of {@code length} octets is in the output buffer; it carries {@code routes} of the configured routes. */
    public record Answered(int length, int routes) implements Outcome {}

    /** Well-formed DHCP that is not an INFORM: no address is ever assigned, so nothing is answered. */
    public record Ignored(int messageType) implements Outcome {}

    public record Refused(DhcpMalformed reason) implements Outcome {}

    private final DhcpSettings settings;
    private final int server;

    /** @param server the gateway's tunnel address (IPCP's local address) */
    public DhcpResponder(DhcpSettings settings, int server) {
        this.settings = settings;
        this.server = server;
    }

    public DhcpSettings settings() {
        return settings;
    }

    /**
     * Whether {@code ip} (position to limit, unchanged) is UDP to the DHCP server port at the broadcast address or
     * the gateway's own: then it is the gateway's, and goes to {@link #answer}, never to the uplink. Cheap: on every
     * packet from a client. Always false when switched off.
     */
    public boolean isForServer(ByteBuffer ip) {
        if (!settings.enabled()) {
            return false;
        }
        int p = ip.position();
        int n = ip.remaining();
        if (n < IPV4_MIN_HEADER || (ip.get(p) & 0xF0) != 0x40 || Byte.toUnsignedInt(ip.get(p + 9)) != PROTOCOL_UDP) {
            return false;
        }
        int dst = ip.getInt(p + 16);
        int ihl = (ip.get(p) & 0x0F) * 4;
        return (dst == LIMITED_BROADCAST || dst == server) && n >= ihl + 4
                && Short.toUnsignedInt(ip.getShort(p + ihl + 2)) == Dhcp.SERVER_PORT;
    }

    /**
     * Answers what {@link #isForServer} accepted, from the session whose tunnel address is {@code session}: the
     * reply's IP packet goes into {@code out} from 0.
     */
    public Outcome answer(ByteBuffer ip, int session, byte[] out) {
        int p = ip.position();
        int ihl = (ip.get(p) & 0x0F) * 4;
        int total = Short.toUnsignedInt(ip.getShort(p + 2));
        if (ihl < IPV4_MIN_HEADER || total > ip.remaining() || total < ihl + UDP_HEADER) {
            return new Refused(DhcpMalformed.BAD_UDP);
        }
        if ((Short.toUnsignedInt(ip.getShort(p + 6)) & 0x3FFF) != 0) { // MF or an offset
            return new Refused(DhcpMalformed.FRAGMENT);
        }
        int udp = p + ihl;
        int udpLength = Short.toUnsignedInt(ip.getShort(udp + 4));
        if (udpLength < UDP_HEADER || udpLength > total - ihl) {
            return new Refused(DhcpMalformed.BAD_UDP);
        }
        if (ip.getShort(udp + 6) != 0 && udpSum(ip, p + 12, udp, udpLength) != 0xFFFF) {
            return new Refused(DhcpMalformed.BAD_UDP_CHECKSUM);
        }
        if (ip.getInt(p + 12) != session || Short.toUnsignedInt(ip.getShort(udp)) != Dhcp.CLIENT_PORT) {
            return new Refused(DhcpMalformed.FOREIGN_SOURCE);
        }
        return switch (DhcpRequest.parse(ip.slice(udp + UDP_HEADER, udpLength - UDP_HEADER))) {
            case DhcpRequest.Malformed m -> new Refused(m.reason());
            case DhcpRequest.Other o -> new Ignored(o.messageType());
            case DhcpRequest.Inform in when in.ciaddr() != 0 && in.ciaddr() != session ->
                    new Refused(DhcpMalformed.CIADDR_MISMATCH);
            case DhcpRequest.Inform in -> reply(in, session, out);
        };
    }

    private Answered reply(DhcpRequest.Inform in, int client, byte[] out) {
        int max = Math.min(out.length, Math.max(Dhcp.MIN_IP_DATAGRAM, Math.min(in.maxMessageSize(), settings.linkMtu())));
        ByteBuffer r = ByteBuffer.wrap(out);
        int udp = IPV4_MIN_HEADER;
        DhcpAck.Written w = DhcpAck.write(in, settings, server, r.position(udp + UDP_HEADER),
                max - IPV4_MIN_HEADER - UDP_HEADER);
        r.position(0);
        int udpLength = UDP_HEADER + w.length();
        int total = IPV4_MIN_HEADER + udpLength;
        r.put(0, (byte) 0x45).put(1, (byte) 0).putShort(2, (short) total).putInt(4, 0)
                .put(8, (byte) REPLY_TTL).put(9, (byte) PROTOCOL_UDP).putShort(10, (short) 0)
                .putInt(12, server).putInt(16, client);
        r.putShort(10, (short) InternetChecksum.checksum(r, 0, IPV4_MIN_HEADER));
        r.putShort(udp, (short) Dhcp.SERVER_PORT).putShort(udp + 2, (short) Dhcp.CLIENT_PORT)
                .putShort(udp + 4, (short) udpLength).putShort(udp + 6, (short) 0);
        int sum = ~udpSum(r, 12, udp, udpLength) & 0xFFFF;
        r.putShort(udp + 6, (short) (sum == 0 ? 0xFFFF : sum)); // RFC 768: a computed 0 is sent as all ones
        return new Answered(total, w.routes());
    }

    /** The one's-complement sum of the UDP pseudo-header (RFC 768: addresses at {@code addresses}) and datagram. */
    private static int udpSum(ByteBuffer b, int addresses, int udp, int udpLength) {
        int pseudo = InternetChecksum.sum(b, addresses, 8, PROTOCOL_UDP + udpLength);
        return InternetChecksum.sum(b, udp, udpLength, pseudo);
    }
}
