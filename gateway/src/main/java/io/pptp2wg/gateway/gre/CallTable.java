package io.pptp2wg.gateway.gre;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Our Call IDs (RFC 2637 §2.8), unique in the whole gateway because GRE packets are told apart by
 * the Call ID in their key: a slot per 16-bit ID, read lock-free by the GRE reader.
 */
public final class CallTable {
    /** Call ID 0 is never given out: some clients treat it as "none". */
    private static final int IDS = 1 << 16;

    private static final GreEndpoint RESERVED = new GreEndpoint() {
        @Override
        public int peerAddress() {
            return 0;
        }

        @Override
        public GreInbox inbox() {
            throw new IllegalStateException("reserved");
        }

        @Override
        public void onGre(java.nio.ByteBuffer grePacket) {}
    };

    private final AtomicReferenceArray<GreEndpoint> slots = new AtomicReferenceArray<>(IDS);
    private final AtomicInteger cursor;
    private final AtomicInteger inUse = new AtomicInteger();

    public CallTable(int firstCandidate) {
        this.cursor = new AtomicInteger(firstCandidate);
    }

    /** Reserves a free Call ID, or -1 if all 65535 are taken. */
    public int reserve() {
        for (int tries = 0; tries < IDS; tries++) {
            int id = cursor.getAndIncrement() & (IDS - 1);
            if (id != 0 && slots.compareAndSet(id, null, RESERVED)) {
                inUse.incrementAndGet();
                return id;
            }
        }
        return -1;
    }

    /**
     * Reserves a free Call ID whose residue modulo {@code lanes} is {@code lane} (the event loop whose raw socket
     * receives that residue's GRE), or -1 if none is left.
     */
    public int reserve(int lane, int lanes) {
        if (lanes <= 1) {
            return reserve();
        }
        for (int tries = 0; tries < IDS; tries++) {
            int id = cursor.getAndIncrement() & (IDS - 1);
            if (id != 0 && id % lanes == lane && slots.compareAndSet(id, null, RESERVED)) {
                inUse.incrementAndGet();
                return id;
            }
        }
        return -1;
    }

    /** Attaches the call's endpoint to its reserved ID. */
    public void attach(int id, GreEndpoint endpoint) {
        if (!slots.compareAndSet(id, RESERVED, endpoint)) {
            throw new IllegalStateException("call ID " + id + " was not reserved");
        }
    }

    /** The endpoint for a Call ID, null when none (or only reserved). */
    public GreEndpoint get(int id) {
        GreEndpoint e = slots.get(id & (IDS - 1));
        return e == RESERVED ? null : e;
    }

    public void release(int id) {
        if (slots.getAndSet(id, null) != null) {
            inUse.decrementAndGet();
        }
    }

    public int inUse() {
        return inUse.get();
    }
}
