package io.pptp2wg.bridge.relay;

import io.pptp2wg.bridge.ip.Ipv4Header;
import io.pptp2wg.bridge.ip.PrefixSet;
import io.pptp2wg.bridge.ip.TcpMssClamp;

import java.nio.ByteBuffer;

/**
 * The relay's decisions, with no I/O: whether an IP packet crosses between a PPTP session and the backend,
 * and the in-place changes it needs on the way (TCP MSS clamped on SYNs in both directions). Cryptokey
 * routing as the WireGuard whitepaper §2 puts it: a packet goes to the backend only if its destination is
 * in the backend's AllowedIPs, and comes back only from a source in them, to the session that owns the
 * destination, and only on the identity that carries that session ({@link Carrier}: per-user mode, its user's, or
 * the gateway's for a borrowed address, or either while the session rides the gateway's).
 */
public final class RelayCore {
    /** null = forward. */
    private static final RelayDrop FORWARD = null;

    private final PrefixSet backendAllowedIps;
    private final int wireGuardMtu;
    private final int maxMss;

    /**
     * @param backendAllowedIps the backend peer's AllowedIPs
     * @param wireGuardMtu      the largest inner packet the tunnel carries unfragmented (wg-quick's MTU, default 1420)
     * @param pppMtu            the largest packet the PPP links carry (the options file's mtu)
     */
    public RelayCore(PrefixSet backendAllowedIps, int wireGuardMtu, int pppMtu) {
        this.backendAllowedIps = backendAllowedIps;
        this.wireGuardMtu = wireGuardMtu;
        this.maxMss = Math.min(wireGuardMtu, pppMtu) - TcpMssClamp.IPV4_TCP_HEADERS;
    }

    /** The MSS that SYNs are clamped to: the smaller MTU of the two tunnels less the IPv4 and TCP headers. */
    public int maxMss() {
        return maxMss;
    }

    public int wireGuardMtu() {
        return wireGuardMtu;
    }

    /** A packet from a PPTP client whose tunnel address is {@code sessionAddress}: null = send it to the backend. */
    public RelayDrop fromClient(ByteBuffer p, int sessionAddress) {
        if (!Ipv4Header.isValid(p)) {
            return RelayDrop.MALFORMED;
        }
        if (Ipv4Header.source(p) != sessionAddress) {
            return RelayDrop.SPOOFED_SOURCE;
        }
        if (!backendAllowedIps.contains(Ipv4Header.destination(p))) {
            return RelayDrop.NOT_ROUTED;
        }
        if (p.remaining() > wireGuardMtu) {
            return Ipv4Header.dontFragment(p) ? RelayDrop.TOO_BIG_DF : RelayDrop.TOO_BIG;
        }
        TcpMssClamp.clamp(p, maxMss);
        return FORWARD;
    }

    /**
     * A packet from the backend that arrived on the identity of {@code identityUser} (null: on the gateway's own
     * identity), for the session {@code sessionUser} owns (null: no session has the destination address), whose packets
     * {@code carrier} carries (null with no session). null = send it to that session.
     */
    public RelayDrop fromBackend(ByteBuffer p, String identityUser, String sessionUser, Carrier carrier) {
        if (!Ipv4Header.isValid(p)) {
            return RelayDrop.MALFORMED;
        }
        if (!backendAllowedIps.contains(Ipv4Header.source(p))) {
            return RelayDrop.SOURCE_NOT_ALLOWED;
        }
        if (sessionUser == null) {
            return RelayDrop.NO_SESSION;
        }
        if (!carrier.takesFrom(identityUser, sessionUser)) {
            return RelayDrop.WRONG_IDENTITY; // cryptokey routing: only the identity that carries the session
        }
        TcpMssClamp.clamp(p, maxMss);
        return FORWARD;
    }
}
