package io.pptp2wg.dhcp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 3442's Classless Static Route option data (also Microsoft's option 249): per route, the prefix length,
 * the network's significant octets only ({@code ceil(length / 8)} of them), then the router's four octets.
 */
public final class ClasslessRoutes {
    private ClasslessRoutes() {}

    /** A decoded route. */
    public record Route(Ipv4Prefix destination, int router) {}

    /** Octets one route takes. */
    public static int encodedLength(Ipv4Prefix p) {
        return 1 + significantOctets(p.prefixLength()) + 4;
    }

    private static int significantOctets(int prefixLength) {
        return (prefixLength + 7) / 8;
    }

    /** Writes one route at {@code out}'s position. */
    public static void put(ByteBuffer out, Ipv4Prefix p, int router) {
        out.put((byte) p.prefixLength());
        for (int i = 0; i < significantOctets(p.prefixLength()); i++) {
            out.put((byte) (p.network() >>> (24 - 8 * i)));
        }
        out.putInt(router);
    }

    /**
     * The routes in {@code data} (position to limit, unchanged); null if it is not a whole number of well-formed
     * routes (a width above 32, or a route cut short).
     */
    public static List<Route> decode(ByteBuffer data) {
        List<Route> routes = new ArrayList<>();
        int i = data.position();
        int end = data.limit();
        while (i < end) {
            int width = Byte.toUnsignedInt(data.get(i++));
            int octets = significantOctets(width);
            if (width > 32 || end - i < octets + 4) {
                return null;
            }
            int network = 0;
            for (int k = 0; k < octets; k++) {
                network |= Byte.toUnsignedInt(data.get(i++)) << (24 - 8 * k);
            }
            routes.add(new Route(new Ipv4Prefix(network, width), data.getInt(i)));
            i += 4;
        }
        return routes;
    }
}
