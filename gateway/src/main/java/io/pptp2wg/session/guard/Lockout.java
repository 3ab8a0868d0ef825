package io.pptp2wg.session.guard;

import java.time.Instant;
import java.util.Set;

/**
 * One lock-out: of a source address (every login from it refused) or of a user (refused from every address).
 *
 * @param scope    what is locked
 * @param key      the address (dotted) or the user name
 * @param since    when it began (the failure that tripped it)
 * @param until    when logins are checked again
 * @param failures the failures within the window that tripped it
 * @param strike   1 for the first lock-out of this key, 2 for the next (twice as long), ...
 * @param users    the user names that failed (a source's; the user itself for a user's), at most a few
 */
public record Lockout(Scope scope, String key, Instant since, Instant until, int failures, int strike, Set<String> users) {
    public enum Scope { SOURCE, USER }

    /** The text for logs, the journal and the client. */
    public String reason() {
        return failures + " failed logins " + (scope == Scope.SOURCE ? "from " + key : "for " + key)
                + ": refused until " + until + " (lock-out " + strike + ")";
    }

    /** What the client is told: to wait, and how long (whole seconds, rounded up). */
    public String messageToClient(Instant now) {
        long seconds = Math.max(1, (java.time.Duration.between(now, until).toMillis() + 999) / 1000);
        return "Too many failed logins" + (scope == Scope.SOURCE ? " from this address" : " for this account")
                + ": wait " + seconds + " s and try again";
    }
}
