package io.pptp2wg.session;

import io.pptp2wg.config.ppp.AuthProtocol;

import java.time.Instant;
import java.util.Optional;

/** What the gateway tells the bridge and the admin API about sessions; never contains a secret. */
public sealed interface SessionEvent {
    Instant at();

    /** A session is up and carries IP. */
    record Up(SessionInfo session, Instant at) implements SessionEvent {}

    /** A session that was up ended. */
    record Down(SessionInfo session, SessionCounters counters, String reason, Instant at) implements SessionEvent {}

    /** Authentication failed (wrong password, unknown user). */
    record AuthFailure(String user, ClientFingerprint client, AuthProtocol auth, String reason, Instant at)
            implements SessionEvent {}

    /**
     * A login (or a connection before it) was refused for a reason other than a wrong password: the
     * {@code connections} limit, a sunset date, a migrated user, MPPE not agreed. {@code user} is empty
     * when the refusal came before authentication.
     */
    record Refused(Optional<String> user, ClientFingerprint client, String reason, Instant at) implements SessionEvent {}

    /**
     * The guessing limits began a lock-out with this failure of {@code user} from {@code client} (of the address, or
     * of the user at every address). The attempts refused during it are counted, not published.
     */
    record LockedOut(String user, ClientFingerprint client, io.pptp2wg.session.guard.Lockout lockout, Instant at)
            implements SessionEvent {}
}
