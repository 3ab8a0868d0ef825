package io.pptp2wg.admin.api;

import java.time.Instant;

/**
 * A live PPTP session for {@code GET /api/sessions}.
 *
 * @param handshakeAgeSeconds seconds since the WireGuard identity carrying this user last completed a
 *                            handshake with the backend; null when none yet or no bridge attached
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
        Long handshakeAgeSeconds) {}
