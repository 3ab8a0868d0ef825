package io.pptp2wg.ppp.fsm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadlinesTest {
    @Test
    void noneIsNeverEarlier() {
        assertEquals(5, Deadlines.earliest(Long.MAX_VALUE, 5));
        assertEquals(5, Deadlines.earliest(5, Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, Deadlines.earliest(Long.MAX_VALUE, Long.MAX_VALUE));
    }

    @Test
    void aDeadlinePastTheWrapIsLater() {
        long beforeWrap = Long.MAX_VALUE - 10;
        long afterWrap = beforeWrap + 21; // wrapped: Long.MIN_VALUE + 10, later by 21 ns
        assertTrue(afterWrap < 0);
        assertEquals(afterWrap, Math.min(beforeWrap, afterWrap), "what Math.min would pick");
        assertEquals(beforeWrap, Deadlines.earliest(beforeWrap, afterWrap));
        assertEquals(beforeWrap, Deadlines.earliest(afterWrap, beforeWrap));
    }
}
