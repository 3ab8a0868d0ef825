package io.pptp2wg.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.pptp2wg.session.guard.GuessingLimits;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * {@code guessing:} in config.yml: the online-guessing limits of every login (MS-CHAPv2, MS-CHAPv1, CHAP-MD5, PAP,
 * RADIUS). pppd has none: this is a deliberate difference for an internet-facing box, loose enough by default that an
 * ordinary user never meets it (three mistypes change nothing), and {@code enabled: false} restores pppd's behaviour.
 */
public class GuessingFactory {
    @JsonProperty
    private boolean enabled = GuessingLimits.DEFAULTS.enabled();

    @Min(1)
    @JsonProperty
    private int sourceFailures = GuessingLimits.DEFAULTS.sourceFailures();

    @Min(1)
    @JsonProperty
    private int userFailures = GuessingLimits.DEFAULTS.userFailures();

    @NotNull
    @JsonProperty
    private Duration window = Duration.minutes(GuessingLimits.DEFAULTS.window().toMinutes());

    @NotNull
    @JsonProperty
    private Duration initialBackoff = Duration.seconds(GuessingLimits.DEFAULTS.initialBackoff().toSeconds());

    @NotNull
    @JsonProperty
    private Duration maxBackoff = Duration.minutes(GuessingLimits.DEFAULTS.maxBackoff().toMinutes());

    @Min(1)
    @JsonProperty
    private int maxTracked = GuessingLimits.DEFAULTS.maxTracked();

    /** Checked with the rest of config.yml, so that a bad value is named at start-up (and by {@code pptp2wg check}). */
    @JsonIgnore
    @AssertTrue(message = "window and initialBackoff must be positive, maxBackoff at least initialBackoff")
    public boolean isBackoffOrdered() {
        return window.toNanoseconds() > 0 && initialBackoff.toNanoseconds() > 0
                && maxBackoff.toNanoseconds() >= initialBackoff.toNanoseconds();
    }

    public GuessingLimits build() {
        return new GuessingLimits(enabled, sourceFailures, userFailures, window.toJavaDuration(),
                initialBackoff.toJavaDuration(), maxBackoff.toJavaDuration(), maxTracked);
    }
}
