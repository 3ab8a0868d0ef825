package io.pptp2wg.wireguard.udp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.pptp2wg.wireguard.tunnel.TunnelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * A lane's socket as Netty's datagram channel (epoll or NIO): the fallback where our own socket is not used (no
 * epoll, a channel made in a test's network namespace, an IPv6 bind address, or {@value WireGuardSocket#NETTY_PROPERTY}).
 */
final class NettyChannelTransport implements LaneTransport {
    private static final Logger LOG = LoggerFactory.getLogger(NettyChannelTransport.class);

    /** Datagrams per recvmmsg (epoll). */
    static final int RECV_BATCH = 16;

    private final Channel channel;
    private final SocketCounters counters;

    private NettyChannelTransport(Channel channel, SocketCounters counters) {
        this.channel = channel;
        this.counters = counters;
    }

    /**
     * Binds a channel on the lane's loop.
     *
     * @param channelInCallerNamespace makes the channel (on the calling thread), or null for the machine's own kind
     */
    static NettyChannelTransport open(Lane lane, InetSocketAddress bind, boolean reusePort, int bufferBytes,
                                      SocketCounters counters, Supplier<Channel> channelInCallerNamespace)
            throws InterruptedException {
        Bootstrap b = new Bootstrap()
                .group(lane.loop)
                .option(ChannelOption.SO_RCVBUF, bufferBytes)
                .option(ChannelOption.SO_SNDBUF, bufferBytes)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 2 << 20))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(TunnelContext.MAX_DATAGRAM))
                .handler(new Inbound(lane));
        if (reusePort) {
            b.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        if (channelInCallerNamespace == null && Epoll.isAvailable()) {
            // recvmmsg: up to RECV_BATCH datagrams per system call, each in a slot of MAX_RECEIVED octets
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, WireGuardSocket.MAX_RECEIVED)
                    .option(ChannelOption.RCVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(RECV_BATCH * WireGuardSocket.MAX_RECEIVED));
        }
        if (channelInCallerNamespace != null) {
            b.channelFactory(channelInCallerNamespace::get);
        } else {
            b.channel(Epoll.isAvailable() ? EpollDatagramChannel.class : NioDatagramChannel.class);
        }
        return new NettyChannelTransport(b.bind(bind).sync().channel(), counters);
    }

    @Override
    public boolean write(InetSocketAddress endpoint, byte[] message, int offset, int length) {
        if (!channel.isWritable()) { // the kernel's send buffer and Netty's queue are full: drop, as UDP may
            counters.writeDrops.increment();
            return false;
        }
        ByteBuf out = channel.alloc().directBuffer(length);
        out.writeBytes(message, offset, length);
        channel.write(new DatagramPacket(out, endpoint), channel.voidPromise());
        return true;
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public int descriptor() {
        return ((EpollDatagramChannel) channel).fd().intValue();
    }

    @Override
    public Object receiveBufferBytes() {
        return channel.config().getOption(ChannelOption.SO_RCVBUF);
    }

    @Override
    public String describe() {
        return channel.getClass().getSimpleName();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    /** Datagrams from the channel to the lane, one flush after each read. */
    private static final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
        private final Lane lane;
        private final byte[] rx = new byte[TunnelContext.MAX_DATAGRAM];

        Inbound(Lane lane) {
            this.lane = lane;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf content = packet.content();
            int len = Math.min(content.readableBytes(), rx.length);
            content.getBytes(content.readerIndex(), rx, 0, len);
            lane.receive(packet.sender(), rx, len);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            lane.flushNow();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("WireGuard socket: {}", cause.toString());
        }
    }
}
