package io.pptp2wg.gateway.radius;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.pptp2wg.radius.DaeDrop;
import io.pptp2wg.radius.DynamicAuthServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * The edge of RFC 5176: a UDP socket on {@code listen:port} (Netty, one of the gateway's loops) whose datagrams go
 * through the {@link DynamicAuthServer} core; its answer goes back to the sender.
 */
public final class DynamicAuthorizationService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicAuthorizationService.class);

    private final RadiusOptions.DynamicAuthorization settings;
    private final DynamicAuthServer core;
    private final LongSupplier nanoClock;
    private final Clock wallClock;
    private Channel channel;

    public DynamicAuthorizationService(RadiusOptions.DynamicAuthorization settings, String nasIdentifier, OptionalInt nasIp,
                                       DynamicAuthServer.Sessions sessions, LongSupplier nanoClock, Clock wallClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
        this.core = new DynamicAuthServer(settings.clients(), nasIdentifier, nasIp, sessions, DynamicAuthorizationService::note);
    }

    public void start(EventLoopGroup group, boolean epoll) throws InterruptedException {
        Bootstrap b = new Bootstrap().group(group.next()).channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        InetSocketAddress from = p.sender();
                        byte[] reply = core.receive(from.getAddress().getAddress(), ByteBufUtil.getBytes(p.content()),
                                nanoClock.getAsLong(), wallClock.instant().getEpochSecond());
                        if (reply != null) {
                            ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(reply), from));
                        }
                    }
                });
        channel = b.bind(new InetSocketAddress(settings.listen(), settings.port())).sync().channel();
        LOG.info("RADIUS dynamic authorization (RFC 5176) on {} for {}", channel.localAddress(),
                settings.clients().stream().map(io.pptp2wg.radius.DaeClient::name).toList());
    }

    private static void note(String line) {
        if (line.startsWith("RADIUS: dropped")) {
            LOG.debug("{}", line); // counted (pptp2wg_radius_dae_dropped_total); a flood must not flood the log
        } else {
            LOG.info("{}", line);
        }
    }

    public Map<DaeDrop, Long> drops() {
        return core.drops();
    }

    public long disconnectAcks() {
        return core.disconnectAcks();
    }

    public long coaAcks() {
        return core.coaAcks();
    }

    public Map<Integer, Long> naks() {
        return core.naks();
    }

    /** The UDP port bound (tests bind 0). */
    public int boundPort() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
        core.destroy();
    }
}
