package io.pptp2wg.admin.api;

import io.pptp2wg.session.guard.Lockout;

import java.time.Instant;
import java.util.Locale;

/**
 * A lock-out of the guessing limits in force for a user: {@code scope} {@code user} (refused from every address) or
 * {@code source} (an address the user failed from, refused for every user); {@code source} is that address.
 */
public record LockoutView(String scope, String source, Instant since, Instant until, int failures, int strike,
                          String reason) {
    public static LockoutView of(Lockout l) {
        return new LockoutView(l.scope().name().toLowerCase(Locale.ROOT),
                l.scope() == Lockout.Scope.SOURCE ? l.key() : null, l.since(), l.until(), l.failures(), l.strike(),
                l.reason());
    }
}
