package io.pptp2wg.dhcp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The DHCPACK that answers a DHCPINFORM (RFC 2131 §4.3.5 and Table 3): no address (yiaddr 0), no lease time;
 * xid, flags, ciaddr, giaddr and chaddr as the client sent them; options 53 and 54 (both required in a
 * DHCPACK), then 6, 44, 15, 121 and 249 as configured and requested, nothing else.
 */
public final class DhcpAck {
    private DhcpAck() {}

    /** @param length octets written; @param routes how many of the configured routes fitted */
    public record Written(int length, int routes) {}

    /**
     * Writes the reply at {@code out}'s position (which is left unchanged), at most {@code maxLength} octets.
     *
     * @param server the gateway's tunnel address: the Server Identifier and the routes' router
     */
    public static Written write(DhcpRequest.Inform in, DhcpSettings s, int server, ByteBuffer out, int maxLength) {
        int p = out.position();
        for (int i = 0; i < Dhcp.OPTIONS_OFFSET; i++) {
            out.put(p + i, (byte) 0);
        }
        out.put(p + Dhcp.OP, (byte) Dhcp.BOOTREPLY)
                .put(p + Dhcp.HTYPE, (byte) in.htype())
                .put(p + Dhcp.HLEN, (byte) in.hlen())
                .putInt(p + Dhcp.XID, in.xid())
                .putShort(p + Dhcp.FLAGS, (short) in.flags())
                .putInt(p + Dhcp.CIADDR, in.ciaddr())
                .putInt(p + Dhcp.GIADDR, in.giaddr())
                .put(p + Dhcp.CHADDR, in.chaddr())
                .putInt(p + Dhcp.MAGIC_COOKIE_OFFSET, Dhcp.MAGIC_COOKIE);
        ByteBuffer o = out.duplicate().position(p + Dhcp.OPTIONS_OFFSET);
        o.put((byte) Dhcp.OPTION_MESSAGE_TYPE).put((byte) 1).put((byte) Dhcp.DHCPACK);
        o.put((byte) Dhcp.OPTION_SERVER_IDENTIFIER).put((byte) 4).putInt(server);
        addresses(o, in, Dhcp.OPTION_DNS_SERVERS, s.dns());
        addresses(o, in, Dhcp.OPTION_NETBIOS_NAME_SERVERS, s.wins());
        if (s.domain().isPresent() && in.wants(Dhcp.OPTION_DOMAIN_NAME)) {
            byte[] d = s.domain().get().getBytes(StandardCharsets.US_ASCII);
            o.put((byte) Dhcp.OPTION_DOMAIN_NAME).put((byte) d.length).put(d);
        }
        int copies = (in.wants(Dhcp.OPTION_CLASSLESS_STATIC_ROUTES) ? 1 : 0)
                + (in.wants(Dhcp.OPTION_MS_CLASSLESS_STATIC_ROUTES) ? 1 : 0);
        int budget = maxLength - (o.position() - p) - 1; // the End option
        int routes = copies == 0 ? 0 : fitting(s.routes(), budget / copies);
        List<Ipv4Prefix> sent = s.routes().subList(0, routes);
        if (in.wants(Dhcp.OPTION_CLASSLESS_STATIC_ROUTES)) {
            routesOption(o, Dhcp.OPTION_CLASSLESS_STATIC_ROUTES, sent, server);
        }
        if (in.wants(Dhcp.OPTION_MS_CLASSLESS_STATIC_ROUTES)) {
            routesOption(o, Dhcp.OPTION_MS_CLASSLESS_STATIC_ROUTES, sent, server);
        }
        o.put((byte) Dhcp.OPTION_END);
        while (o.position() - p < Dhcp.MIN_BOOTP_LENGTH) {
            o.put((byte) Dhcp.OPTION_PAD);
        }
        return new Written(o.position() - p, routes);
    }

    private static void addresses(ByteBuffer o, DhcpRequest.Inform in, int code, List<Integer> addresses) {
        if (addresses.isEmpty() || !in.wants(code)) {
            return;
        }
        o.put((byte) code).put((byte) (4 * addresses.size()));
        for (int a : addresses) {
            o.putInt(a);
        }
    }

    /** How many of the first routes fit in {@code budget} octets of one option copy, split as {@link #routesOption} does. */
    static int fitting(List<Ipv4Prefix> routes, int budget) {
        int used = 0;
        int chunk = 0;
        int n = 0;
        for (Ipv4Prefix r : routes) {
            int len = ClasslessRoutes.encodedLength(r);
            int header = chunk == 0 || chunk + len > Dhcp.MAX_OPTION_DATA ? 2 : 0;
            if (used + header + len > budget) {
                break;
            }
            chunk = header != 0 ? len : chunk + len;
            used += header + len;
            n++;
        }
        return n;
    }

    /**
     * One option, split into several of the same code when longer than 255 octets (RFC 3396), at route boundaries:
     * a client that does not concatenate still reads whole routes from each.
     */
    private static void routesOption(ByteBuffer o, int code, List<Ipv4Prefix> routes, int router) {
        int lengthAt = -1;
        int chunk = 0;
        for (Ipv4Prefix r : routes) {
            int len = ClasslessRoutes.encodedLength(r);
            if (lengthAt < 0 || chunk + len > Dhcp.MAX_OPTION_DATA) {
                o.put((byte) code);
                lengthAt = o.position();
                o.put((byte) 0);
                chunk = 0;
            }
            ClasslessRoutes.put(o, r, router);
            chunk += len;
            o.put(lengthAt, (byte) chunk);
        }
    }
}
