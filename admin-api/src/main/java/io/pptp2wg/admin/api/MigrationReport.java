package io.pptp2wg.admin.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/reports/migration}: totals per state now (accounts in {@code totals}, devices in
 * {@code deviceTotals}), a row per user and per device (with its last auth method), and per day the number of users in each state at the end of
 * that day (the burndown).
 */
public record MigrationReport(
        Instant generatedAt,
        int activeDays,
        Map<MigrationState, Integer> totals,
        Map<MigrationState, Integer> deviceTotals,
        List<UserView> users,
        List<DeviceView> devices,
        List<Day> history) {

    /** The users in each state at the end of one day (in {@code migration.timeZone}), and that day's events. */
    public record Day(
            LocalDate date,
            @JsonProperty("pptp-active") int pptpActive,
            @JsonProperty("pptp-dormant") int pptpDormant,
            @JsonProperty("cutover-issued") int cutoverIssued,
            @JsonProperty("migrated") int migrated,
            @JsonProperty("sunset-refused") int sunsetRefused,
            int logins,
            int refusedAttempts) {}
}
