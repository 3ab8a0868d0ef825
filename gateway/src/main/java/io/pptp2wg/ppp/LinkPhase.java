package io.pptp2wg.ppp;

/** RFC 1661 §3.2 link phases, as the server walks them. */
public enum LinkPhase {
    /** Before {@link PppLink#start} and after the link ended. */
    DEAD,
    /** LCP negotiating. */
    ESTABLISH,
    /** LCP Opened, the peer authenticating. */
    AUTHENTICATE,
    /** Authenticated: CCP and IPCP (and then IP). */
    NETWORK,
    /** Terminate-Request sent or received; waiting for LCP to finish. */
    TERMINATE
}
