package io.pptp2wg.admin.api;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One user for {@code GET /api/users} and the migration report. Carries no secret.
 *
 * @param sunsetDate   the day PPTP ends for this user (their own date, else the global one); null = none
 * @param sunsetSource {@code user} or {@code global}; null when no date applies
 * @param sessionsUp   how many of the user's PPTP sessions are up now
 * @param devices      how many devices of the user the gateway has told apart ({@code GET /api/users/{name}} lists them)
 * @param devicesMigrated how many of them have moved to their native WireGuard configuration
 * @param source       how the gateway knows the user: {@code file} (chap-secrets, pap-secrets, UCI); with pppd's
 *                     radius plugin {@code imported}, {@code radius-login} or {@code radius-attempt} (failed logins only)
 */
public record UserView(
        String name,
        MigrationState state,
        Instant lastLogin,
        long logins,
        ClientView lastClient,
        long bytesFromClient,
        long bytesToClient,
        String tunnelAddress,
        String wireguardPublicKey,
        LocalDate sunsetDate,
        String sunsetSource,
        Instant cutoverIssuedAt,
        Instant migratedAt,
        String nativeEndpoint,
        Instant nativeHandshakeAt,
        long authFailures,
        long refusedAttempts,
        Instant lastRefusedAt,
        int sessionsUp,
        int devices,
        int devicesMigrated,
        UserSource source) {}
