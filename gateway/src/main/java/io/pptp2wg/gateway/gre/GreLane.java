package io.pptp2wg.gateway.gre;

import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.unix.FileDescriptor;
import io.pptp2wg.os.RecvBatch;
import io.pptp2wg.pptp.gre.GreCounter;
import io.pptp2wg.pptp.gre.GreStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One event loop's own raw GRE socket, read by the loop itself when epoll says it is readable: the socket's
 * kernel filter lets through only the GRE of this loop's calls ({@link RawGreSocket#attachCallIdFilter}), so each
 * packet goes from the kernel to its call's PPP link on one thread, taken in batches by recvmmsg(2), with no
 * reader thread, no hand-over and no copy into an inbox. A packet whose call is on another loop (only if the
 * Call IDs were given out otherwise) is handed to that loop's inbox.
 */
public final class GreLane implements EpollIoHandle {
    private static final Logger LOG = LoggerFactory.getLogger(GreLane.class);
    /** Datagrams per recvmmsg. */
    static final int BATCH = 32;
    /** Batches per readiness event before other work on the loop gets its turn (epoll reports the rest again). */
    static final int BATCHES_PER_EVENT = 8;
    /** Largest IPv4 datagram a slot takes; longer ones arrive truncated and fail the length checks. */
    static final int SLOT = 4096;

    private final RawGreSocket socket;
    private final GreInbox ownInbox;
    private final GreStats stats;
    private final GreDemux demux;
    private final FileDescriptor fd;
    private final Arena arena = Arena.ofAuto(); // the batch memory lives as long as the lane
    private final RecvBatch rx;
    private final ByteBuffer[] views = new ByteBuffer[BATCH];
    private final GreEndpoint[] touched = new GreEndpoint[BATCH * BATCHES_PER_EVENT];
    private final GreInbox[] woken = new GreInbox[BATCH * BATCHES_PER_EVENT];
    private volatile Throwable failure;

    /** @param ownInbox the inbox of the loop this lane is registered on (how its calls are recognised) */
    public GreLane(RawGreSocket socket, CallTable calls, GreStats stats, GreInbox ownInbox) {
        this.socket = socket;
        this.ownInbox = ownInbox;
        this.stats = stats;
        this.demux = new GreDemux(calls, stats);
        this.fd = new FileDescriptor(socket.fd());
        this.rx = new RecvBatch(arena, BATCH, SLOT, false); // the IPv4 header carries the source
        for (int i = 0; i < BATCH; i++) {
            views[i] = rx.data(i).asByteBuffer().order(ByteOrder.BIG_ENDIAN);
        }
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    public RawGreSocket socket() {
        return socket;
    }

    /** Why the lane stopped reading, if it did. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        int touchedCount = 0;
        int wokenCount = 0;
        try {
            for (int round = 0; round < BATCHES_PER_EVENT; round++) {
                int n = socket.receive(rx);
                for (int i = 0; i < n; i++) {
                    ByteBuffer view = views[i];
                    GreEndpoint endpoint;
                    try {
                        endpoint = demux.find(view, rx.length(i));
                    } catch (RuntimeException e) {
                        LOG.error("GRE packet dispatch failed", e); // a bug: one packet lost
                        continue;
                    }
                    if (endpoint == null) {
                        continue;
                    }
                    if (endpoint.inbox() != ownInbox) { // another loop's call: its inbox takes a copy
                        GreInbox other = endpoint.inbox();
                        if (other.offer(rx.data(i), demux.greOffset(), demux.greLength(), endpoint)) {
                            woken[wokenCount++] = other;
                        } else {
                            stats.increment(GreCounter.INBOX_FULL_DROPS);
                        }
                        continue;
                    }
                    view.limit(demux.greOffset() + demux.greLength()).position(demux.greOffset());
                    try {
                        endpoint.onGre(view);
                    } catch (RuntimeException e) {
                        LOG.error("GRE packet handling failed", e); // a bug in one session must not stop the others
                    }
                    if (touchedCount == 0 || touched[touchedCount - 1] != endpoint) {
                        touched[touchedCount++] = endpoint;
                    }
                }
                if (n < BATCH) {
                    break;
                }
            }
        } catch (RawSocketException e) {
            if (failure == null) {
                failure = e;
                LOG.error("GRE lane stopped: {}", e.getMessage());
            }
            registration.cancel();
        } finally {
            for (int i = 0; i < touchedCount; i++) {
                try {
                    touched[i].afterBatch();
                } catch (RuntimeException e) {
                    LOG.error("GRE batch end failed", e);
                }
                touched[i] = null;
            }
            for (int i = 0; i < wokenCount; i++) {
                woken[i].wake();
                woken[i] = null;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
