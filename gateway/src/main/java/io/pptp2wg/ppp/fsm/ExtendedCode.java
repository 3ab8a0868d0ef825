package io.pptp2wg.ppp.fsm;

/** What a protocol makes of a code beyond Configure/Terminate/Code-Reject (RFC 1661 §4.3 events). */
public enum ExtendedCode {
    /** Echo-Request, Echo-Reply, Discard-Request: the RXR event. */
    RXR,
    /** A Protocol-Reject of something we can live without. */
    RXJ_PLUS,
    /** A Protocol-Reject of this very protocol. */
    RXJ_MINUS,
    /** Understood and dealt with by the protocol itself (CCP Reset-Request, LCP Identification). */
    HANDLED,
    /** Well-formed but meaningless here: counted and dropped. */
    IGNORED,
    /** Not a code this protocol knows: the RUC event (Code-Reject). */
    UNKNOWN
}
