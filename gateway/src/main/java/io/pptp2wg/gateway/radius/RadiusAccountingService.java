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
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.radius.RadiusClientConf;
import io.pptp2wg.config.radius.RadiusServer;
import io.pptp2wg.radius.AcctSession;
import io.pptp2wg.radius.AcctStatus;
import io.pptp2wg.radius.AvPairs;
import io.pptp2wg.radius.RadiusAcctClient;
import io.pptp2wg.radius.RadiusDrop;
import io.pptp2wg.radius.TerminateCause;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The edge of RADIUS accounting: one UDP socket (Netty, on one of the gateway's loops, from {@code bindaddr}), the
 * {@link RadiusAcctClient} core on that loop, and its timer. Sessions report from their own loops; their events hop
 * onto this one. Accounting-On when it starts, Accounting-Off when it closes (waiting, bounded, for the answers).
 */
public final class RadiusAccountingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RadiusAccountingService.class);
    /** The longest a clean stop waits for the last records (Stops, Accounting-Off) to be answered. */
    private static final long CLOSE_WAIT_MAX_SECONDS = 10;

    private final RadiusClientConf conf;
    private final String nasIdentifier;
    private final Random random;
    private final LongSupplier nanoClock;
    private final List<InetSocketAddress> addresses = new ArrayList<>();
    private RadiusAcctClient client;
    private EventLoop loop;
    private Channel channel;
    private ScheduledFuture<?> timer;
    private long timerAt = Long.MAX_VALUE;
    private OptionalInt nasIp = OptionalInt.empty();

    public RadiusAccountingService(RadiusClientConf conf, String nasIdentifier, Random random, LongSupplier nanoClock) {
        this.conf = conf;
        this.nasIdentifier = nasIdentifier;
        this.random = random;
        this.nanoClock = nanoClock;
    }

    /** Binds the socket on one loop of {@code group} and sends Accounting-On. */
    public void start(EventLoopGroup group, boolean epoll) throws InterruptedException {
        var avpairs = AvPairs.resolveOrThrow(conf.plugin().avpairs(), new StandardDictionary());
        for (RadiusServer s : conf.acctServers()) {
            InetSocketAddress a = new InetSocketAddress(s.host(), s.port());
            if (a.isUnresolved()) {
                LOG.error("RADIUS accounting server {} ({}:{}) cannot be resolved: records skip it", s.hostPort(), s.file(), s.line());
            }
            addresses.add(a);
        }
        InetAddress bind = conf.bindAddress().map(h -> new InetSocketAddress(h, 0).getAddress()).orElse(null);
        nasIp = nasAddress(bind);
        this.loop = group.next();
        this.client = new RadiusAcctClient(conf, nasIdentifier, nasIp, avpairs, random, this::send, RadiusAccountingService::note);
        Bootstrap b = new Bootstrap().group(loop).channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        received(p.sender(), ByteBufUtil.getBytes(p.content()));
                    }
                });
        channel = (bind == null ? b.bind(0) : b.bind(bind, 0)).sync().channel();
        LOG.info("RADIUS accounting: records go to {} from {} (NAS-Identifier {}, NAS-IP-Address {}, radius_timeout {} s x radius_retries {})",
                conf.acctServers().stream().map(RadiusServer::hostPort).toList(), channel.localAddress(), nasIdentifier,
                nasIp.isPresent() ? Ipv4.format(nasIp.getAsInt()) : "none", conf.timeoutSeconds(), conf.retries());
        onLoop(() -> client.accountingOn(nanoClock.getAsLong()));
    }

    /**
     * NAS-IP-Address (RFC 2865 §5.4): {@code bindaddr}, else the address the kernel would send from towards the first
     * accounting server (a connected UDP socket sends nothing).
     */
    private OptionalInt nasAddress(InetAddress bind) {
        if (bind instanceof Inet4Address v4 && !v4.isAnyLocalAddress()) {
            return OptionalInt.of(Ipv4.fromInetAddress(v4));
        }
        for (InetSocketAddress a : addresses) {
            if (a.isUnresolved()) {
                continue;
            }
            try (DatagramSocket probe = new DatagramSocket()) {
                probe.connect(a);
                if (probe.getLocalAddress() instanceof Inet4Address v4 && !v4.isAnyLocalAddress()) {
                    return OptionalInt.of(Ipv4.fromInetAddress(v4));
                }
            } catch (java.io.IOException | RuntimeException e) {
                LOG.debug("no route to {} for NAS-IP-Address: {}", a, e.toString());
            }
        }
        return OptionalInt.empty();
    }

    private static void note(String line) {
        if (line.startsWith("RADIUS: dropped")) {
            LOG.debug("{}", line);
        } else if (line.contains("given up")) {
            LOG.warn("{}", line);
        } else {
            LOG.info("{}", line);
        }
    }

    private void send(int server, byte[] datagram) {
        InetSocketAddress to = addresses.get(server);
        if (to.isUnresolved()) {
            return; // counts as no answer
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

    private void onLoop(Runnable r) {
        loop.execute(() -> {
            r.run();
            reschedule();
        });
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

    /** A session is up: Start, and its Interim-Updates. Any thread. */
    public void started(AcctSession s) {
        onLoop(() -> client.start(s, nanoClock.getAsLong()));
    }

    /** A session ended: its Stop. Any thread. */
    public void stopped(String sessionId, TerminateCause cause) {
        onLoop(() -> client.stop(sessionId, cause, nanoClock.getAsLong()));
    }

    /** NAS-IP-Address as sent (also the DAE's identity). */
    public OptionalInt nasIp() {
        return nasIp;
    }

    public Map<AcctStatus, Long> sent() {
        return client == null ? Map.of() : client.sent();
    }

    public Map<AcctStatus, Long> answered() {
        return client == null ? Map.of() : client.answered();
    }

    public Map<AcctStatus, Long> givenUp() {
        return client == null ? Map.of() : client.givenUp();
    }

    public Map<RadiusDrop, Long> drops() {
        return client == null ? Map.of() : client.drops();
    }

    /**
     * Accounting-Off after whatever Stops are queued, then waits until every record is answered or given up (at most
     * {@value #CLOSE_WAIT_MAX_SECONDS} s), then closes the socket.
     */
    @Override
    public void close() {
        if (loop == null || client == null) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        onLoop(() -> {
            client.accountingOff(nanoClock.getAsLong());
            waitIdle(done);
        });
        long worst = Math.min(CLOSE_WAIT_MAX_SECONDS, (long) conf.acctServers().size() * Math.max(1, conf.retries())
                * conf.timeoutSeconds() + 1);
        try {
            if (!done.await(worst, TimeUnit.SECONDS)) {
                LOG.warn("RADIUS accounting: stopping with records unanswered after {} s", worst);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
        loop.execute(client::destroy);
    }

    /** Counts {@code done} down once the core has nothing in flight (checked on the loop, every 50 ms of real time). */
    private void waitIdle(CountDownLatch done) {
        if (client.idle()) {
            done.countDown();
            return;
        }
        loop.schedule(() -> waitIdle(done), 50, TimeUnit.MILLISECONDS);
    }
}
