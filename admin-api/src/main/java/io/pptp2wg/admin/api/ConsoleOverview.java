package io.pptp2wg.admin.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/console/overview}: what the console's first page shows, in one call. The totals and the
 * history are those of {@code GET /api/reports/migration?from=firstLogin&to=today}.
 *
 * @param firstLogin            the day of the first PPTP login the journal holds (the burndown starts there); today when none
 * @param globalSunset          {@code migration.sunsetDate}; null when none
 * @param sessionsUp            PPTP sessions up now
 * @param refusedAfterSunset7d  PPTP logins refused in the last 7 days from users past their sunset date
 */
public record ConsoleOverview(
        Instant generatedAt,
        LocalDate today,
        LocalDate firstLogin,
        LocalDate globalSunset,
        int users,
        Map<MigrationState, Integer> totals,
        Map<MigrationState, Integer> deviceTotals,
        int sessionsUp,
        int refusedAfterSunset7d,
        List<MigrationReport.Day> history) {}
