package io.pptp2wg.bridge.relay;

import io.pptp2wg.bridge.ip.Packets;
import io.pptp2wg.bridge.ip.PrefixSet;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static io.pptp2wg.bridge.ip.Packets.hex;
import static io.pptp2wg.bridge.ip.Packets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-user mode, a user the backend may not know yet ({@link Ride}), on a fake clock: time is a number here. The clock
 * starts below zero, as System.nanoTime may.
 */
class RideTest {
    private static final long T0 = -TimeUnit.DAYS.toNanos(3);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final int ALICE = ip("198.51.100.100");
    private static final int SERVER = ip("203.0.113.5");

    /** The state after {@code steps} packets {@code every} nanos apart from {@code at}, the backend answering as {@code answered}. */
    private static Ride.State run(Ride.State s, long at, long every, int steps, boolean answered) {
        for (int i = 0; i < steps; i++) {
            s = Ride.next(s, answered, at + i * every);
        }
        return s;
    }

    @Test
    void aNewUsersSessionWaitsOnItsOwnIdentityForTheGraceThenRidesTheGateways() {
        Ride.State s = Ride.first(false, T0);
        assertEquals(new Ride.State.Awaiting(T0), s);
        assertEquals(Carrier.AWAITING_ANSWER, Ride.carrier(s, true));
        assertFalse(Ride.carrier(s, true).sendsOnGateway(), "packets wait on the user's identity, as on any fresh handshake");
        s = Ride.next(s, false, T0 + Ride.FIRST_ANSWER_GRACE - 1);
        assertEquals(Carrier.AWAITING_ANSWER, Ride.carrier(s, true), "1 ns before the bound");
        s = Ride.next(s, false, T0 + Ride.FIRST_ANSWER_GRACE);
        assertEquals(new Ride.State.Riding(T0, T0 + Ride.FIRST_ANSWER_GRACE), s);
        assertEquals(Carrier.RIDING, Ride.carrier(s, true));
        assertTrue(Ride.carrier(s, true).sendsOnGateway());
        assertEquals(S, Ride.FIRST_ANSWER_GRACE, "the 1 s the log line promises");
    }

    @Test
    void aRidingSessionMovesOntoItsOwnIdentityOnceTheBackendAnswersTheUsersHandshake() {
        Ride.State s = run(Ride.first(false, T0), T0, 100 * MS, 31, false); // 3 s unanswered
        assertInstanceOf(Ride.State.Riding.class, s);
        long answer = T0 + 3 * S + 40 * MS;
        s = Ride.next(s, true, answer);
        assertEquals(new Ride.State.Leaving(answer), s);
        assertEquals(Carrier.LEAVING_GATEWAY, Ride.carrier(s, true));
        assertFalse(Ride.carrier(s, true).sendsOnGateway(), "its packets go on the user's identity from the answer on");
        s = Ride.next(s, true, answer + Ride.DRAIN - 1);
        assertEquals(Carrier.LEAVING_GATEWAY, Ride.carrier(s, true));
        s = Ride.next(s, true, answer + Ride.DRAIN);
        assertSame(Ride.ANSWERED, s);
        assertEquals(Carrier.OWN, Ride.carrier(s, true));
    }

    @Test
    void aSessionWhoseIdentityIsNeverAnsweredStaysOnTheGatewaysAndOffersItsOwnEveryRekeyTimeout() {
        Ride.State s = Ride.first(false, T0);
        int offers = 0;
        long hour = TimeUnit.HOURS.toNanos(1);
        for (long t = T0; t <= T0 + hour; t += 250 * MS) {
            s = Ride.next(s, false, t);
            Ride.State offered = Ride.offer(s, t);
            if (offered != s) {
                offers++;
                s = offered;
            }
            if (t >= T0 + Ride.FIRST_ANSWER_GRACE) {
                assertEquals(Carrier.RIDING, Ride.carrier(s, true), "at " + (t - T0) / MS + " ms");
            }
        }
        // riding from 1 s; first offer REKEY_TIMEOUT later (the first handshake went out at the login), then every 5 s
        assertEquals((hour - Ride.FIRST_ANSWER_GRACE) / Ride.OFFER_INTERVAL, offers);
        assertEquals(TimeUnit.SECONDS.toNanos(5), Ride.OFFER_INTERVAL);
    }

    @Test
    void anOfferIsDueOnlyWhileRiding() {
        assertSame(Ride.ANSWERED, Ride.offer(Ride.ANSWERED, T0));
        Ride.State w = Ride.first(false, T0);
        assertSame(w, Ride.offer(w, T0 + TimeUnit.MINUTES.toNanos(1)));
        Ride.State l = new Ride.State.Leaving(T0);
        assertSame(l, Ride.offer(l, T0 + TimeUnit.MINUTES.toNanos(1)));
        Ride.State r = new Ride.State.Riding(T0, T0);
        assertSame(r, Ride.offer(r, T0 + Ride.OFFER_INTERVAL - 1));
        assertEquals(new Ride.State.Riding(T0, T0 + Ride.OFFER_INTERVAL), Ride.offer(r, T0 + Ride.OFFER_INTERVAL));
    }

