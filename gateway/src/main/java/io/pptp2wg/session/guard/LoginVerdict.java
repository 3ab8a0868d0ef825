package io.pptp2wg.session.guard;

/** May this (user, source) try a password now? */
public sealed interface LoginVerdict {
    record Allowed() implements LoginVerdict {}

    /** Refused without checking the password, until the lock-out ends. */
    record LockedOut(Lockout lockout) implements LoginVerdict {}

    Allowed ALLOWED = new Allowed();
}
