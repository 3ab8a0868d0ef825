package io.pptp2wg.ppp;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.ppp.testing.TestConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** pppd's {@code idle} and {@code maxconnect} on a fake clock: traffic restarts the idle limit, connect time does not. */
class LinkTimersTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    private static LinkTimers timers(int idle, int maxConnect) {
        return new LinkTimers(TestConfig.options(List.of(AuthProtocol.MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE),
                0, 0, idle, maxConnect, false));
    }

    @Test
    void idleRestartsWithTrafficAndMaxConnectDoesNot() {
        LinkTimers t = timers(10, 25);
        long start = 1_000 * S;
        t.opened(start);
        assertEquals(start + 10 * S, t.deadline());
        t.traffic(start + 8 * S);
        assertEquals(LinkTimers.Expiry.NONE, t.expired(start + 17 * S));
        assertEquals(LinkTimers.Expiry.IDLE, t.expired(start + 18 * S));
        t.traffic(start + 20 * S);
        assertEquals(start + 25 * S, t.deadline());
        assertEquals(LinkTimers.Expiry.MAX_CONNECT, t.expired(start + 25 * S));
    }

    @Test
    void zeroTurnsALimitOffAndStoppedEndsTheConnectTime() {
        LinkTimers t = timers(0, 0);
        t.opened(0);
        assertEquals(Long.MAX_VALUE, t.deadline());
        assertEquals(LinkTimers.Expiry.NONE, t.expired(Long.MAX_VALUE / 2));
        LinkTimers m = timers(0, 5);
        m.opened(0);
        m.stopped();
        assertEquals(Long.MAX_VALUE, m.deadline());
        assertEquals(LinkTimers.Expiry.NONE, m.expired(10 * S));
    }
}
