package io.pptp2wg.admin.api;

import java.time.Instant;

/**
 * A live PPTP session for {@code GET /api/sessions}.
 *
 * @param wireguardPublicKey  the key of the WireGuard identity carrying this session: the user's own in per-user
 *                            mode (the gateway's for a borrowed address), the gateway's in shared mode (the user's own until the bridge says)
 * @param handshakeAgeSeconds seconds since the WireGuard identity carrying this user last completed a
 *                            handshake with the backend; null when none yet or no bridge attached
 * @param deviceId            the session's device, as {@code GET /api/users/{name}} lists it
 * @param addressHolding      "own": the user's own (fixed or sticky) address, carried on the user's identity in
 *                            per-user mode; "borrowed": a pool address lent to a further session of the user (another
 *                            device at the same time), carried on the gateway's identity; null for a session of
 *                            another node (not recorded there)
 * @param node                the gateway node carrying the session (fleet.nodeName); another node's session has no
 *                            call ids (0) and its bytes are as of its last checkpoint
 */
public record SessionView(
        long id,
        String user,
        MigrationState state,
        int localCallId,
        int peerCallId,
        ClientView client,
        String tunnelAddress,
        String auth,
        String mppe,
        Instant started,
        long durationSeconds,
        long bytesFromClient,
        long bytesToClient,
        long packetsFromClient,
        long packetsToClient,
        String wireguardPublicKey,
        Long handshakeAgeSeconds,
        String deviceId, String addressHolding, String node) {}
