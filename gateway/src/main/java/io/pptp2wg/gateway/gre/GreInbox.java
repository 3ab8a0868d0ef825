package io.pptp2wg.gateway.gre;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.LoggerFactory;

/**
 * Hands GRE packets from the one socket reader thread to one event loop without locks or per-packet
 * allocation: a single-producer single-consumer ring of preallocated slots. The loop is woken only
 * when it is not already draining. A full ring drops (the caller counts).
 */
public final class GreInbox implements Runnable {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(GreInbox.class, "head", long.class);
            TAIL = MethodHandles.lookup().findVarHandle(GreInbox.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Executor loop;
    private final int mask;
    private final int slotSize;
    private final byte[][] data;
    private final MemorySegment[] segments;
    private final ByteBuffer[] views;
    private final GreEndpoint[] targets;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    @SuppressWarnings("unused") // through HEAD
    private volatile long head;   // next slot the consumer reads
    @SuppressWarnings("unused") // through TAIL
    private volatile long tail;   // next slot the producer writes
    private final GreEndpoint[] touched;
    private int touchedCount;

    /**
     * @param loop     the event loop that drains
     * @param slots    ring size, a power of two
     * @param slotSize the largest GRE packet a slot holds
     */
    public GreInbox(Executor loop, int slots, int slotSize) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two");
        }
        this.loop = loop;
        this.mask = slots - 1;
        this.slotSize = slotSize;
        this.data = new byte[slots][];
        this.segments = new MemorySegment[slots];
        this.views = new ByteBuffer[slots];
        this.targets = new GreEndpoint[slots];
        this.touched = new GreEndpoint[slots];
        for (int i = 0; i < slots; i++) {
            data[i] = new byte[slotSize];
            segments[i] = MemorySegment.ofArray(data[i]);
            views[i] = ByteBuffer.wrap(data[i]);
        }
    }

    public int slotSize() {
        return slotSize;
    }

    /** Producer (the reader thread): copies the packet; false when the ring is full or the packet too big. */
    public boolean offer(MemorySegment source, long offset, int length, GreEndpoint target) {
        if (length > slotSize) {
            return false;
        }
        long t = (long) TAIL.getOpaque(this);
        if (t - (long) HEAD.getAcquire(this) > mask) {
            return false;
        }
        int i = (int) t & mask;
        MemorySegment.copy(source, offset, segments[i], 0, length);
        views[i].limit(length).position(0);
        targets[i] = target;
        TAIL.setRelease(this, t + 1);
        return true;
    }

    /** Producer: after a batch of offers, make sure the loop will drain. */
    public void wake() {
        if (!scheduled.getAndSet(true)) {
            loop.execute(this);
        }
    }

    /** Consumer, on the loop: drains up to a ring's worth, then tells each endpoint its batch ended. */
    @Override
    public void run() {
        scheduled.set(false);
        long h = (long) HEAD.getOpaque(this);
        touchedCount = 0;
        for (int budget = mask + 1; budget > 0; budget--) {
            if (h == (long) TAIL.getAcquire(this)) {
                break;
            }
            int i = (int) h & mask;
            GreEndpoint target = targets[i];
            targets[i] = null;
            try {
                target.onGre(views[i]);
            } catch (RuntimeException e) {
                // a bug in one session must not stop the others' packets
                LoggerFactory.getLogger(GreInbox.class).error("GRE packet handling failed", e);
            }
            if (touchedCount == 0 || touched[touchedCount - 1] != target) {
                touched[touchedCount++] = target;
            }
            h++;
            HEAD.setRelease(this, h);
        }
        for (int i = 0; i < touchedCount; i++) {
            try {
                touched[i].afterBatch();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(GreInbox.class).error("GRE batch end failed", e);
            }
            touched[i] = null;
        }
        if (h != (long) TAIL.getAcquire(this)) {
            wake(); // more arrived, or the budget ran out: let other tasks run first
        }
    }
}
