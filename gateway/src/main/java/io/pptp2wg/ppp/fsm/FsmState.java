package io.pptp2wg.ppp.fsm;

/** The ten states of the RFC 1661 §4.2 option-negotiation automaton, in the RFC's order (0..9). */
public enum FsmState {
    INITIAL("Initial"),
    STARTING("Starting"),
    CLOSED("Closed"),
    STOPPED("Stopped"),
    CLOSING("Closing"),
    STOPPING("Stopping"),
    REQ_SENT("Req-Sent"),
    ACK_RCVD("Ack-Rcvd"),
    ACK_SENT("Ack-Sent"),
    OPENED("Opened");

    private final String rfcName;

    FsmState(String rfcName) {
        this.rfcName = rfcName;
    }

    public String rfcName() {
        return rfcName;
    }

    /** RFC 1661 §4.6: the Restart timer runs only while a Configure- or Terminate-Request awaits an answer. */
    public boolean restartTimerRuns() {
        return this == CLOSING || this == STOPPING || this == REQ_SENT || this == ACK_RCVD || this == ACK_SENT;
    }

    /** States in which a Configure-Request negotiation is under way (pppd's resetci happens outside them). */
    public boolean negotiating() {
        return this == REQ_SENT || this == ACK_RCVD || this == ACK_SENT;
    }
}
