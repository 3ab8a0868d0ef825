package io.pptp2wg.bridge.relay;

import com.wireguard.config.InetNetwork;
import com.wireguard.crypto.Key;
import com.wireguard.crypto.KeyPair;
import io.pptp2wg.bridge.ip.PrefixSet;
import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.wireguard.WireGuardMode;
import io.pptp2wg.config.wireguard.WireGuardSettings;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What the relay needs from the configuration.
 *
 * @param mode                      per-user or shared
 * @param sharedIdentity            the wg.conf [Interface] key pair (the one identity in shared mode)
 * @param backendPublicKey          the backend [Peer]'s key
 * @param presharedKey              the backend [Peer]'s PresharedKey, or null
 * @param backendEndpoint           where the backend listens
 * @param persistentKeepaliveSeconds the backend [Peer]'s PersistentKeepalive, 0 = off
 * @param backendAllowedIps         the backend [Peer]'s AllowedIPs (IPv4 entries)
 * @param wireGuardMtu              wg.conf [Interface] MTU, or wg-quick's default
 * @param pppMtu                    the options file's mtu
 * @param gatewayAddress            the gateway's tunnel address (source of its ICMP messages to clients)
 * @param gatewayPool               per-user mode: the addresses the gateway's own backend peer holds (the remoteip
 *                                  pool), on which a user's session may ride the gateway's identity until the backend
 *                                  answers the user's own ({@link io.pptp2wg.config.AddressList#empty()}: none, so
 *                                  a user's session never rides)
 */
public record RelaySettings(
        WireGuardMode mode,
        KeyPair sharedIdentity,
        Key backendPublicKey,
        Key presharedKey,
        InetSocketAddress backendEndpoint,
        int persistentKeepaliveSeconds,
        PrefixSet backendAllowedIps,
        int wireGuardMtu,
        int pppMtu,
        int gatewayAddress,
        io.pptp2wg.config.AddressList gatewayPool) {

    public RelaySettings {
        java.util.Objects.requireNonNull(gatewayPool, "gatewayPool (AddressList.empty(): none)");
    }

    /** Whether the gateway's own backend peer routes {@code address} (it holds the pool as AllowedIPs). */
    public boolean gatewayCarries(int address) {
        return gatewayPool.contains(address);
    }

    /** wg-quick's MTU when the file gives none: 1500 less the largest (IPv6) WireGuard overhead of 80. */
    public static final int WG_QUICK_DEFAULT_MTU = 1420;

    public static RelaySettings from(WireGuardSettings wg, GatewaySettings gateway) {
        var peer = wg.backend();
        List<InetNetwork> v4 = new ArrayList<>();
        for (InetNetwork n : peer.getAllowedIps()) {
            if (n.getAddress() instanceof java.net.Inet4Address) {
                v4.add(n);
            }
        }
        int[] addresses = new int[v4.size()];
        int[] lengths = new int[v4.size()];
        for (int i = 0; i < v4.size(); i++) {
            addresses[i] = Ipv4.fromInetAddress(v4.get(i).getAddress());
            lengths[i] = v4.get(i).getMask();
        }
        var endpoint = peer.getEndpoint().orElseThrow(() -> new IllegalArgumentException("the backend [Peer] has no Endpoint"));
        var resolved = endpoint.getResolved().orElseThrow(() -> new IllegalArgumentException(
                "the backend Endpoint " + endpoint + " does not resolve"));
        return new RelaySettings(wg.mode(), wg.interfaceKeyPair(), peer.getPublicKey(), peer.getPreSharedKey().orElse(null),
                new InetSocketAddress(resolved.getHost(), resolved.getPort()), peer.getPersistentKeepalive().orElse(0),
                PrefixSet.of(addresses, lengths), wg.config().getInterface().getMtu().orElse(WG_QUICK_DEFAULT_MTU),
                gateway.ppp().mtu(), gateway.localIp(), gateway.remotePool());
    }
}
