package io.pptp2wg.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.pptp2wg.gateway.FloodLimits;
import io.pptp2wg.session.guard.GuessingLimits;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * {@code floods:} in config.yml: caps against floods of TCP 1723 (0 = no cap) and of wrong /api tokens. pptpd has only
 * {@code connections} and {@code stimeout} (both honoured as before); the defaults are far above any client's use.
 */
public class FloodsFactory {
    @Min(0)
    @JsonProperty
    private int connectionsPerSource = FloodLimits.DEFAULTS.connectionsPerSource();

    @Min(0)
    @JsonProperty
    private int halfOpen = FloodLimits.DEFAULTS.halfOpen();

    @Min(0)
    @JsonProperty
    private int callsPerConnection = FloodLimits.DEFAULTS.callsPerConnection();

    /** Wrong /api tokens from one address within {@code apiWindow} after which it is answered 429; 0 = never. */
    @Min(0)
    @JsonProperty
    private int apiTokenFailures = 10;

    @NotNull
    @JsonProperty
    private Duration apiWindow = Duration.minutes(10);

    @NotNull
    @JsonProperty
    private Duration apiBackoff = Duration.minutes(1);

    @NotNull
    @JsonProperty
    private Duration apiMaxBackoff = Duration.hours(1);

    @JsonIgnore
    @AssertTrue(message = "apiWindow and apiBackoff must be positive, apiMaxBackoff at least apiBackoff")
    public boolean isApiBackoffOrdered() {
        return apiWindow.toNanoseconds() > 0 && apiBackoff.toNanoseconds() > 0
                && apiMaxBackoff.toNanoseconds() >= apiBackoff.toNanoseconds();
    }

    public FloodLimits build() {
        return new FloodLimits(connectionsPerSource, halfOpen, callsPerConnection);
    }

    /** The /api limits as guessing limits of one source (the user side never trips: there is no user). */
    public GuessingLimits apiTokens() {
        return new GuessingLimits(apiTokenFailures > 0, Math.max(1, apiTokenFailures), Integer.MAX_VALUE,
                apiWindow.toJavaDuration(), apiBackoff.toJavaDuration(), apiMaxBackoff.toJavaDuration(), 10_000);
    }
}
