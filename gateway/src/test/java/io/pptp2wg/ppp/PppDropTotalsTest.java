package io.pptp2wg.ppp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pptp2wg.stats.EnumCounters;

import org.junit.jupiter.api.Test;

/** Links told to count in the gateway's totals add their drops there; the shared NONE instance never does. */
class PppDropTotalsTest {
    @Test
    void dropsOfEveryLinkToldSumInTheTotals() {
        EnumCounters<PppCounters.Drop> totals = new EnumCounters<>(PppCounters.Drop.class);
        PppCounters a = new PppCounters();
        PppCounters b = new PppCounters();
        PppCounters notTold = new PppCounters();
        a.alsoCountIn(totals);
        b.alsoCountIn(totals);
        a.drop(PppCounters.Drop.MPPE_LATE, "late");
        b.drop(PppCounters.Drop.MPPE_LATE, "late");
        b.drop(PppCounters.Drop.MALFORMED_FRAME, "short");
        notTold.drop(PppCounters.Drop.MALFORMED_FRAME, "short");
        assertEquals(2, totals.get(PppCounters.Drop.MPPE_LATE));
        assertEquals(1, totals.get(PppCounters.Drop.MALFORMED_FRAME));
        assertEquals(1, a.dropped(PppCounters.Drop.MPPE_LATE), "the link's own count is unchanged");
    }

    @Test
    void theSharedNoneInstanceIsNeverWired() {
        EnumCounters<PppCounters.Drop> totals = new EnumCounters<>(PppCounters.Drop.class);
        PppCounters.NONE.alsoCountIn(totals);
        assertEquals(0L, totals.snapshot().values().stream().mapToLong(Long::longValue).sum());
    }
}
