package io.pptp2wg.admin.api;

import java.time.Instant;
import java.util.List;

/**
 * One device of a user in {@code GET /api/users/{name}}. Carries no secret.
 *
 * @param user              the user it belongs to
 * @param id                the device id (16 hex digits), as in {@code /api/users/{name}/devices/{id}/cutover}
 * @param label             for people: "LAPTOP1 (Microsoft)", "cananian firmware 1 at 203.0.113.5"
 * @param name              its own name (LCP Identification computer name, else SCCRQ Host Name), "" when none
 * @param identifiedByAddress true when it has no name: then its public address is part of its identity
 * @param nameForm          how it writes its login: "plain", "domain:X"
 * @param identifications   the LCP Identification texts seen (RFC 1570), cleaned
 * @param firstSeen         its first event; {@code lastSeen} its latest (logins, logouts, failures, refusals)
 * @param lastAuth          the method of its last successful login (MS-CHAPv2, MS-CHAPv1, CHAP-MD5, PAP)
 * @param cutover           {@code none}, {@code user-identity} (the user's own key and address) or {@code own-identity}
 * @param wireguardPublicKey the key of its native configuration (null before a cut-over)
 * @param tunnelAddress     the address of its native configuration (null before a cut-over)
 */
public record DeviceView(
        String user,
        String id,
        String label,
        String name,
        String vendor,
        Integer firmwareRevision,
        String hostName,
        boolean identifiedByAddress,
        String nameForm,
        List<String> identifications,
        MigrationState state,
        Instant firstSeen,
        Instant lastSeen,
        Instant lastLogin,
        long logins,
        long bytesFromClient,
        long bytesToClient,
        long authFailures,
        long refusedAttempts,
        String lastAuth,
        String lastPublicAddress,
        int sessionsUp,
        String cutover,
        Instant cutoverIssuedAt,
        String wireguardPublicKey,
        String tunnelAddress,
        Instant migratedAt,
        String nativeEndpoint,
        Instant nativeHandshakeAt) {}
