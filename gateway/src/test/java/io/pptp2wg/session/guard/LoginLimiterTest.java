package io.pptp2wg.session.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guessing limits on a fake clock: every instant is written out, nothing sleeps. */
class LoginLimiterTest {
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
    private static final String A = "198.51.100.7";
    private static final String B = "203.0.113.9";
    private static final GuessingLimits LIMITS = new GuessingLimits(true, 3, 5, Duration.ofMinutes(10),
            Duration.ofSeconds(30), Duration.ofMinutes(2), 1000);

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static List<Lockout> fail(LoginLimiter l, String user, String source, int times, long atSecond) {
        List<Lockout> last = List.of();
        for (int i = 0; i < times; i++) {
            last = l.recordFailure(user, source, at(atSecond));
        }
        return last;
    }

    @Test
    void defaultsLeaveThreeMistypesAlone() {
        LoginLimiter l = new LoginLimiter(GuessingLimits.DEFAULTS);
        assertTrue(fail(l, "alice", A, 3, 0).isEmpty());
        assertEquals(LoginVerdict.ALLOWED, l.check("alice", A, at(1)));
        l.recordSuccess("alice", A, at(1));
        assertEquals(new LoginLimiter.Stats(0, 0, 0, 0, 0), l.stats());
    }

    @Test
    void aSourceIsLockedAfterItsLimitAndFreedWhenTheBackoffEnds() {
        LoginLimiter l = new LoginLimiter(LIMITS);
        assertTrue(fail(l, "alice", A, 2, 0).isEmpty());
        List<Lockout> begun = l.recordFailure("bob", A, at(5));
        assertEquals(1, begun.size());
        Lockout x = begun.getFirst();
        assertEquals(Lockout.Scope.SOURCE, x.scope());
        assertEquals(A, x.key());
        assertEquals(at(35), x.until());
        assertEquals(List.of("alice", "bob"), List.copyOf(x.users()));
        assertEquals(1, x.strike());
        // every user from A is refused, also one that never failed; from B alice may try
        assertInstanceOf(LoginVerdict.LockedOut.class, l.check("carol", A, at(6)));
        assertEquals(LoginVerdict.ALLOWED, l.check("alice", B, at(6)));
        assertInstanceOf(LoginVerdict.LockedOut.class, l.check("alice", A, at(34)));
        assertEquals(LoginVerdict.ALLOWED, l.check("alice", A, at(35)));
        assertEquals(new LoginLimiter.Stats(1, 0, 2, 0, 0), l.stats());
    }

    @Test
    void theBackoffDoublesUpToItsCapAndResetsAfterAQuietCap() {
        LoginLimiter l = new LoginLimiter(LIMITS);
        long t = 0;
        long[] expected = {30, 60, 120, 120};
        for (long e : expected) {
            Lockout x = fail(l, "u" + t, A, 3, t).getFirst();
            assertEquals(Duration.ofSeconds(e), Duration.between(x.since(), x.until()));
            t += e; // the next run of failures right when the lock-out ends
        }
        // quiet for the cap (2 min) after the last lock-out ended: back to the first back-off
        t += 120;
        Lockout x = fail(l, "again", A, 3, t).getFirst();
        assertEquals(1, x.strike());
        assertEquals(Duration.ofSeconds(30), Duration.between(x.since(), x.until()));
    }

    @Test
    void refusedAttemptsDoNotCountOrLengthenTheLockout() {
        LoginLimiter l = new LoginLimiter(LIMITS);
        Lockout x = fail(l, "alice", A, 3, 0).getFirst();
        for (int i = 0; i < 50; i++) {
            assertEquals(new LoginVerdict.LockedOut(x), l.check("alice", A, at(10)));
        }
        assertEquals(LoginVerdict.ALLOWED, l.check("alice", A, at(30)));
        assertEquals(50, l.stats().sourceRefusals());
    }

