package io.pptp2wg.pptp.control;

import org.junit.jupiter.api.Test;

import static io.pptp2wg.pptp.control.ControlKeepalive.Due.DEAD;
import static io.pptp2wg.pptp.control.ControlKeepalive.Due.NOTHING;
import static io.pptp2wg.pptp.control.ControlKeepalive.Due.SEND_ECHO_REQUEST;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The keep-alive both control cores share (RFC 2637 §2.5, §2.6), on a clock of plain numbers. */
class ControlKeepaliveTest {
    static final long S = 1_000_000_000L;

    @Test
    void anEchoRequestAfterIdleThenDeadWithoutAnAnswer() {
        long t0 = Long.MAX_VALUE - 30 * S; // across nanoTime's wrap
        ControlKeepalive k = new ControlKeepalive(60 * S, 60 * S, t0);
        assertEquals(t0 + 60 * S, k.deadline());
        assertEquals(NOTHING, k.poll(t0 + 60 * S - 1));
        assertEquals(SEND_ECHO_REQUEST, k.poll(t0 + 60 * S));
        assertEquals(1, k.echoIdentifier());
        assertEquals(NOTHING, k.poll(t0 + 61 * S), "one Echo-Request outstanding at a time");
        k.activity(t0 + 100 * S);
        assertEquals(NOTHING, k.poll(t0 + 119 * S), "GRE does not answer an Echo-Request");
        assertEquals(DEAD, k.poll(t0 + 120 * S));
    }

    @Test
    void aControlMessageAnswersAndRestartsIdle() {
        ControlKeepalive k = new ControlKeepalive(10 * S, 5 * S, 0);
        assertEquals(SEND_ECHO_REQUEST, k.poll(10 * S));
        k.messageHeard(12 * S);
        assertEquals(22 * S, k.deadline());
        assertEquals(NOTHING, k.poll(21 * S));
        assertEquals(SEND_ECHO_REQUEST, k.poll(22 * S));
        assertEquals(2, k.echoIdentifier());
    }

    @Test
    void aRestartClearsAnOutstandingEchoRequest() {
        ControlKeepalive k = new ControlKeepalive(10 * S, 5 * S, 0);
        assertEquals(SEND_ECHO_REQUEST, k.poll(10 * S));
        k.restart(100 * S);
        assertEquals(NOTHING, k.poll(109 * S));
        assertEquals(110 * S, k.deadline());
    }

    @Test
    void activityNeverMovesTheClockBack() {
        ControlKeepalive k = new ControlKeepalive(10 * S, 5 * S, 5 * S);
        k.activity(3 * S);
        assertEquals(15 * S, k.deadline());
    }
}
