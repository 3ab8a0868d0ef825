package io.pptp2wg.gateway.gre;

import io.pptp2wg.pptp.gre.GreCounter;
import io.pptp2wg.pptp.gre.GreHeader;
import io.pptp2wg.pptp.gre.GreStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The one thread that reads the raw GRE socket: checks the IPv4 and GRE headers, finds the call by
 * its Call ID, checks that the packet comes from the call's control-connection peer (clients behind
 * one NAT address share the address, never the Call ID), and hands it to the call's event loop.
 */
public final class GreReader implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GreReader.class);
    /** Largest IPv4 datagram: what one recvfrom can return. */
    private static final int RX_CAPACITY = 65_535;

    private final RawGreSocket socket;
    private final CallTable calls;
    private final GreStats stats;
    private volatile boolean running = true;
    private volatile Throwable failure;

    public GreReader(RawGreSocket socket, CallTable calls, GreStats stats) {
        this.socket = socket;
        this.calls = calls;
        this.stats = stats;
    }

    public void stop() {
        running = false;
    }

    /** Why the reader ended, if it failed. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void run() {
        GreHeader header = new GreHeader();
        GreInbox[] woken = new GreInbox[64];
        try (Arena arena = Arena.ofConfined()) {
            RawGreSocket.RxBuffer rx = new RawGreSocket.RxBuffer(arena, RX_CAPACITY);
            ByteBuffer view = rx.data().asByteBuffer().order(ByteOrder.BIG_ENDIAN);
            while (running) {
                int n = socket.receive(rx);
                if (n <= 0) {
                    continue;
                }
                GreInbox inbox;
                try {
                    inbox = dispatch(rx.data(), view, n, header);
                } catch (RuntimeException e) {
                    LOG.error("GRE packet dispatch failed", e); // a bug: one packet lost, the reader goes on
                    continue;
                }
                if (inbox != null) {
                    inbox.wake(); // one packet per recvfrom for now; recvmmsg batching is issue 7's
                }
            }
        } catch (RawSocketException e) {
            if (running) {
                failure = e;
                LOG.error("GRE reader stopped: {}", e.getMessage());
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("GRE reader failed", e);
        }
    }

    /** Validates one received datagram ({@code view} is a view of {@code data}) and queues it; returns the inbox to wake, or null if dropped. */
    GreInbox dispatch(java.lang.foreign.MemorySegment data, ByteBuffer view, int length, GreHeader header) {
        if (demux == null) {
            demux = new GreDemux(calls, stats);
        }
        GreEndpoint endpoint = demux.find(view, length);
        if (endpoint == null) {
            return null;
        }
        GreInbox inbox = endpoint.inbox();
        if (!inbox.offer(data, demux.greOffset(), demux.greLength(), endpoint)) {
            stats.increment(GreCounter.INBOX_FULL_DROPS);
            return null;
        }
        return inbox;
    }

    private GreDemux demux;
}
