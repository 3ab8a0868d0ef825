package io.pptp2wg.session;

import io.pptp2wg.config.ppp.AuthProtocol;

import java.time.Instant;

/**
 * A PPTP session that is up: authenticated, MPPE (if required) agreed, IPCP done.
 *
 * @param id            unique in this process, stable for the session's life
 * @param user          the authenticated user name (after chapms-strip-domain)
 * @param localCallId   our Call ID (RFC 2637 §2.7)
 * @param peerCallId    the client's Call ID
 * @param fingerprint   the client's host name, vendor, firmware and public address, and what its PPP link showed
 *                      of it (LCP Identification, login name form): {@link DeviceFingerprint#of} makes the device
 * @param tunnelAddress the client's IPv4 address inside the tunnel (IPCP), as an int
 * @param auth          how the user authenticated
 * @param mppe          as pppd logs it: "128-bit stateless", "40-bit stateful", or "none"
 * @param started       when the session came up
 * @param holding       the user's own address ({@code OWN}: per-user mode carries it on the user's own WireGuard
 *                      identity) or one borrowed for this session ({@code BORROWED}: another device of the same
 *                      user at the same time, carried on the gateway's identity)
 */
public record SessionInfo(
        long id,
        String user,
        int localCallId,
        int peerCallId,
        ClientFingerprint fingerprint,
        int tunnelAddress,
        AuthProtocol auth,
        String mppe,
        Instant started,
        AddressAllocator.Holding holding) {}
