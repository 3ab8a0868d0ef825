package io.pptp2wg.ppp;

import io.pptp2wg.config.ppp.AuthProtocol;

/** Changes of a PPP link that the PPTP session acts on. Never carries a secret. */
public sealed interface PppLinkEvent {
    /** The peer authenticated (password right and the login policy allowed it). */
    record Authenticated(String user, AuthProtocol method) implements PppLinkEvent {}

    /** Authentication failed; the failure packet was sent. {@code user} is what the peer claimed. */
    record AuthFailed(String user, AuthProtocol method, String reason) implements PppLinkEvent {}

    /** The password was right but the login policy refused (sunset, migrated); the failure packet was sent. */
    record Refused(String user, String reason) implements PppLinkEvent {}

    /**
     * The network phase is open: IPCP (and CCP when MPPE is required) reached Opened; IP may flow.
     *
     * @param mppe      as pppd logs it: "128-bit stateless", "40-bit stateful", "none"
     * @param peerMru   the most the peer accepts in one frame (its LCP MRU)
     */
    record Opened(String user, AuthProtocol auth, String mppe, int localAddress, int peerAddress, int peerMru)
            implements PppLinkEvent {}

    /** The link is finished (LCP closed, peer gone, negotiation failed): the call should be cleared. */
    record Closed(String reason) implements PppLinkEvent {}
}
