package io.pptp2wg.wireguard.udp;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.pptp2wg.wireguard.device.Device;
import io.pptp2wg.wireguard.device.DeviceSink;
import io.pptp2wg.wireguard.device.Identity;
import io.pptp2wg.wireguard.tunnel.Disposition;
import io.pptp2wg.wireguard.tunnel.SendResult;
import io.pptp2wg.wireguard.tunnel.TunnelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One lane: an event loop, the {@link Device} of the identities on it and its socket ({@link LaneTransport}).
 * Every use of the device is on the loop: datagrams in, packets out, the timers every tick, and one flush of
 * the socket after each batch of work.
 */
final class Lane {
    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

    /** Opens a lane's socket (the lane is passed so that its reader can hand it datagrams). */
    @FunctionalInterface
    interface TransportOpener {
        LaneTransport open(Lane lane) throws InterruptedException;
    }

    final int index;
    /** How many lanes the socket has (an initiation nobody knows goes round them once). */
    final int laneCount;
    final EventLoop loop;
    final Device device;
    final LaneTransport transport;
    private final WireGuardSocket.Receiver receiver;
    private final HandOver handOver;
    private final ScheduledFuture<?> ticker;
    private final byte[] txCopy = new byte[TunnelContext.MAX_DATAGRAM];
    private final Sink sink = new Sink();
    private final Runnable flush = this::flushNow;
    private boolean flushScheduled;

    Lane(int index, int laneCount, EventLoop loop, Device device, WireGuardSocket.Receiver receiver, HandOver handOver,
         int tickMillis, TransportOpener opener) throws InterruptedException {
        this.index = index;
        this.laneCount = laneCount;
        this.loop = loop;
        this.device = device;
        this.receiver = receiver;
        this.handOver = handOver;
        // the transport may read before this returns (as Netty's channel always could): a datagram then reaches a
        // device with no identity, which refuses it without writing, so nothing touches transport before it is set
        this.transport = opener.open(this);
        this.ticker = loop.scheduleAtFixedRate(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    <T> CompletableFuture<T> onLoop(Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Runnable r = () -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        };
        if (loop.inEventLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
        return f;
    }

    /** See {@link WireGuardSocket#send(Identity, ByteBuffer)}. */
    SendResult send(Identity identity, ByteBuffer ipPacket) {
        int len = ipPacket.remaining();
        if (loop.inEventLoop()) {
            SendResult r;
            if (ipPacket.hasArray()) {
                r = device.send(System.nanoTime(), identity, ipPacket.array(), ipPacket.arrayOffset() + ipPacket.position(),
                        len, sink);
            } else {
                ipPacket.get(ipPacket.position(), txCopy, 0, len);
                r = device.send(System.nanoTime(), identity, txCopy, 0, len, sink);
            }
            flushAfterThisTask();
            return r;
        }
        byte[] copy = new byte[len];
        ipPacket.get(ipPacket.position(), copy, 0, len);
        loop.execute(() -> {
            device.send(System.nanoTime(), identity, copy, 0, len, sink);
            flushAfterThisTask();
        });
        return SendResult.QUEUED;
    }

    /** See {@link WireGuardSocket#initiateHandshake}. */
    void initiateHandshake(Identity identity) {
        onLoop(() -> {
            if (!identity.isRemoved()) {
                device.initiateHandshake(System.nanoTime(), identity, sink);
                flushNow();
            }
            return null;
        });
    }

    /** Stops the timers (the socket is closing). */
    void stopTicks() {
        ticker.cancel(false);
    }

    private void tick() {
        try {
            device.updateTimers(System.nanoTime(), sink);
            flushNow();
        } catch (RuntimeException e) {
            LOG.error("WireGuard timer run failed", e); // a bug: keep the socket alive
        }
    }

    /** On the loop: one datagram from this lane's socket. */
    void receive(InetSocketAddress from, byte[] buf, int len) {
        receive(from, buf, len, laneCount);
    }

    /** On the loop: one datagram (from this lane's socket, or handed over by another lane with lanesLeft to go). */
    void receive(InetSocketAddress from, byte[] buf, int len, int lanesLeft) {
        Disposition d;
        try {
            d = device.receive(System.nanoTime(), from, buf, 0, len, sink);
        } catch (RuntimeException e) {
            LOG.error("WireGuard receive failed (a bug: the core refuses bad input by itself)", e);
            return;
        }
        if (d == Disposition.OTHER_LANE) {
            handOver.handOver(this, from, buf, len, lanesLeft);
        }
    }

    /** Sends written outside a read are flushed once, after the task that wrote them (one sendmmsg). */
    private void flushAfterThisTask() {
        if (sink.needsFlush && !flushScheduled) {
            flushScheduled = true;
            loop.execute(flush);
        }
    }

    /** On the loop: sends what the device wrote since the last flush. */
    void flushNow() {
        flushScheduled = false;
        if (sink.needsFlush) {
            sink.needsFlush = false;
            transport.flush();
        }
    }

    private final class Sink implements DeviceSink {
        private ByteBuffer view;
        boolean needsFlush;

        @Override
        public void toNetwork(InetSocketAddress endpoint, byte[] message, int offset, int length) {
            if (transport.write(endpoint, message, offset, length)) {
                needsFlush = true;
            }
        }

        @Override
        public void toTunnel(Identity identity, byte[] ipPacket, int offset, int length) {
            if (view == null || view.array() != ipPacket) {
                view = ByteBuffer.wrap(ipPacket);
            }
            view.limit(offset + length).position(offset);
            receiver.onPacket(identity, view);
        }
    }
}
