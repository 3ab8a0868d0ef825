package io.pptp2wg.admin.api;

import java.time.Instant;

/**
 * A live PPTP session for {@code GET /api/sessions}.
 *
 * @param wireguardPublicKey  the key of the WireGuard identity carrying this session: the user's own in per-user
 *                            mode, the gateway's in shared mode (the user's own until the bridge says)
 * @param handshakeAgeSeconds seconds since the WireGuard identity carrying this user last completed a
 *                            handshake with the backend; null when none yet or no bridge attached
 * @param deviceId            the session's device, as {@code GET /api/users/{name}} lists it
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
        String deviceId) {}
