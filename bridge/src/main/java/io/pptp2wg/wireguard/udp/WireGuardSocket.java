package io.pptp2wg.wireguard.udp;

import com.wireguard.crypto.Key;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.pptp2wg.wireguard.device.Device;
import io.pptp2wg.wireguard.device.DeviceSink;
import io.pptp2wg.wireguard.device.Identity;
import io.pptp2wg.wireguard.tunnel.KeyLog;
import io.pptp2wg.wireguard.tunnel.SendResult;
import io.pptp2wg.wireguard.tunnel.Tunnel;
import io.pptp2wg.wireguard.tunnel.TunnelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one UDP socket (Netty epoll datagram channel) that carries every local identity: the I/O edge around a
 * {@link Device}. Everything touching the device runs on the channel's event loop; the public methods may be
 * called from any thread and hop onto the loop (copying the packet) when needed. Timers run every
 * {@link Options#tickMillis()} on the loop with {@link System#nanoTime()}.
 *
 * <p>What the relay (issue 5) uses: {@link #addIdentity}/{@link #removeIdentity} when a PPTP user logs in/out,
 * {@link #send} to send an IP packet through an identity, a {@link Receiver} for decrypted packets tagged with the
 * identity they arrived on, and {@link Identity#lastHandshake()}/{@link Identity#stats()} for state.
 */
public final class WireGuardSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WireGuardSocket.class);

    /** Decrypted IP packets, on the socket's event loop; the buffer is valid only during the call. */
    @FunctionalInterface
    public interface Receiver {
        void onPacket(Identity identity, ByteBuffer ipPacket);
    }

    /**
     * @param bind local address and port (port 0: any)
     * @param socketBufferBytes SO_RCVBUF and SO_SNDBUF (4 MiB: wireguard-go's 208 KiB default overflows near 1 Gbit/s)
     */
    public record Options(InetSocketAddress bind, int socketBufferBytes, int tickMillis, Device.Settings device) {
        public static Options defaults(InetSocketAddress bind) {
            return new Options(bind, 4 << 20, 100, Device.Settings.DEFAULTS);
        }
    }

    private final Options options;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final Channel channel;
    private final EventLoop loop;
    private final Device device;
    private final Receiver receiver;
    private final ScheduledFuture<?> ticker;
    private final byte[] rx = new byte[TunnelContext.MAX_DATAGRAM];
    private final Sink sink = new Sink();
    private volatile boolean closed;
    private final java.util.concurrent.atomic.LongAdder writeDrops = new java.util.concurrent.atomic.LongAdder();

    private WireGuardSocket(Options options, EventLoopGroup group, boolean ownGroup, Receiver receiver,
                            Supplier<Channel> channelInCallerNamespace) throws InterruptedException {
        this.options = options;
        this.group = group;
        this.ownGroup = ownGroup;
        this.receiver = receiver;
        this.device = new Device(options.device(), new SecureRandom(), InstantSource.system());
        Bootstrap b = new Bootstrap()
                .group(group)
                .option(ChannelOption.SO_RCVBUF, options.socketBufferBytes())
                .option(ChannelOption.SO_SNDBUF, options.socketBufferBytes())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new io.netty.channel.WriteBufferWaterMark(1 << 20, 2 << 20))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(TunnelContext.MAX_DATAGRAM))
                .handler(new Inbound());
        if (channelInCallerNamespace != null) {
            b.channelFactory(channelInCallerNamespace::get);
        } else {
            b.channel(Epoll.isAvailable() ? EpollDatagramChannel.class : NioDatagramChannel.class);
        }
        this.channel = b.bind(options.bind()).sync().channel();
        this.loop = channel.eventLoop();
        this.ticker = loop.scheduleAtFixedRate(this::tick, options.tickMillis(), options.tickMillis(), TimeUnit.MILLISECONDS);
        LOG.info("WireGuard socket on {} (SO_RCVBUF {} bytes, {})", channel.localAddress(),
                channel.config().getOption(ChannelOption.SO_RCVBUF), channel.getClass().getSimpleName());
    }

    /** Opens the socket on its own single-thread event loop. */
    public static WireGuardSocket open(Options options, Receiver receiver) throws InterruptedException {
        return new WireGuardSocket(options, newGroup(), true, receiver, null);
    }

    /** Opens the socket on {@code group} (shared with the caller), not closing it on {@link #close()}. */
    public static WireGuardSocket open(Options options, EventLoopGroup group, Receiver receiver) throws InterruptedException {
        return new WireGuardSocket(options, group, false, receiver, null);
    }

    /**
     * Opens the socket with a channel made by {@code channelFactory} on the calling thread (tests create it inside
     * a network namespace: a socket belongs to the namespace of the thread that created it).
     */
    public static WireGuardSocket open(Options options, Receiver receiver, Supplier<Channel> channelFactory)
            throws InterruptedException {
        return new WireGuardSocket(options, newGroup(), true, receiver, channelFactory);
    }

    private static EventLoopGroup newGroup() {
        return new MultiThreadIoEventLoopGroup(1, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** The epoll channel class this machine uses (for a channel factory). */
    public static Channel newChannel() {
        return Epoll.isAvailable() ? new EpollDatagramChannel() : new NioDatagramChannel();
    }

    /** Datagrams dropped because the socket could not take more (Netty's outbound queue stays bounded). */
    public long writeDrops() {
        return writeDrops.sum();
    }

    /**
     * Messages refused before any identity could be named (bad length, unknown type or receiver index, a MAC1
     * of nobody...), by reason; readable from any thread.
     */
    public long refusedUnattributed(io.pptp2wg.wireguard.tunnel.Disposition reason) {
        return device.refusedUnattributed(reason);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    // ------------------------------------------------------------------------- identities

    /**
     * Adds an identity with {@code peer} (the backend) as its peer.
     *
     * @param psk preshared key or null
     * @param endpoint the backend's UDP endpoint (null: learnt when the backend writes first)
     * @param persistentKeepaliveSeconds 0 = off
     */
    public CompletableFuture<Identity> addIdentity(String name, Key privateKey, Key peer, Key psk,
                                                   InetSocketAddress endpoint, int persistentKeepaliveSeconds) {
        Tunnel.Config config = new Tunnel.Config(privateKey.getBytes(), peer.getBytes(), psk == null ? null : psk.getBytes(),
                endpoint, persistentKeepaliveSeconds, options.device().queueLimit());
        return onLoop(() -> device.addIdentity(name, config));
    }

    public CompletableFuture<Void> removeIdentity(Identity identity) {
        return onLoop(() -> {
            device.removeIdentity(identity);
            return null;
        });
    }

    /** TEST AID: see {@link KeyLog}. */
    public void setKeyLog(KeyLog keyLog) {
        loop.execute(() -> device.setKeyLog(keyLog));
    }

    // ------------------------------------------------------------------------- traffic

    /**
     * Sends an IP packet through {@code identity} (any thread). On the loop the result is immediate; from elsewhere
     * the packet is copied and sent on the loop, and the result is QUEUED until then (drops are counted in the
     * identity's stats).
     */
    public SendResult send(Identity identity, ByteBuffer ipPacket) {
        int len = ipPacket.remaining();
        if (loop.inEventLoop()) {
            byte[] tx = sink.txCopy;
            ipPacket.get(ipPacket.position(), tx, 0, len);
            SendResult r = device.send(System.nanoTime(), identity, tx, 0, len, sink);
            sink.flushIfNeeded();
            return r;
        }
        byte[] copy = new byte[len];
        ipPacket.get(ipPacket.position(), copy, 0, len);
        loop.execute(() -> {
            device.send(System.nanoTime(), identity, copy, 0, len, sink);
            sink.flushIfNeeded();
        });
        return SendResult.QUEUED;
    }

    public SendResult send(Identity identity, byte[] ip, int off, int len) {
        return send(identity, ByteBuffer.wrap(ip, off, len));
    }

    /** Starts a handshake of {@code identity} now, on the loop (any thread; see {@link Tunnel#initiateHandshake}). */
    public void initiateHandshake(Identity identity) {
        onLoop(() -> {
            if (!identity.isRemoved()) {
                device.initiateHandshake(System.nanoTime(), identity, sink);
                sink.flushIfNeeded();
            }
            return null;
        });
    }

    /** Runs {@code task} on the socket's event loop (the thread that owns the device). */
    public <T> CompletableFuture<T> onLoop(Callable<T> task) {
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

    private void tick() {
        try {
            device.updateTimers(System.nanoTime(), sink);
            sink.flushIfNeeded();
        } catch (RuntimeException e) {
            LOG.error("WireGuard timer run failed", e); // a bug: keep the socket alive
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.cancel(false);
        try {
            onLoop(() -> {
                for (Identity id : java.util.List.copyOf(device.identities())) {
                    device.removeIdentity(id);
                }
                return null;
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("closing WireGuard identities: {}", e.toString());
        }
        channel.close().syncUninterruptibly();
        if (ownGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    // ------------------------------------------------------------------------- Netty side

    private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf content = packet.content();
            int len = Math.min(content.readableBytes(), rx.length);
            content.getBytes(content.readerIndex(), rx, 0, len);
            try {
                device.receive(System.nanoTime(), packet.sender(), rx, 0, len, sink);
            } catch (RuntimeException e) {
                LOG.error("WireGuard receive failed (a bug: the core refuses bad input by itself)", e);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            sink.flushIfNeeded();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("WireGuard socket: {}", cause.toString());
        }
    }

    private final class Sink implements DeviceSink {
        final byte[] txCopy = new byte[TunnelContext.MAX_DATAGRAM];
        private ByteBuffer view;
        private boolean needsFlush;

        @Override
        public void toNetwork(InetSocketAddress endpoint, byte[] message, int offset, int length) {
            if (!channel.isWritable()) { // the kernel's send buffer and Netty's queue are full: drop, as UDP may
                writeDrops.increment();
                return;
            }
            ByteBuf out = channel.alloc().directBuffer(length);
            out.writeBytes(message, offset, length);
            channel.write(new DatagramPacket(out, endpoint), channel.voidPromise());
            needsFlush = true;
        }

        @Override
        public void toTunnel(Identity identity, byte[] ipPacket, int offset, int length) {
            if (view == null || view.array() != ipPacket) {
                view = ByteBuffer.wrap(ipPacket);
            }
            view.limit(offset + length).position(offset);
            receiver.onPacket(identity, view);
        }

        void flushIfNeeded() {
            if (needsFlush) {
                needsFlush = false;
                channel.flush();
            }
        }
    }
}
