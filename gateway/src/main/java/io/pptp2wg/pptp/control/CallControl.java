package io.pptp2wg.pptp.control;

import io.pptp2wg.pptp.control.ControlMessage.OutgoingCallRequest;
import io.pptp2wg.pptp.control.ControlMessage.StartControlConnectionRequest;

/**
 * What a {@link ControlConnection} asks of the session layer: admitting calls (call IDs, the
 * {@code connections} limit) and being told when calls open and end. Called synchronously from the
 * core's methods, on the connection's thread.
 */
public interface CallControl {
    /** A call on this control connection, as Outgoing-Call-Request and our reply set it up. */
    record Call(int localCallId, int peerCallId, int callSerialNumber, int peerRecvWindow, int peerProcessingDelay) {}

    /** The answer to an Outgoing-Call-Request. */
    sealed interface Admission {
        /** Accepted: our Call ID (unique in the whole gateway: GRE packets are told apart by it). */
        record Admitted(int localCallId) implements Admission {}

        /** Refused with these §2.8 codes; {@code reason} is logged. */
        record Refused(int resultCode, int errorCode, String reason) implements Admission {}
    }

    /** Start-Control-Connection-Request accepted: who the client says it is. */
    void started(StartControlConnectionRequest request);

    Admission admit(OutgoingCallRequest request);

    /** The Outgoing-Call-Reply that accepted the call has been sent: GRE and PPP may start. */
    void opened(Call call);

    /**
     * The call is gone (the client cleared it, the connection stopped or was lost, or we cleared it):
     * stop its PPP and release its Call ID. Called exactly once per opened call.
     */
    void cleared(Call call, String reason);

    /** Set-Link-Info for an open call (§2.15); the ACCMs mean nothing over GRE, but are noted. */
    default void linkInfo(Call call, int sendAccm, int receiveAccm) {}
}
