package io.pptp2wg.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pptp2wg.admin.core.MigrationRules;
import io.pptp2wg.config.Ipv4;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** The {@code migration:} section of config.yml: how users are classified and when PPTP ends for them. */
public class MigrationFactory {
    /** An MS-CHAPv2 failure message (RFC 2759 §6 "M=") is text in a PPP packet: printable ASCII, short. */
    private static final String MESSAGE_TEXT = "[\\x20-\\x7e]{1,200}";

    /** A user who logged in with PPTP within this many days is {@code pptp-active}, else {@code pptp-dormant}. */
    @Min(1)
    @Max(3650)
    @JsonProperty
    private int activeDays = 30;

    /** From this day on (00:00 in {@link #timeZone}) every user's PPTP logins are refused; a user's own date wins. */
    @JsonProperty
    private LocalDate sunsetDate;

    /** The zone of sunset dates and of the report's days. */
    @NotNull
    @JsonProperty
    private String timeZone = "UTC";

    /** What a refused client is told after its sunset date; {user} and {date} are replaced. */
    @NotNull
    @Pattern(regexp = MESSAGE_TEXT, message = "must be 1-200 printable ASCII characters (it goes into a PPP packet)")
    @JsonProperty
    private String sunsetMessage = "PPTP access for {user} ended on {date}. Use WireGuard: ask your administrator for your configuration.";

    /** What a migrated user's PPTP client is told: its WireGuard identity now belongs to the native client. */
    @NotNull
    @Pattern(regexp = MESSAGE_TEXT, message = "must be 1-200 printable ASCII characters (it goes into a PPP packet)")
    @JsonProperty
    private String migratedMessage = "{user} now uses WireGuard: PPTP is off for this account. Connect with the WireGuard app.";

    /**
     * The gateway's own addresses as the backend sees them (its WireGuard endpoint, e.g. behind NAT).
     * A handshake of a user's key from any other address means their native client is in use. This
     * host's own interface addresses are always counted as the gateway's.
     */
    @NotNull
    @Size(max = 64)
    @JsonProperty
    private List<String> gatewayEndpoints = List.of();

    /** How many days of history the migration report's burndown shows by default. */
    @Min(1)
    @Max(3660)
    @JsonProperty
    private int historyDays = 90;

    @AssertTrue(message = "timeZone must be a zone such as UTC or Europe/Berlin")
    boolean isTimeZoneValid() {
        try {
            ZoneId.of(timeZone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    @AssertTrue(message = "gatewayEndpoints must be IPv4 addresses (a.b.c.d)")
    boolean isGatewayEndpointsValid() {
        return gatewayEndpoints.stream().allMatch(a -> Ipv4.parse(a).isPresent());
    }

    public MigrationRules build() {
        return new MigrationRules(activeDays, Optional.ofNullable(sunsetDate), ZoneId.of(timeZone), sunsetMessage,
                migratedMessage, historyDays);
    }

    public List<String> gatewayEndpoints() {
        return gatewayEndpoints;
    }
}
