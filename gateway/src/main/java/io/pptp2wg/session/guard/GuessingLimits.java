package io.pptp2wg.session.guard;

import java.time.Duration;

/**
 * The online-guessing limits (config.yml {@code guessing:}). pppd has none: the defaults are loose enough that an
 * ordinary user never meets them (three mistypes change nothing), and {@link #OFF} switches them off.
 *
 * @param enabled        false: nothing is counted or refused (pppd's behaviour)
 * @param sourceFailures failed logins from one address within {@code window} that lock that address
 * @param userFailures   failed logins for one user from any address within {@code window} that lock the user
 *                       everywhere (above {@code sourceFailures}: a user locked out at one address can still log
 *                       in from another until this trips)
 * @param window         how long failures are remembered, from the first one of a run
 * @param initialBackoff the first lock-out's length; each further one of the same key doubles it
 * @param maxBackoff     the longest lock-out; a key quiet (no failure) for this long starts again at the first
 * @param maxTracked     addresses and users remembered at most each (the least recently seen are forgotten first)
 */
public record GuessingLimits(boolean enabled, int sourceFailures, int userFailures, Duration window,
                             Duration initialBackoff, Duration maxBackoff, int maxTracked) {
    public static final GuessingLimits DEFAULTS = new GuessingLimits(true, 10, 30, Duration.ofMinutes(15),
            Duration.ofMinutes(1), Duration.ofHours(1), 100_000);
    public static final GuessingLimits OFF = new GuessingLimits(false, 10, 30, Duration.ofMinutes(15),
            Duration.ofMinutes(1), Duration.ofHours(1), 100_000);

    public GuessingLimits {
        if (sourceFailures < 1 || userFailures < 1 || maxTracked < 1) {
            throw new IllegalArgumentException("guessing limits must be at least 1");
        }
        if (window.isNegative() || window.isZero() || initialBackoff.isNegative() || initialBackoff.isZero()
                || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("guessing: window and initialBackoff must be positive, maxBackoff >= initialBackoff");
        }
    }
}
