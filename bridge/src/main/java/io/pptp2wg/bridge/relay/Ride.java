package io.pptp2wg.bridge.relay;

import io.pptp2wg.wireguard.Whitepaper;

import java.util.concurrent.TimeUnit;

/**
 * Per-user mode: whether a user's sessions ride the gateway's identity, with no I/O (time comes in as nanos from the
 * relay's monotonic clock). A user seen for the first time (e.g. at a RADIUS login, or imported by POST /api/users)
 * may have no [Peer] on the backend yet; the backend then never answers the user's handshake. The gateway's own
 * backend peer holds the pool as AllowedIPs, so a session on an address of the pool can go through it meanwhile.
 * <p>
 * The user's identity is tried first, for {@link #FIRST_ANSWER_GRACE}: a backend that holds the user's [Peer] drops a
 * packet from the user's address that comes through the gateway's peer (its source belongs to the other peer's
 * AllowedIPs), so riding at once would lose the first packets of every user the backend knows but has not answered in
 * this gateway's memory. After the grace the sessions ride, the user's handshake is offered again every
 * {@link #OFFER_INTERVAL}, and at its first answer they move back, the gateway's identity still taken for
 * {@link #DRAIN}.
 */
public final class Ride {
    /** How long a first handshake may go unanswered before riding: a backend holding the peer answers within a round trip. */
    public static final long FIRST_ANSWER_GRACE = TimeUnit.SECONDS.toNanos(1);
    /**
     * How often a riding user's own handshake is offered again: WireGuard's REKEY_TIMEOUT (whitepaper §6.1); the
     * tunnel itself gives up after REKEY_ATTEMPT_TIME, and the administrator may add the [Peer] at any time.
     */
    public static final long OFFER_INTERVAL = Whitepaper.REKEY_TIMEOUT;
    /**
     * How long after moving back the backend's packets for the user are still taken from the gateway's identity: those
     * it routed through the gateway's peer before it knew the user's, in flight or reordered (a round trip is far less).
     */
    public static final long DRAIN = Whitepaper.REKEY_TIMEOUT;

    /** Where a user's own identity stands with the backend. */
    public sealed interface State {
        /** The backend has answered the user's identity (in this run, or before: the identity store says so). */
        record Answered() implements State {}

        /** The first handshake went out at {@code sinceNanos} (the user's first session up) and is not answered yet. */
        record Awaiting(long sinceNanos) implements State {}

        /** Not answered within the grace: riding since {@code sinceNanos}, the own handshake last offered at {@code lastOfferNanos}. */
        record Riding(long sinceNanos, long lastOfferNanos) implements State {}

        /** Answered after riding: moved back onto the user's identity at {@code movedNanos}, the gateway's draining. */
        record Leaving(long movedNanos) implements State {}
    }

    public static final State ANSWERED = new State.Answered();

    private Ride() {
    }

    /** A user's first session comes up at {@code nowNanos}; {@code answeredBefore}: the identity store's record. */
    public static State first(boolean answeredBefore, long nowNanos) {
        return answeredBefore ? ANSWERED : new State.Awaiting(nowNanos);
    }

    /** The state at {@code nowNanos}; {@code answeredNow}: the user's identity has completed a handshake with the backend. */
    public static State next(State s, boolean answeredNow, long nowNanos) {
        return switch (s) {
            case State.Answered a -> a;
            case State.Awaiting w when answeredNow -> ANSWERED; // never rode: nothing to drain
            case State.Awaiting w -> nowNanos - w.sinceNanos() >= FIRST_ANSWER_GRACE ? new State.Riding(w.sinceNanos(), nowNanos) : w;
            case State.Riding r -> answeredNow ? new State.Leaving(nowNanos) : r;
            case State.Leaving l -> nowNanos - l.movedNanos() >= DRAIN ? ANSWERED : l;
        };
    }

    /**
     * The carrier of a session on the user's own address in state {@code s}; {@code mayRide}: the gateway's backend
     * peer routes the address (it is in the pool). Without it the user's identity is the only way.
     */
    public static Carrier carrier(State s, boolean mayRide) {
        return switch (s) {
            case State.Answered a -> Carrier.OWN;
            case State.Awaiting w -> Carrier.AWAITING_ANSWER;
            case State.Riding r -> mayRide ? Carrier.RIDING : Carrier.AWAITING_ANSWER;
            case State.Leaving l -> mayRide ? Carrier.LEAVING_GATEWAY : Carrier.OWN;
        };
    }

    /** The state after offering the user's handshake again if one is due at {@code nowNanos} (the same state if none is). */
    public static State offer(State s, long nowNanos) {
        return s instanceof State.Riding r && nowNanos - r.lastOfferNanos() >= OFFER_INTERVAL
                ? new State.Riding(r.sinceNanos(), nowNanos) : s;
    }
}
