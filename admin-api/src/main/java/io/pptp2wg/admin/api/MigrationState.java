package io.pptp2wg.admin.api;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a user stands on the way off PPTP, derived from what the gateway and the backend saw. */
public enum MigrationState {
    /** Logged in with PPTP within the last {@code migration.activeDays} days. */
    PPTP_ACTIVE("pptp-active"),
    /** Known, but no PPTP login within {@code migration.activeDays} days (or never). */
    PPTP_DORMANT("pptp-dormant"),
    /** Has been given a native WireGuard configuration; PPTP still works. */
    CUTOVER_ISSUED("cutover-issued"),
    /** The user's key handshook at the backend from an endpoint that is not the gateway: PPTP refused. */
    MIGRATED("migrated"),
    /** The user's sunset date has passed (and not migrated): PPTP refused. */
    SUNSET_REFUSED("sunset-refused");

    private final String label;

    MigrationState(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
