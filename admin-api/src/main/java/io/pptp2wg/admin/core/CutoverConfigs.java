package io.pptp2wg.admin.core;

import com.wireguard.config.BadConfigException;
import com.wireguard.config.Config;
import com.wireguard.config.InetAddresses;
import com.wireguard.config.InetEndpoint;
import com.wireguard.config.InetNetwork;
import com.wireguard.config.Interface;
import com.wireguard.config.ParseException;
import com.wireguard.config.Peer;
import com.wireguard.crypto.KeyPair;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.wireguard.WireGuardMode;
import io.pptp2wg.config.wireguard.WireGuardSettings;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A user's native WireGuard configuration (wg-quick text): their own key pair and tunnel address (in
 * per-user mode the very ones the gateway uses, so the backend needs no change), and the backend as
 * the gateway knows it from wg.conf, unless config.yml's {@code cutover:} section says otherwise.
 * Built with wireguard-android's classes, so what it writes is what {@link Config#parse} reads.
 */
public final class CutoverConfigs {
    private final WireGuardSettings wireguard;
    private final Optional<InetEndpoint> endpoint;
    private final List<InetNetwork> allowedIps;
    private final List<InetAddress> dnsOverride;
    private final Supplier<List<Integer>> msDns;
    private final int persistentKeepalive;
    private final Optional<Integer> mtu;

    /** Checks the overrides now, so that a mistake stops the start rather than the first cut-over. */
    public CutoverConfigs(WireGuardSettings wireguard, Optional<String> endpoint, List<String> allowedIps,
                          List<String> dns, Supplier<List<Integer>> msDns, int persistentKeepalive,
                          Optional<Integer> mtu) {
        this.wireguard = wireguard;
        try {
            this.endpoint = endpoint.isPresent() ? Optional.of(InetEndpoint.parse(endpoint.get())) : Optional.empty();
        } catch (ParseException e) {
            throw new IllegalArgumentException("cutover.endpoint '" + endpoint.get() + "' is not host:port");
        }
        this.allowedIps = new ArrayList<>();
        for (String a : allowedIps) {
            try {
                this.allowedIps.add(InetNetwork.parse(a));
            } catch (ParseException e) {
                throw new IllegalArgumentException("cutover.allowedIps '" + a + "' is not an address/prefix");
            }
        }
        this.dnsOverride = new ArrayList<>();
        for (String d : dns) {
            try {
                this.dnsOverride.add(InetAddresses.parse(d));
            } catch (ParseException e) {
                throw new IllegalArgumentException("cutover.dns '" + d + "' is not an IP address");
            }
        }
        this.msDns = msDns;
        this.persistentKeepalive = persistentKeepalive;
        this.mtu = mtu;
        if (this.endpoint.isEmpty() && wireguard.backend().getEndpoint().isEmpty()) {
            throw new IllegalArgumentException("cutover.endpoint is needed: the backend [Peer] in "
                    + wireguard.file() + " has no Endpoint");
        }
    }

    /** The wg-quick text for the user. Contains the private key: only for the explicit download. */
    public String configFor(String user, KeyPair identity, int tunnelAddress, Instant issued) {
        return configFor(user, identity, tunnelAddress, issued, wireguard.mode() != WireGuardMode.SHARED);
    }

    /**
     * The wg-quick text for a user or one of their devices ({@code owner} names it, e.g. "alice, device LAPTOP1");
     * unless {@code backendKnowsKey}, it starts with the [Peer] block the backend needs, as comments.
     */
    public String configFor(String owner, KeyPair identity, int tunnelAddress, Instant issued, boolean backendKnowsKey) {
        String user = owner;
        try {
            Interface.Builder iface = new Interface.Builder()
                    .setKeyPair(identity)
                    .addAddress(InetNetwork.parse(Ipv4.format(tunnelAddress) + "/32"));
            if (!dnsOverride.isEmpty()) {
                iface.addDnsServers(dnsOverride);
            } else {
                msDns.get().forEach(d -> iface.addDnsServer(Ipv4.toInetAddress(d)));
            }
            if (mtu.isPresent()) {
                iface.setMtu(mtu.get());
            }
            Peer backend = wireguard.backend();
            Peer.Builder peer = new Peer.Builder()
                    .setPublicKey(backend.getPublicKey())
                    .setEndpoint(endpoint.orElseGet(() -> backend.getEndpoint().orElseThrow()))
                    .addAllowedIps(allowedIps.isEmpty() ? backend.getAllowedIps() : Set.copyOf(allowedIps));
            if (persistentKeepalive > 0) {
                peer.setPersistentKeepalive(persistentKeepalive);
            }
            Config config = new Config.Builder().setInterface(iface.build()).addPeer(peer.build()).build();
            String shared = !backendKnowsKey
                    ? (wireguard.mode() == WireGuardMode.SHARED ? "# Shared mode: t" : "# T")
                    + "he backend does not know this key yet. Add to its wg-quick file:\n#   "
                    + backendPeer(user, identity.getPublicKey().toBase64(), tunnelAddress).strip()
                    .replace("\n", "\n#   ") + "\n"
                    : "";
            return "# WireGuard configuration of " + oneLine(user) + ", issued by pptp2wg on " + issued + "\n"
                    + "# It replaces this PPTP connection: keep it secret (it holds the private key).\n"
                    + shared + config.toWgQuickString();
        } catch (BadConfigException | ParseException e) {
            throw new IllegalStateException("cannot build the WireGuard configuration of " + oneLine(user) + ": " + e, e);
        }
    }

    /** The gateway's own public key (wg.conf [Interface] PrivateKey): the identity of borrowed addresses. */
    public String gatewayPublicKey() {
        return wireguard.interfaceKeyPair().getPublicKey().toBase64();
    }

    /**
     * The backend's [Peer] block for the gateway's own identity: AllowedIPs = the pool ({@link PoolPrefixes}). It
     * carries, in per-user mode, the further sessions of a user logged in from several devices at once (and every
     * session in shared mode), so the backend's file never changes per extra device.
     */
    public static String gatewayPeer(String publicKey, io.pptp2wg.config.AddressList pool) {
        return "# the gateway itself: further sessions of a user at the same time (several devices on one account)\n"
                + "# run on borrowed pool addresses under this key. WireGuard routes by longest prefix, so each user's\n"
                + "# own address/32 below still goes to that user's peer: this block is written once, for any number of devices.\n"
                + "[Peer]\nPublicKey = " + publicKey + "\nAllowedIPs = " + String.join(", ", PoolPrefixes.of(pool)) + "\n";
    }

    /** The backend's [Peer] block for a user (per-user mode): PublicKey and AllowedIPs = the user's address/32. */
    public static String backendPeer(String user, String publicKey, int tunnelAddress) {
        return "# " + oneLine(user) + "\n[Peer]\nPublicKey = " + publicKey + "\nAllowedIPs = "
                + Ipv4.format(tunnelAddress) + "/32\n";
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}]", "?");
    }
}
