package io.pptp2wg.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.wireguard.config.InetNetwork;
import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.wireguard.WireGuardSettings;
import io.pptp2wg.dhcp.DhcpSettings;
import io.pptp2wg.dhcp.Ipv4Prefix;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code pptpd.dhcp:} in config.yml: the answer to the DHCPINFORM a Windows client sends through the tunnel when
 * "use default gateway on remote network" is off. On by default: without an answer Windows only routes the classful
 * network of its own address into the tunnel, and the networks behind the backend are unreachable.
 */
public class DhcpFactory {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpFactory.class);

    /** Answer DHCPINFORM; false = such datagrams go where any other packet goes (as on the old host: unanswered). */
    @JsonProperty
    private boolean enabled = true;

    /** Option 15, the client's DNS suffix; absent = not sent. */
    @Size(min = 1, max = 255)
    @Pattern(regexp = "\\p{ASCII}*", message = "must be ASCII")
    @JsonProperty
    private String domain;

    public boolean enabled() {
        return enabled;
    }

    public Optional<String> domain() {
        return Optional.ofNullable(domain);
    }

    /**
     * The routes are the backend [Peer]'s IPv4 AllowedIPs (what the gateway relays to the backend), DNS and WINS the
     * options file's ms-dns and ms-wins. A default route in AllowedIPs is not sent: a client that asked for a split
     * tunnel would lose its own default route to it.
     */
    public DhcpSettings build(GatewaySettings gateway, WireGuardSettings wireguard) {
        if (!enabled) {
            return DhcpSettings.disabled();
        }
        List<Ipv4Prefix> routes = new ArrayList<>();
        for (InetNetwork n : wireguard.backendAllowedIps()) {
            if (!(n.getAddress() instanceof Inet4Address)) {
                continue;
            }
            Ipv4Prefix p = new Ipv4Prefix(Ipv4.fromInetAddress(n.getAddress()), n.getMask());
            if (p.prefixLength() == 0) {
                LOG.warn("DHCP: the backend's AllowedIPs hold {}: not sent as a classless route (it would replace the"
                        + " default route of split-tunnel clients, who asked for routes)", n);
                continue;
            }
            routes.add(p);
        }
        LOG.info("DHCP: DHCPINFORM answered with routes {} via {}, dns {}, wins {}, domain {}", routes,
                Ipv4.format(gateway.localIp()), gateway.ppp().msDns().stream().map(Ipv4::format).toList(),
                gateway.ppp().msWins().stream().map(Ipv4::format).toList(), domain().orElse("-"));
        return new DhcpSettings(true, routes, gateway.ppp().msDns(), gateway.ppp().msWins(), domain(), gateway.ppp().mtu());
    }
}
