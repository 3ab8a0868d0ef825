package io.pptp2wg.pptp.client;

/**
 * One call we placed on a control connection (RFC 2637 §2.7-2.8): our Call ID (which the server puts
 * in the GRE key of what it sends us), and once connected the server's Call ID (which goes in ours),
 * its receive window and processing delay. Changed only on the connection's thread.
 */
public final class ClientCall {
    /** Where the call is. */
    public enum State {
        /** Outgoing-Call-Request sent (or waiting for the connection to start). */
        DIALING,
        /** Outgoing-Call-Reply said Connected: GRE and PPP may run. */
        CONNECTED,
        /** We sent Call-Clear-Request; waiting for Call-Disconnect-Notify. */
        CLEARING,
        /** Gone: cleared, refused, or lost with its connection. */
        ENDED
    }

    private final int callId;
    private final int serialNumber;
    private State state = State.DIALING;
    private int serverCallId = -1;
    private int serverRecvWindow;
    private int serverProcessingDelay;
    long deadline = Long.MAX_VALUE;
    boolean requestSent;

    ClientCall(int callId, int serialNumber) {
        this.callId = callId;
        this.serialNumber = serialNumber;
    }

    /** Our Call ID. */
    public int callId() {
        return callId;
    }

    public int serialNumber() {
        return serialNumber;
    }

    public State state() {
        return state;
    }

    /** The server's Call ID (for the GRE key of our packets), -1 before the call connected. */
    public int serverCallId() {
        return serverCallId;
    }

    /** The server's Packet Recv Window Size (§2.8), at least 1. */
    public int serverRecvWindow() {
        return serverRecvWindow;
    }

    public int serverProcessingDelay() {
        return serverProcessingDelay;
    }

    void connected(int serverCallId, int recvWindow, int processingDelay) {
        this.state = State.CONNECTED;
        this.serverCallId = serverCallId;
        this.serverRecvWindow = Math.max(1, recvWindow); // §2.8: a window of 0 would forbid sending at all
        this.serverProcessingDelay = processingDelay;
        this.deadline = Long.MAX_VALUE;
    }

    void state(State s) {
        this.state = s;
    }

    @Override
    public String toString() {
        return "call " + callId + "/" + serverCallId + " " + state;
    }
}
