package io.pptp2wg.gateway.radius;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.config.radius.RadiusClientConf;
import io.pptp2wg.config.radius.RadiusServer;
import io.pptp2wg.ppp.auth.RemoteAuth;
import io.pptp2wg.radius.AccessRequestSpec;
import io.pptp2wg.radius.AvPairs;
import io.pptp2wg.radius.RadiusAuthClient;
import io.pptp2wg.radius.RadiusDrop;
import io.pptp2wg.radius.RadiusReply;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The edge of pppd's radius plugin: one UDP socket (Netty, on one of the gateway's event loops, from
 * radiusclient.conf's {@code bindaddr}), the {@link RadiusAuthClient} core on that loop, its timer, and a
 * {@link RemoteAuth} per call whose answers go back to the call's own loop.
 */
public final class RadiusService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RadiusService.class);

    private final RadiusClientConf conf;
    private final String nasIdentifier;
    private final Random random;
    private final LongSupplier nanoClock;
    private final AtomicLong tickets = new AtomicLong();
    /** On the loop only: ticket → the core's handle, while a login waits. */
    private final Map<Long, Long> handles = new HashMap<>();
    private final List<InetSocketAddress> addresses = new ArrayList<>();
    private RadiusAuthClient client;
    private EventLoop loop;
    private Channel channel;
    private ScheduledFuture<?> timer;
    private long timerAt = Long.MAX_VALUE;

    public RadiusService(RadiusClientConf conf, PppOptions options, Random random, LongSupplier nanoClock) {
        this.conf = conf;
        this.nasIdentifier = conf.nasIdentifier().orElse(options.name());
        this.random = random;
        this.nanoClock = nanoClock;
    }

    /**
     * Binds the socket on one loop of {@code group} (an epoll group when {@code epoll}, else NIO); the servers'
     * names are resolved once, here.
     */
    public void start(EventLoopGroup group, boolean epoll) throws InterruptedException {
        var avpairs = AvPairs.resolveOrThrow(conf.plugin().avpairs(), new StandardDictionary());
        for (RadiusServer s : conf.authServers()) {
            InetSocketAddress a = new InetSocketAddress(s.host(), s.port());
            if (a.isUnresolved()) {
                LOG.error("RADIUS server {} ({}:{}) cannot be resolved: logins skip it", s.hostPort(), s.file(), s.line());
            }
            addresses.add(a);
        }
        this.loop = group.next();
        this.client = new RadiusAuthClient(conf, nasIdentifier, avpairs, random, this::send, RadiusService::note);
        InetAddress bind = conf.bindAddress().map(h -> new InetSocketAddress(h, 0).getAddress()).orElse(null);
        Bootstrap b = new Bootstrap().group(loop).channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        received(p.sender(), ByteBufUtil.getBytes(p.content()));
                    }
                });
        channel = (bind == null ? b.bind(0) : b.bind(bind, 0)).sync().channel();
        LOG.info("RADIUS: logins go to {} from {} (radius_timeout {} s x radius_retries {}, at most {} s per login), NAS-Identifier {}",
                conf.authServers().stream().map(RadiusServer::hostPort).toList(), channel.localAddress(), conf.timeoutSeconds(),
                conf.retries(), conf.worstCaseSeconds(), nasIdentifier);
    }

    /** The core's lines: a warning once per cause, a server not answering at INFO, each dropped reply at DEBUG. */
    private static void note(String line) {
        if (line.startsWith("WARN: ")) {
            LOG.warn("{}", line.substring(6));
        } else if (line.startsWith("RADIUS: dropped")) {
            LOG.debug("{}", line);
        } else {
            LOG.info("{}", line);
        }
    }

    private void send(int server, byte[] datagram) {
        InetSocketAddress to = addresses.get(server);
        if (to.isUnresolved()) {
            return; // counts as no answer: the core moves on after radius_timeout x radius_retries
        }
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), to));
    }

    private void received(InetSocketAddress from, byte[] datagram) {
        int server = -1;
        for (int i = 0; i < addresses.size(); i++) {
            InetSocketAddress a = addresses.get(i);
            if (!a.isUnresolved() && a.getAddress().equals(from.getAddress()) && a.getPort() == from.getPort()) {
                server = i;
                break;
            }
        }
        client.receive(server, datagram, nanoClock.getAsLong());
        reschedule();
    }

    private void poll() {
        timer = null;
        timerAt = Long.MAX_VALUE;
        client.poll(nanoClock.getAsLong());
        reschedule();
    }

    private void reschedule() {
        long d = client.deadline();
        if (d == Long.MAX_VALUE || (timer != null && d - timerAt >= 0)) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = d;
        timer = loop.schedule(this::poll, Math.max(0, d - nanoClock.getAsLong()), TimeUnit.NANOSECONDS);
    }

    /**
     * The RemoteAuth of one call: {@code answer} gets (ticket, reply) on this service's loop; the caller moves it
     * to the call's own loop.
     */
    public RemoteAuth forCall(int nasPort, Optional<String> callingStationId, BiConsumer<Long, RadiusReply> answer) {
        return new RemoteAuth() {
            @Override
            public long submit(AccessRequestSpec spec) {
                long ticket = tickets.incrementAndGet();
                loop.execute(() -> {
                    boolean[] answered = new boolean[1];
                    long handle = client.submit(spec, nanoClock.getAsLong(), reply -> {
                        answered[0] = true;
                        handles.remove(ticket);
                        answer.accept(ticket, reply);
                    });
                    if (!answered[0]) {
                        handles.put(ticket, handle);
                    }
                    reschedule();
                });
                return ticket;
            }

            @Override
            public void cancel(long ticket) {
                loop.execute(() -> {
                    Long h = handles.remove(ticket);
                    if (h != null) {
                        client.cancel(h);
                    }
                });
            }

            @Override
            public int nasPort() {
                return nasPort;
            }

            @Override
            public Optional<String> callingStationId() {
                return callingStationId;
            }

            @Override
            public Optional<String> defaultRealm() {
                return conf.defaultRealm();
            }
        };
    }

    /** Replies dropped, by reason (for the metrics); any thread. */
    public Map<RadiusDrop, Long> drops() {
        return client == null ? Map.of() : client.drops();
    }

    /** Logins refused because no server answered; any thread. */
    public long unreachable() {
        return client == null ? 0 : client.unreachableCount();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
        if (loop != null && client != null) {
            loop.execute(client::destroy);
        }
    }
}
