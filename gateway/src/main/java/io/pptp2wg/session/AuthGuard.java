package io.pptp2wg.session;

import java.util.Optional;

/**
 * The online-guessing limits as one login sees them (the edge binds the source address, the clock and the
 * limiter, {@link io.pptp2wg.session.guard.LoginLimiter}): asked before a password is checked, told the verdict.
 * Every authenticator calls it, whatever the method.
 */
public interface AuthGuard {
    /** Empty: check the password. Otherwise the text that tells the client to wait; the password is not looked at. */
    Optional<String> beforePassword(String user);

    /** A wrong password or an unknown user. */
    void passwordFailed(String user);

    /** The password was right (whether or not the login policy then lets the user in). */
    void passwordAccepted(String user);

    /** No limits (pppd's behaviour; tests). */
    AuthGuard NONE = new AuthGuard() {
        @Override
        public Optional<String> beforePassword(String user) {
            return Optional.empty();
        }

        @Override
        public void passwordFailed(String user) {}

        @Override
        public void passwordAccepted(String user) {}
    };
}