    @Test
    void anIdentityAnsweredWithinTheGraceNeverRides() {
        Ride.State s = Ride.first(false, T0);
        s = Ride.next(s, false, T0 + 30 * MS);
        s = Ride.next(s, true, T0 + 60 * MS); // the backend holds the [Peer]: answered within a round trip
        assertSame(Ride.ANSWERED, s, "nothing to drain: it never rode");
        assertEquals(Carrier.OWN, Ride.carrier(s, true));
        // answered late but before any packet asked: still never rode
        Ride.State late = Ride.next(Ride.first(false, T0), true, T0 + 10 * S);
        assertSame(Ride.ANSWERED, late);
    }

    @Test
    void aUserWhoseIdentityTheBackendAlreadyKnowsNeverRides() {
        Ride.State s = Ride.first(true, T0);
        assertSame(Ride.ANSWERED, s);
        for (long t = T0; t < T0 + TimeUnit.MINUTES.toNanos(10); t += 100 * MS) {
            s = Ride.next(s, false, t); // even before its own handshake of this run completes
            assertEquals(Carrier.OWN, Ride.carrier(s, true));
            assertSame(s, Ride.offer(s, t));
        }
    }

    @Test
    void anAddressOutsideTheGatewaysPoolNeverRides() {
        // e.g. a RADIUS Framed-IP-Address the gateway's backend peer does not route: the user's identity is the only way
        Ride.State s = run(Ride.first(false, T0), T0, 100 * MS, 50, false);
        assertInstanceOf(Ride.State.Riding.class, s);
        assertEquals(Carrier.AWAITING_ANSWER, Ride.carrier(s, false));
        assertFalse(Ride.carrier(s, false).sendsOnGateway());
        assertEquals(Carrier.OWN, Ride.carrier(Ride.next(s, true, T0 + 6 * S), false));
    }

    @Test
    void whichIdentitiesEachCarrierTakesTheBackendsPacketsFrom() {
        // null = the gateway's identity
        assertTrue(Carrier.GATEWAY.takesFrom(null, "alice"));
        assertFalse(Carrier.GATEWAY.takesFrom("alice", "alice"));
        for (Carrier own : new Carrier[] {Carrier.OWN, Carrier.AWAITING_ANSWER}) {
            assertTrue(own.takesFrom("alice", "alice"), own.name());
            assertFalse(own.takesFrom(null, "alice"), own.name());
            assertFalse(own.takesFrom("bob", "alice"), own.name());
        }
        for (Carrier both : new Carrier[] {Carrier.RIDING, Carrier.LEAVING_GATEWAY}) {
            assertTrue(both.takesFrom("alice", "alice"), both.name());
            assertTrue(both.takesFrom(null, "alice"), both.name());
            assertFalse(both.takesFrom("bob", "alice"), both.name() + ": never another user's");
        }
    }

    /**
     * Through the real {@link RelayCore}: the backend's packets for alice's address, alternately on the gateway's and
     * alice's identity every 10 ms from 2 s before her answer until after the drain: every one arrives while the two
     * may both carry (no loss window at the switch); after the drain, the gateway's are refused again.
     */
    @Test
    void theBackendsPacketsArriveByEitherIdentityDuringTheSwitch() {
        RelayCore core = new RelayCore(PrefixSet.of(new int[] {ip("203.0.113.0")}, new int[] {24}), 1420, 1400);
        Ride.State s = run(Ride.first(false, T0), T0, 100 * MS, 20, false);
        long answer = T0 + 3 * S;
        int sent = 0;
        int arrived = 0;
        for (long t = answer - 2 * S; t < answer + Ride.DRAIN; t += 10 * MS) {
            s = Ride.next(s, t >= answer, t);
            String on = sent % 2 == 0 ? null : "alice";
            sent++;
            if (core.fromBackend(syn(SERVER, ALICE), on, "alice", Ride.carrier(s, true)) == null) {
                arrived++;
            }
        }
        assertEquals(sent, arrived);
        s = Ride.next(s, true, answer + Ride.DRAIN);
        assertEquals(RelayDrop.WRONG_IDENTITY, core.fromBackend(syn(SERVER, ALICE), null, "alice", Ride.carrier(s, true)),
                "drained: alice's address on the gateway's identity is misrouted again");
        assertNull(core.fromBackend(syn(SERVER, ALICE), "alice", "alice", Ride.carrier(s, true)));
        assertEquals(RelayDrop.WRONG_IDENTITY, core.fromBackend(syn(SERVER, ALICE), "bob", "alice", Carrier.RIDING));
    }

    private static ByteBuffer syn(int src, int dst) {
        return Packets.tcpSyn(src, dst, hex("020405b4"), true);
    }
}
