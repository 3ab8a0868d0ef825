package io.pptp2wg.bridge.relay;

import io.pptp2wg.config.AddressList;
import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which WireGuard socket the backend's address family calls for: our IPv4 one, or the dual-stack fallback. */
class RelayBindTest {
    static RelaySettings backendAt(String address) throws Exception {
        return new RelaySettings(null, null, null, null, new InetSocketAddress(InetAddress.getByName(address), 51820),
                0, null, 1420, 1400, 0, AddressList.empty());
    }

    @Test
    void anIpv4BackendKeepsTheWildcardBind() throws Exception {
        InetSocketAddress bind = new InetSocketAddress(51820);
        assertSame(bind, Relay.forBackend(bind, backendAt("192.0.2.2")));
    }

    @Test
    void anIpv6BackendTurnsTheWildcardBindDualStack() throws Exception {
        InetSocketAddress got = Relay.forBackend(new InetSocketAddress(51820), backendAt("2001:db8::2"));
        assertTrue(got.getAddress() instanceof Inet6Address, got.toString());
        assertTrue(got.getAddress().isAnyLocalAddress(), got.toString());
        assertEquals(51820, got.getPort());
    }

    @Test
    void anExplicitBindAddressIsKeptAsConfigured() throws Exception {
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName("198.51.100.1"), 51820);
        assertSame(bind, Relay.forBackend(bind, backendAt("2001:db8::2")));
    }
}
