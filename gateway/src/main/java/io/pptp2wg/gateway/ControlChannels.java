package io.pptp2wg.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.gateway.tcp.ControlFrameDecoder;
import io.pptp2wg.pptp.control.ControlStats;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Each accepted TCP 1723 connection: refused at once (closed, no handler, no timer, no log line; counted by the caps)
 * when it is not IPv4 (GRE here is IPv4 only) or the flood caps say so; else the control frame decoder and a
 * {@link ControlSession} on the connection's own event loop.
 */
final class ControlChannels extends ChannelInitializer<SocketChannel> {
    private final PptpGateway gateway;
    private final ConnectionCaps caps;
    private final Map<EventExecutor, LoopResources> loops;
    private final ControlStats stats;

    ControlChannels(PptpGateway gateway, ConnectionCaps caps, Map<EventExecutor, LoopResources> loops, ControlStats stats) {
        this.gateway = gateway;
        this.caps = caps;
        this.loops = loops;
        this.stats = stats;
    }

    /** Listens on TCP {@code at} with the loops of {@code group} (epoll's server channel when {@code epoll}). */
    static Channel bind(EventLoopGroup group, boolean epoll, InetSocketAddress at, ControlChannels connections)
            throws InterruptedException {
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        return new ServerBootstrap().group(group).channel(channel).childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(connections).bind(at).sync().channel();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (!(ch.remoteAddress().getAddress() instanceof Inet4Address)) {
            ch.close();
            return;
        }
        ConnectionCaps.Ticket ticket = caps.admit(Ipv4.fromInetAddress(ch.remoteAddress().getAddress()));
        if (ticket == null) {
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> ticket.closed());
        LoopResources lr = loops.get(ch.eventLoop());
        ch.pipeline().addLast(new ControlFrameDecoder(stats), new ControlSession(gateway, lr, ticket));
    }
}
