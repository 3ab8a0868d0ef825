package io.pptp2wg.ppp;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.mppe.MppeKeyMaterial;

/**
 * Where the link is: the RFC 1661 §3.2 phases, each carrying what only it needs (whether a login
 * happened, how far the network phase got, what waits while it is held). One value at a time; the
 * link moves between them.
 */
sealed interface LinkState {
    /** The phase as RFC 1661 names it (the held network phase still counts as the one it waits in). */
    default LinkPhase phase() {
        return switch (this) {
            case NotStarted n -> LinkPhase.DEAD;
            case Establish e -> LinkPhase.ESTABLISH;
            case Authenticate a -> LinkPhase.AUTHENTICATE;
            case Held h -> h.before().phase();
            case Network n -> LinkPhase.NETWORK;
            case Terminate t -> LinkPhase.TERMINATE;
            case Ended e -> LinkPhase.DEAD;
        };
    }

    /** Before {@link PppLink#start}. */
    record NotStarted() implements LinkState {}

    /**
     * LCP negotiating.
     *
     * @param afterLogin LCP went down after a login: coming up again is not supported (the link ends)
     */
    record Establish(boolean afterLogin) implements LinkState {}

    /** LCP Opened, the authentication (the role's part) running. */
    record Authenticate() implements LinkState {}

    /**
     * The login is done (or none was needed) but the address allocator answered Pending: the network
     * phase waits for {@link PppLink#resumeNetwork}, and the last CCP and IPCP requests the peer sent
     * meanwhile are kept to be answered then (no wait for the peer's restart timer).
     *
     * @param before   the state to go on from
     * @param login    the login name, "" when none was needed
     * @param method   the login's method, null when none was needed
     * @param material the MPPE start keys, null when none; destroyed unless the phase goes on
     * @param ccp      the peer's last CCP packet while held, or null
     * @param ipcp     the peer's last IPCP packet while held, or null
     */
    record Held(LinkState before, String login, AuthProtocol method, MppeKeyMaterial material, byte[] ccp, byte[] ipcp)
            implements LinkState {
        Held withCcp(byte[] packet) {
            return new Held(before, login, method, material, packet, ipcp);
        }

        Held withIpcp(byte[] packet) {
            return new Held(before, login, method, material, ccp, packet);
        }
    }

    /** How far the network phase got. */
    enum Stage {
        /** CCP negotiating; IPCP waits for MPPE (as pppd with MPPE required: no IP before encryption). */
        AWAITING_MPPE,
        /** IPCP running (and CCP); no IP yet. */
        NEGOTIATING,
        /** IPCP (and MPPE when required) up: IP flows, the idle and maxconnect limits run. */
        OPEN
    }

    /**
     * Authenticated (or no authentication): CCP and IPCP, then IP.
     *
     * @param loggedIn whether a login happened (not "no authentication required")
     */
    record Network(boolean loggedIn, Stage stage) implements LinkState {
        Network at(Stage next) {
            return new Network(loggedIn, next);
        }
    }

    /** Terminate-Request sent; waiting for LCP to finish. */
    record Terminate() implements LinkState {}

    /** The link ended (Closed was reported); nothing more happens. */
    record Ended(String reason) implements LinkState {}

    NotStarted NOT_STARTED = new NotStarted();
    Authenticate AUTHENTICATE = new Authenticate();
    Terminate TERMINATE = new Terminate();

    /** Whether a login happened on the way to this state (LCP coming up again then ends the link). */
    default boolean loggedIn() {
        return switch (this) {
            case Establish e -> e.afterLogin();
            case Held h -> h.method() != null;
            case Network n -> n.loggedIn();
            case NotStarted n -> false;
            case Authenticate a -> false;
            case Terminate t -> false;
            case Ended e -> false;
        };
    }
}
