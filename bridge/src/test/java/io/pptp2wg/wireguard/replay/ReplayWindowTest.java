package io.pptp2wg.wireguard.replay;

import io.pptp2wg.wireguard.Whitepaper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window's edges (RFC 6479 with the kernel's and wireguard-go's 8128). */
class ReplayWindowTest {
    @Test
    void windowIs8128() {
        assertEquals(8128, ReplayWindow.WINDOW_SIZE);
    }

    @Test
    void acceptsEachCounterOnceInAnyOrder() {
        ReplayWindow w = new ReplayWindow();
        assertTrue(w.accept(0));
        assertFalse(w.accept(0));
        assertTrue(w.accept(2));
        assertTrue(w.accept(1));
        assertFalse(w.accept(1));
        assertFalse(w.accept(2));
        assertTrue(w.accept(3));
    }

    @Test
    void exactlyWindowSizeBehindIsAcceptedOneMoreIsNot() {
        ReplayWindow w = new ReplayWindow();
        long top = 20_000;
        assertTrue(w.accept(top));
        assertTrue(w.accept(top - ReplayWindow.WINDOW_SIZE), "at the window's far edge");
        assertFalse(w.accept(top - ReplayWindow.WINDOW_SIZE), "but only once");
        assertFalse(w.accept(top - ReplayWindow.WINDOW_SIZE - 1), "just outside");
        assertTrue(w.accept(top - 1));
    }

    @Test
    void everyCounterOfTheWindowIsTrackedAcrossBlockBoundaries() {
        ReplayWindow w = new ReplayWindow();
        long top = 10_000 + 63; // the newest counter in the last slot of its 64-bit block
        for (long c = top - ReplayWindow.WINDOW_SIZE; c <= top; c++) {
            assertTrue(w.accept(c), "first " + c);
        }
        for (long c = top - ReplayWindow.WINDOW_SIZE; c <= top; c++) {
            assertFalse(w.accept(c), "again " + c);
        }
    }

    @Test
    void aLargeJumpForgetsTheOldWindow() {
        ReplayWindow w = new ReplayWindow();
        for (long c = 0; c < 100; c++) {
            w.accept(c);
        }
        assertTrue(w.accept(1_000_000));
        assertFalse(w.accept(99), "far behind now");
        assertTrue(w.accept(1_000_000 - 64), "a slot cleared by the jump is usable");
        assertTrue(w.accept(1_000_000 - ReplayWindow.WINDOW_SIZE));
    }

    @Test
    void advancingByLessThanTheRingClearsOnlyNewBlocks() {
        ReplayWindow w = new ReplayWindow();
        assertTrue(w.accept(100));
        assertTrue(w.accept(100 + 64 * 5)); // five blocks ahead
        assertFalse(w.accept(100), "still in the window, still seen");
        assertTrue(w.accept(100 + 64 * 5 - 1));
    }

    @Test
    void rejectAfterMessagesIsTheLimit() {
        ReplayWindow w = new ReplayWindow();
        long last = Whitepaper.REJECT_AFTER_MESSAGES - 1;
        assertTrue(w.accept(last));
        assertFalse(w.accept(Whitepaper.REJECT_AFTER_MESSAGES));
        assertFalse(w.accept(-1L), "2^64 - 1, unsigned");
        assertTrue(new ReplayWindow().accept(5, 6));
        assertFalse(new ReplayWindow().accept(6, 6));
    }
}
