package io.pptp2wg.ppp.fsm;

/** The events of RFC 1661 §4.3, with the RFC's abbreviations. */
public enum FsmEvent {
    UP("Up"),
    DOWN("Down"),
    OPEN("Open"),
    CLOSE("Close"),
    /** Timeout with the Restart counter greater than zero. */
    TO_PLUS("TO+"),
    /** Timeout with the Restart counter expired. */
    TO_MINUS("TO-"),
    /** Receive-Configure-Request, acceptable. */
    RCR_PLUS("RCR+"),
    /** Receive-Configure-Request, not acceptable (we answer Nak or Reject). */
    RCR_MINUS("RCR-"),
    RCA("RCA"),
    /** Receive-Configure-Nak or Receive-Configure-Reject. */
    RCN("RCN"),
    RTR("RTR"),
    RTA("RTA"),
    /** Receive-Unknown-Code. */
    RUC("RUC"),
    /** Receive-Code-Reject or Protocol-Reject of something we can do without. */
    RXJ_PLUS("RXJ+"),
    /** Receive-Code-Reject or Protocol-Reject that makes the protocol unusable. */
    RXJ_MINUS("RXJ-"),
    /** Receive-Echo-Request, Echo-Reply or Discard-Request. */
    RXR("RXR");

    private final String rfcName;

    FsmEvent(String rfcName) {
        this.rfcName = rfcName;
    }

    public String rfcName() {
        return rfcName;
    }
}
