package io.pptp2wg.session;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Makes a login durable before the client's IPCP opens (issue 17: a SIGKILL must not lose a login the client saw
 * accepted). Once a session's address is assigned, the gateway hands it here and holds the session's network
 * phase (as for a reconnect probe) until the returned stage completes, or {@link #HOLD_LIMIT_NANOS} passed (a
 * stalled database then delays logins, it does not stop them). Called on a gateway I/O thread: must not block.
 */
public interface LoginRecorder {
    /** The longest a login waits for its record: a stalled database must not keep users out. */
    long HOLD_LIMIT_NANOS = 2_000_000_000L;

    /**
     * The session authenticated and has its address; CCP and IPCP have not run yet ({@code mppe} is empty, {@code
     * started} is now). The {@link SessionEvent.Up} that follows once IPCP opens carries the same id.
     */
    CompletionStage<?> loggedIn(SessionInfo session);

    /** A session handed to {@link #loggedIn} ended before it was up (no {@link SessionEvent.Up} or Down follows). */
    void endedBeforeUp(SessionInfo session, String reason, Instant at);

    /** Records nothing, holds nothing. */
    LoginRecorder NONE = new LoginRecorder() {
        @Override
        public CompletionStage<?> loggedIn(SessionInfo session) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void endedBeforeUp(SessionInfo session, String reason, Instant at) {}
    };
}
