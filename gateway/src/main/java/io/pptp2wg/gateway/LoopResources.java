package io.pptp2wg.gateway;

import io.netty.util.concurrent.EventExecutor;
import io.pptp2wg.gateway.gre.GreInbox;
import io.pptp2wg.gateway.gre.GreTransport;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/** What the calls pinned to one event loop share: the GRE inbox from the reader, a transmit buffer, scratch, GRE timers. */
final class LoopResources {
    /** Ring slots per loop: bursts of this many packets wait; more are dropped and counted. */
    static final int INBOX_SLOTS = 1024;
    /** Largest GRE packet accepted from the reader: an Ethernet-MTU frame with room to spare. */
    static final int INBOX_SLOT_SIZE = 4096;

    final int lane;
    final Executor loop;
    final GreInbox inbox;
    final GreTransport.Tx tx;
    /** Reply buffer for the echo responder. */
    final byte[] scratch = new byte[INBOX_SLOT_SIZE];
    /** The GRE timers of the calls on this loop (null in tests that give no loop able to schedule). */
    final GreTimers greTimers;

    LoopResources(Executor loop, GreTransport transport) {
        this(loop, transport, null);
    }

    LoopResources(Executor loop, GreTransport transport, GreTimers greTimers) {
        this(loop, transport, greTimers, 0);
    }

    /** @param lane this loop's number: its calls get Call IDs of this residue when each loop has its GRE socket */
    LoopResources(Executor loop, GreTransport transport, GreTimers greTimers, int lane) {
        this.lane = lane;
        this.loop = loop;
        this.inbox = new GreInbox(loop, INBOX_SLOTS, INBOX_SLOT_SIZE);
        this.tx = transport.newTx();
        this.greTimers = greTimers;
    }

    /** One for each loop of {@code group}, lane by lane: the lane's GRE transport, GRE timers on the loop itself. */
    static Map<EventExecutor, LoopResources> of(Iterable<EventExecutor> group, IntFunction<GreTransport> transportOfLane,
                                                long ackDelayNanos, LongSupplier nanoClock) {
        Map<EventExecutor, LoopResources> out = new IdentityHashMap<>();
        int lane = 0;
        for (EventExecutor e : group) {
            out.put(e, new LoopResources(e, transportOfLane.apply(lane), new GreTimers(e, ackDelayNanos, nanoClock), lane));
            lane++;
        }
        return out;
    }

    /** The event loop of lane {@code lane}: the group's loops in their order (the group may still be being set up). */
    static java.util.concurrent.Executor nth(Iterable<? extends io.netty.util.concurrent.EventExecutor> group, int lane) {
        int i = 0;
        for (var e : group) {
            if (i++ == lane) {
                return e;
            }
        }
        throw new IllegalStateException("no loop " + lane);
    }
}
