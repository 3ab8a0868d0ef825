package io.pptp2wg.dhcp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What the gateway answers a client's DHCPINFORM with.
 *
 * @param enabled  whether DHCP to the gateway is answered at all (off: such datagrams go where they went before)
 * @param routes   the classless static routes' destinations (options 121 and 249), in order
 * @param dns      option 6 (the options file's ms-dns)
 * @param wins     option 44 (the options file's ms-wins)
 * @param domain   option 15, when configured
 * @param linkMtu  the most a reply may take (the options file's mtu): a client's option 57 is honoured up to it
 */
public record DhcpSettings(boolean enabled, List<Ipv4Prefix> routes, List<Integer> dns, List<Integer> wins,
                           Optional<String> domain, int linkMtu) {
    public DhcpSettings {
        routes = List.copyOf(routes);
        dns = List.copyOf(dns);
        wins = List.copyOf(wins);
        domain.ifPresent(d -> {
            int n = d.getBytes(StandardCharsets.US_ASCII).length;
            if (d.isEmpty() || n > Dhcp.MAX_OPTION_DATA || !StandardCharsets.US_ASCII.newEncoder().canEncode(d)) {
                throw new IllegalArgumentException("the DHCP domain must be 1 to 255 ASCII characters: " + d);
            }
        });
    }

    public static DhcpSettings disabled() {
        return new DhcpSettings(false, List.of(), List.of(), List.of(), Optional.empty(), Dhcp.MIN_IP_DATAGRAM);
    }
}
