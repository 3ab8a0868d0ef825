package io.pptp2wg.admin.api;

import java.time.Instant;

/**
 * One row of the session-event journal, as stored and as shown in a user's history.
 *
 * @param bootId  which run of the process (session ids are unique within one)
 * @param tunnelAddress dotted quad
 * @param deviceId the device ({@code io.pptp2wg.session.DeviceFingerprint}); null before devices were recorded
 */
public record StoredEvent(
        long id,
        Instant at,
        EventKind kind,
        String bootId,
        Long sessionId,
        String user,
        ClientView client,
        String tunnelAddress,
        String auth,
        String mppe,
        Instant started,
        Long durationMs,
        Long bytesFromClient,
        Long bytesToClient,
        Long packetsFromClient,
        Long packetsToClient,
        String reason,
        String deviceId) {}
