package io.pptp2wg.ppp.auth;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.mppe.MppeKeyMaterial;

/** What an authenticator tells the link. Never carries a secret (key material goes straight to MPPE). */
public interface AuthListener {
    /** The peer proved its password and the login policy allowed it; the Success packet was sent. */
    void authSucceeded(String user, AuthProtocol method, MppeKeyMaterial keys);

    /**
     * The RADIUS server accepted the login (and the login policy allowed it); the Success packet was sent.
     * {@code grant} carries what the server asks of the session (Framed-IP-Address, timeouts, DNS).
     */
    default void authSucceeded(String user, AuthProtocol method, MppeKeyMaterial keys, io.pptp2wg.radius.RadiusReply.Accept grant) {
        authSucceeded(user, method, keys);
    }

    /** A wrong answer; the Failure packet was sent. With {@code lastAttempt}, no retry is allowed. */
    void authFailed(String user, AuthProtocol method, String reason, boolean lastAttempt);

    /** The password was right but the login policy refused; the Failure packet was sent. */
    void authRefused(String user, AuthProtocol method, String message);

    /** The guessing limits refused the attempt before the password was looked at; the Failure packet was sent. */
    void authLockedOut(String user, AuthProtocol method, String message);

    /** The peer never answered (or never retried). */
    void authTimedOut(String reason);
}
