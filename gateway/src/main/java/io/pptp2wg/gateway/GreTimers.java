package io.pptp2wg.gateway;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The GRE timers (RFC 2637 §4.4: delayed acknowledgments, window timeouts) of the calls pinned to one event loop,
 * served by one tick that runs only while some call has one pending. A data packet arms an acknowledgment due
 * half a millisecond later; with a timer per call that was a scheduled task created and cancelled per packet, and
 * the call's control connection recomputing every call's deadlines. Here a call joins the list once, the tick
 * polls the listed calls, and a call leaves when nothing is pending. An acknowledgment goes out between one and
 * two ticks after it became due at the latest.
 */
final class GreTimers {
    private final EventExecutor loop;
    private final long tickNanos;
    private final LongSupplier clock;
    private CallSession[] calls = new CallSession[64];
    private int count;
    private ScheduledFuture<?> tick;

    GreTimers(EventExecutor loop, long tickNanos, LongSupplier clock) {
        this.loop = loop;
        this.tickNanos = Math.max(1, tickNanos);
        this.clock = clock;
    }

    /** On the loop: {@code call} has a GRE deadline; it is polled on each tick until it has none. */
    void watch(CallSession call) {
        if (call.gre.watched) {
            return;
        }
        if (count == calls.length) {
            calls = Arrays.copyOf(calls, count * 2); // grows with the calls, not with packets
        }
        call.gre.watched = true;
        calls[count++] = call;
        if (tick == null) {
            tick = loop.schedule(this::run, tickNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void run() {
        tick = null;
        long now = clock.getAsLong();
        for (int i = 0; i < count; ) {
            CallSession c = calls[i];
            if (!c.pollGre(now)) {
                c.gre.watched = false;
                calls[i] = calls[--count];
                calls[count] = null;
            } else {
                i++;
            }
        }
        if (count > 0) {
            tick = loop.schedule(this::run, tickNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Calls with a GRE timer pending (tests). */
    int watched() {
        return count;
    }
}
