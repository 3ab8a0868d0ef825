package io.pptp2wg.gateway;

import io.pptp2wg.session.AuthGuard;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.guard.Lockout;
import io.pptp2wg.session.guard.LoginLimiter;
import io.pptp2wg.session.guard.LoginVerdict;

import java.time.Clock;
import java.util.Optional;

/** One call's view of the {@link LoginLimiter}: its client's address and the clock bound in (the edge's part). */
final class GuessingGuard implements AuthGuard {
    /** Where a lock-out that began goes (logged and journalled by the gateway), and each login it refused (logged). */
    interface LockoutSink {
        void lockedOut(String user, ClientFingerprint client, Lockout lockout);

        void refused(String user, ClientFingerprint client, Lockout lockout);
    }

    private final LoginLimiter limiter;
    private final ClientFingerprint client;
    private final String source;
    private final Clock clock;
    private final LockoutSink sink;

    GuessingGuard(LoginLimiter limiter, ClientFingerprint client, Clock clock, LockoutSink sink) {
        this.limiter = limiter;
        this.client = client;
        this.source = client.publicAddress() == null ? "-" : client.publicAddress().getAddress().getHostAddress();
        this.clock = clock;
        this.sink = sink;
    }

    @Override
    public Optional<String> beforePassword(String user) {
        var now = clock.instant();
        if (limiter.check(user, source, now) instanceof LoginVerdict.LockedOut l) {
            sink.refused(user, client, l.lockout());
            return Optional.of(l.lockout().messageToClient(now));
        }
        return Optional.empty();
    }

    @Override
    public void passwordFailed(String user) {
        for (Lockout l : limiter.recordFailure(user, source, clock.instant())) {
            sink.lockedOut(user, client, l);
        }
    }

    @Override
    public void passwordAccepted(String user) {
        limiter.recordSuccess(user, source, clock.instant());
    }
}