    @Test
    void aUserLockedAtOneAddressLogsInFromAnotherUntilTheUserLimitTrips() {
        LoginLimiter l = new LoginLimiter(LIMITS);
        fail(l, "alice", A, 3, 0);                               // A locked (3), alice at 3 of 5
        assertInstanceOf(LoginVerdict.LockedOut.class, l.check("alice", A, at(1)));
        assertEquals(LoginVerdict.ALLOWED, l.check("alice", B, at(1)));
        assertTrue(l.recordFailure("alice", B, at(2)).isEmpty()); // 4 of 5
        List<Lockout> begun = l.recordFailure("alice", B, at(3));  // 5: the user everywhere
        assertEquals(List.of(Lockout.Scope.USER), begun.stream().map(Lockout::scope).toList());
        assertInstanceOf(LoginVerdict.LockedOut.class, l.check("alice", "192.0.2.50", at(4)));
        assertEquals(LoginVerdict.ALLOWED, l.check("bob", B, at(4)));   // B itself has 2 of 3
        assertEquals(java.util.Set.of(Lockout.Scope.USER, Lockout.Scope.SOURCE),
                java.util.Set.copyOf(l.lockoutsOf("alice", at(4)).stream().map(Lockout::scope).toList()));
    }

    @Test
    void failuresOutsideTheWindowAreForgotten() {
        LoginLimiter l = new LoginLimiter(LIMITS);
        fail(l, "alice", A, 2, 0);
        assertEquals(1, l.recordFailure("alice", A, at(599)).size()); // third within 10 min
        LoginLimiter m = new LoginLimiter(LIMITS);
        fail(m, "alice", A, 2, 0);
        assertTrue(m.recordFailure("alice", A, at(600)).isEmpty());  // the window began again
        assertTrue(m.recordFailure("alice", A, at(601)).isEmpty());
        assertEquals(1, m.recordFailure("alice", A, at(602)).size());
    }

    @Test
    void aSuccessForgetsTheUsersFailuresButNotTheAddresss() {
        LoginLimiter l = new LoginLimiter(LIMITS);
        fail(l, "alice", B, 2, 0);
        fail(l, "alice", "192.0.2.60", 2, 0);
        l.recordSuccess("alice", A, at(1));
        assertTrue(fail(l, "alice", A, 2, 2).isEmpty());            // user count started again: 2 of 5
        assertEquals(List.of(Lockout.Scope.SOURCE),                // B: 3 of 3, alice only 3 of 5
                l.recordFailure("alice", B, at(3)).stream().map(Lockout::scope).toList());
    }

    @Test
    void unlockClearsTheUserAndTheAddressesItFailedFrom() {
        LoginLimiter l = new LoginLimiter(LIMITS);
        fail(l, "alice", A, 3, 0);
        fail(l, "alice", B, 2, 0);
        assertEquals(2, l.lockoutsOf("alice", at(1)).size());
        fail(l, "mallory", "192.0.2.99", 3, 0);
        assertEquals(2, l.unlock("alice", at(1)).size());
        assertEquals(LoginVerdict.ALLOWED, l.check("alice", A, at(1)));
        assertTrue(l.lockoutsOf("alice", at(1)).isEmpty());
        assertInstanceOf(LoginVerdict.LockedOut.class, l.check("mallory", "192.0.2.99", at(1)));
        // and the back-off starts again at the first
        assertEquals(1, fail(l, "alice", A, 3, 2).getFirst().strike());
    }

    @Test
    void offChangesNothing() {
        LoginLimiter l = new LoginLimiter(GuessingLimits.OFF);
        assertTrue(fail(l, "alice", A, 1000, 0).isEmpty());
        assertEquals(LoginVerdict.ALLOWED, l.check("alice", A, at(0)));
    }

    @Test
    void memoryIsBoundedByForgettingTheLeastRecentlySeen() {
        LoginLimiter l = new LoginLimiter(new GuessingLimits(true, 3, 5, Duration.ofMinutes(10),
                Duration.ofSeconds(30), Duration.ofMinutes(2), 10));
        fail(l, "alice", A, 3, 0);
        for (int i = 0; i < 100; i++) {
            l.recordFailure("spray" + i, "192.0.2." + (i + 100), at(1));
        }
        assertEquals(2 * 100 - 20 + 2, l.stats().forgotten()); // 10 of each kept; A and alice went too
        assertEquals(LoginVerdict.ALLOWED, l.check("alice", A, at(2)));
    }

    @Test
    void theMessageSaysHowLongToWait() {
        LoginLimiter l = new LoginLimiter(LIMITS);
        Lockout x = fail(l, "alice", A, 3, 0).getFirst();
        assertEquals("Too many failed logins from this address: wait 20 s and try again", x.messageToClient(at(10)));
        assertTrue(x.reason().startsWith("3 failed logins from 198.51.100.7: refused until 2026-12-07T00:00:30Z"), x.reason());
    }
}
