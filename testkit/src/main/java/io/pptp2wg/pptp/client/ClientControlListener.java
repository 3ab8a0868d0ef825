package io.pptp2wg.pptp.client;

import io.pptp2wg.pptp.control.ControlMessage.StartControlConnectionReply;

/**
 * What a {@link ClientControlConnection} tells the client that owns it. Called synchronously from the
 * core's methods, on the connection's thread.
 */
public interface ClientControlListener {
    /** Start-Control-Connection-Reply said yes: calls may be placed (queued ones go out now). */
    void started(StartControlConnectionReply reply);

    /** Outgoing-Call-Reply said Connected: GRE and PPP may start for this call. */
    void callConnected(ClientCall call);

    /** The call never connected: refused by the server, timed out, or the connection ended first. */
    void callFailed(ClientCall call, String reason);

    /**
     * A connected call is gone: Call-Disconnect-Notify from the server, our Call-Clear-Request answered
     * (or unanswered in time), or the connection stopped or was lost. Exactly once per connected call.
     */
    void callCleared(ClientCall call, String reason);

    /** The control connection is over (stopped, refused, timed out or lost); the TCP side is being closed. */
    void closed(String reason);
}
