package io.pptp2wg.ppp.fsm;

import java.nio.ByteBuffer;

/**
 * What one control protocol (LCP, IPCP, CCP) tells the shared {@link Fsm}, like pppd's
 * {@code struct fsm_callbacks}. Buffers are positioned at the Data field and limited to its end;
 * implementations may read them freely but must not keep them.
 */
public interface FsmCallbacks {
    /** A new negotiation starts: forget what was agreed or refused before (pppd's resetci). */
    void resetRequest();

    /** Our Configure-Request options, written at the buffer's position. */
    void writeRequest(ByteBuffer out);

    /** The peer acknowledged our last request; false if the Ack is not an exact copy of it. */
    boolean ackReceived(ByteBuffer options);

    /**
     * The peer sent a Nak with suggested values; false if it is malformed. With {@code treatAsReject}
     * (Max-Failure Naks in a row) every Nak'd option is to be dropped as if rejected.
     */
    boolean nakReceived(ByteBuffer options, boolean treatAsReject);

    /** The peer rejected some of our options; false if the Reject names options we did not send. */
    boolean rejectReceived(ByteBuffer options);

    /**
     * Judges the peer's Configure-Request, writing the Nak or Reject options into {@code response}
     * (nothing for an Ack). With {@code rejectIfDisagree} (Max-Failure reached) no Nak may be returned.
     */
    ConfigVerdict checkRequest(ByteBuffer options, boolean rejectIfDisagree, ByteBuffer response);

    /** We acknowledged this request of the peer's: its options are now in force. */
    void requestAcked(ByteBuffer options);

    /** This-Layer-Up. */
    void thisLayerUp();

    /** This-Layer-Down. */
    void thisLayerDown();

    /** This-Layer-Started. */
    void thisLayerStarted();

    /** This-Layer-Finished. */
    void thisLayerFinished();

    /** The peer's Terminate-Request, with its reason text (for the log). */
    default void terminateRequested(ByteBuffer reason) {}

    /** Classifies a code above 7 (or any code the FSM itself does not handle). */
    ExtendedCode classify(int code, int id, ByteBuffer data);

    /** The RXR event in Opened: answer an Echo-Request, note an Echo-Reply. */
    default void serve(int code, int id, ByteBuffer data) {}

    /** RFC 1661 §5.6: a Code-Reject of a code we cannot do without is RXJ-. */
    default boolean codeRejectIsCatastrophic(int rejectedCode) {
        return rejectedCode >= ControlCode.CONFIGURE_REQUEST && rejectedCode <= ControlCode.CODE_REJECT;
    }
}
