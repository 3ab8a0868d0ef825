package io.pptp2wg.session.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Online-guessing limits, for every way a password is checked (MS-CHAPv2, MS-CHAPv1, CHAP-MD5, PAP, RADIUS):
 * {@link #check} before the password is looked at, then {@link #recordFailure} or {@link #recordSuccess}.
 * Failures are counted per source address and per user name; {@code sourceFailures} of them within the window lock
 * the address, {@code userFailures} lock the user at every address. A lock-out lasts {@code initialBackoff}, twice
 * that the next time the same key trips, up to {@code maxBackoff}. Attempts refused during a lock-out are not
 * failures (no password was checked) and do not lengthen it.
 *
 * <p>No I/O and no clock: the time comes in with every call. Thread-safe (one lock; called once per login, not per
 * packet). Memory is bounded: at most {@code maxTracked} addresses and as many users, the least recently seen
 * forgotten first (counted in {@link Stats#forgotten}).
 */
public final class LoginLimiter {
    /** Source user names kept per address: enough to unlock an address from the user's page. */
    static final int USERS_PER_SOURCE = 8;

    private final GuessingLimits limits;
    private final Map<String, Tally> sources;
    private final Map<String, Tally> users;
    private final long[] lockouts = new long[Lockout.Scope.values().length];
    private final long[] refusals = new long[Lockout.Scope.values().length];
    private long forgotten;

    /** Counters since start: lock-outs begun and attempts refused, by scope; entries forgotten for room. */
    public record Stats(long sourceLockouts, long userLockouts, long sourceRefusals, long userRefusals, long forgotten) {}

    public LoginLimiter(GuessingLimits limits) {
        this.limits = limits;
        this.sources = bounded(limits.maxTracked());
        this.users = bounded(limits.maxTracked());
    }

    public GuessingLimits limits() {
        return limits;
    }

    /** May {@code user} try a password from {@code source} now? A source's lock-out is reported before a user's. */
    public synchronized LoginVerdict check(String user, String source, Instant now) {
        if (!limits.enabled()) {
            return LoginVerdict.ALLOWED;
        }
        Optional<Lockout> l = active(sources.get(source), now);
        if (l.isEmpty()) {
            l = active(users.get(user), now);
        }
        if (l.isPresent()) {
            refusals[l.get().scope().ordinal()]++;
            return new LoginVerdict.LockedOut(l.get());
        }
        return LoginVerdict.ALLOWED;
    }

    /** A wrong password (or an unknown user): the lock-outs this failure began (none, the source's, the user's, both). */
    public synchronized List<Lockout> recordFailure(String user, String source, Instant now) {
        if (!limits.enabled()) {
            return List.of();
        }
        List<Lockout> begun = new ArrayList<>(2);
        Tally s = sources.computeIfAbsent(source, k -> new Tally(Lockout.Scope.SOURCE, k));
        s.note(user);
        s.fail(now, limits.sourceFailures()).ifPresent(begun::add);
        Tally u = users.computeIfAbsent(user, k -> new Tally(Lockout.Scope.USER, k));
        u.note(user);
        u.fail(now, limits.userFailures()).ifPresent(begun::add);
        for (Lockout l : begun) {
            lockouts[l.scope().ordinal()]++;
        }
        return begun;
    }

    /** The password was right: the user's failures and back-off are forgotten (the address's are not). */
    public synchronized void recordSuccess(String user, String source, Instant now) {
        Tally u = users.get(user);
        if (u != null && active(u, now).isEmpty()) {
            users.remove(user);
        }
    }

    /** The lock-outs now in force that concern {@code user}: its own and those of addresses it failed from. */
    public synchronized List<Lockout> lockoutsOf(String user, Instant now) {
        List<Lockout> out = new ArrayList<>();
        active(users.get(user), now).ifPresent(out::add);
        for (Tally t : sources.values()) {
            if (t.users.contains(user)) {
                active(t, now).ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * Clears the user's lock-out, failures and back-off, and the lock-outs of the addresses it failed from (the
     * administrator's answer to "I am locked out"): what was in force before.
     */
    public synchronized List<Lockout> unlock(String user, Instant now) {
        List<Lockout> cleared = lockoutsOf(user, now);
        users.remove(user);
        sources.values().removeIf(t -> t.users.contains(user));
        return cleared;
    }

    public synchronized Stats stats() {
        return new Stats(lockouts[0], lockouts[1], refusals[0], refusals[1], forgotten);
    }

    private Optional<Lockout> active(Tally t, Instant now) {
        return t == null || t.lockout == null || !now.isBefore(t.lockout.until()) ? Optional.empty() : Optional.of(t.lockout);
    }

    private <V> Map<String, V> bounded(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                if (size() > max) {
                    forgotten++;
                    return true;
                }
                return false;
            }
        };
    }

    /** One key's failures in the current window, its back-off and its lock-out. */
    private final class Tally {
        final Lockout.Scope scope;
        final String key;
        final Set<String> users = new LinkedHashSet<>();
        Instant windowStart;
        int failures;
        int strikes;
        Instant quietSince;
        Lockout lockout;

        Tally(Lockout.Scope scope, String key) {
            this.scope = scope;
            this.key = key;
        }

        void note(String user) {
            if (users.size() < USERS_PER_SOURCE || users.contains(user)) {
                users.add(user);
            }
        }

        Optional<Lockout> fail(Instant now, int limit) {
            if (lockout != null && now.isBefore(lockout.until())) {
                return Optional.empty(); // checked in parallel before the lock-out began: it stands as it is
            }
            if (quietSince != null && !now.isBefore(quietSince.plus(limits.maxBackoff()))) {
                strikes = 0; // quiet for the longest back-off: start again at the first
            }
            if (windowStart == null || !now.isBefore(windowStart.plus(limits.window()))) {
                windowStart = now;
                failures = 0;
            }
            failures++;
            quietSince = now;
            if (failures < limit) {
                return Optional.empty();
            }
            strikes++;
            Instant until = now.plus(backoff(strikes));
            lockout = new Lockout(scope, key, now, until, failures, strikes, Collections.unmodifiableSet(new LinkedHashSet<>(users)));
            quietSince = until;
            windowStart = null;
            failures = 0;
            return Optional.of(lockout);
        }
    }

    /** {@code initialBackoff * 2^(strike-1)}, at most {@code maxBackoff}. */
    Duration backoff(int strike) {
        Duration d = limits.initialBackoff();
        for (int i = 1; i < strike && d.compareTo(limits.maxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(limits.maxBackoff()) > 0 ? limits.maxBackoff() : d;
    }
}
