package io.pptp2wg.pptp.control;

/** Where a {@link ControlConnection} puts what it produces; the TCP edge implements it. */
public interface ControlOutput {
    /** Send one control message, in order. */
    void send(ControlMessage message);

    /** Close the TCP connection once what was sent is flushed; {@code reason} is logged. */
    void close(String reason);

    /** Something for the operator's log (the core logs nothing itself); ignored unless the edge logs it. */
    default void note(ControlNote note) {
    }
}
