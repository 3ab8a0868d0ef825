package io.pptp2wg.gateway;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoOps;
import io.pptp2wg.gateway.gre.CallTable;
import io.pptp2wg.gateway.gre.GreLane;
import io.pptp2wg.gateway.gre.GreReader;
import io.pptp2wg.gateway.gre.RawGreSocket;
import io.pptp2wg.gateway.gre.RawSocketException;
import io.pptp2wg.pptp.gre.GreStats;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's raw GRE sockets, one of two ways: with epoll, a socket per event loop, to which the kernel gives only
 * the GRE of that loop's calls (their Call IDs share a residue, {@link RawGreSocket#attachCallIdFilter}), read by the
 * loop itself ({@link GreLane}); without it, one socket whose reader thread hands packets to the loops' inboxes
 * ({@link GreReader}). Opened before the TCP side listens, closed after it stops.
 */
final class GreSockets {
    /** How often the GRE reader looks up from a blocked recvfrom to see whether it should stop. */
    private static final int READER_WAKE_MILLIS = 250;

    private final List<GreLane> lanes = new CopyOnWriteArrayList<>();
    private RawGreSocket single;
    private GreReader reader;
    private Thread readerThread;

    /** One non-blocking socket per loop, each filtered to its loop's residue of Call IDs; all or none. */
    static RawGreSocket[] openLaned(int listen, int loops) throws RawSocketException {
        RawGreSocket[] own = new RawGreSocket[loops];
        try {
            for (int i = 0; i < loops; i++) {
                own[i] = RawGreSocket.openNonBlocking(listen);
                own[i].attachCallIdFilter(loops, i);
            }
        } catch (RawSocketException | RuntimeException e) {
            for (RawGreSocket r : own) {
                if (r != null) {
                    r.close();
                }
            }
            throw e;
        }
        return own;
    }

    /** Each loop reads its own socket (registered with its epoll). */
    void readOnLoops(RawGreSocket[] own, Collection<LoopResources> loops, CallTable calls, GreStats stats)
            throws InterruptedException {
        for (LoopResources lr : loops) {
            GreLane lane = new GreLane(own[lr.lane], calls, stats, lr.inbox);
            IoRegistration r = ((IoEventLoop) lr.loop).register(lane).sync().getNow();
            r.submit(EpollIoOps.EPOLLIN);
            lanes.add(lane);
        }
    }

    static RawGreSocket openSingle(int listen) throws RawSocketException {
        return RawGreSocket.open(listen, READER_WAKE_MILLIS);
    }

    /** One socket, read by a thread of its own. */
    void readOnThread(RawGreSocket socket, CallTable calls, GreStats stats) {
        single = socket;
        reader = new GreReader(socket, calls, stats);
        readerThread = Thread.ofPlatform().name("gre-reader").daemon().start(reader);
    }

    boolean up() {
        if (!lanes.isEmpty()) {
            return lanes.stream().allMatch(l -> l.socket().isOpen() && l.failure() == null);
        }
        return single != null && single.isOpen() && readerThread != null && readerThread.isAlive();
    }

    /** Why the GRE reader (or a loop's GRE socket) stopped, if it did. */
    Optional<Throwable> failure() {
        for (GreLane l : lanes) {
            if (l.failure() != null) {
                return Optional.of(l.failure());
            }
        }
        return Optional.ofNullable(reader).map(GreReader::failure);
    }

    /** After the loops have stopped: the reader thread joined (at most 2 s), every socket closed. */
    void close() {
        if (reader != null) {
            reader.stop();
            try {
                readerThread.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (single != null) {
            single.close();
        }
        for (GreLane l : lanes) {
            l.close();
        }
        lanes.clear();
    }
}
