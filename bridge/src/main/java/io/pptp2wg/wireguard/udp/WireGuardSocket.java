package io.pptp2wg.wireguard.udp;

import com.wireguard.crypto.Key;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.gateway.sys.Libc;
import io.pptp2wg.gateway.sys.RecvBatch;
import io.pptp2wg.wireguard.device.Device;
import io.pptp2wg.wireguard.device.DeviceSink;
import io.pptp2wg.wireguard.device.Identity;
import io.pptp2wg.wireguard.crypto.Bytes;
import io.pptp2wg.wireguard.messages.HandshakeResponse;
import io.pptp2wg.wireguard.messages.TransportData;
import io.pptp2wg.wireguard.messages.MessageType;
import io.pptp2wg.wireguard.tunnel.Disposition;
import io.pptp2wg.wireguard.tunnel.KeyLog;
import io.pptp2wg.wireguard.tunnel.SendResult;
import io.pptp2wg.wireguard.tunnel.Tunnel;
import io.pptp2wg.wireguard.tunnel.TunnelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The gateway's WireGuard UDP port: the I/O edge around one {@link Device} per event loop ("lanes"). With epoll each
 * lane has its own non-blocking UDP socket ({@link UdpSocket}, through the foreign function API as the GRE side's
 * raw socket), registered with its loop as an {@link EpollIoHandle}: datagrams are taken by recvmmsg(2) into
 * preallocated native slots and sent by sendmmsg(2), no object per datagram. Elsewhere (no epoll, a channel made
 * in a test's network namespace, an IPv6 bind address, or {@value #NETTY_PROPERTY}=true) it is Netty's datagram
 * channel. On the gateway's event loops every loop gets its own socket on the same port
 * (SO_REUSEPORT) and its own device, and an identity lives on the loop of the session it serves, so a packet is
 * relayed from GRE to WireGuard and back on one thread: no hand-over between threads, no copy, no lock. The kernel
 * delivers each datagram to the socket of the loop that owns its receiver index ({@link ReuseportSteering});
 * where it cannot (an initiation, or a kernel without the steering program) the lane that got it hands it on.
 * Sends are flushed once per batch of work on the loop (one sendmmsg), timers run
 * every {@link Options#tickMillis()} per lane with {@link System#nanoTime()}.
 *
 * <p>What the relay uses: {@link #addIdentity} when a PPTP user logs in (on the session's loop) and
 * {@link #removeIdentity} when they leave, {@link #send} to send an IP packet through an identity (any thread: from
 * another thread the packet is copied and handed to the identity's loop), a {@link Receiver} for decrypted
 * packets tagged with the identity they arrived on (called on that identity's loop), and
 * {@link Identity#lastHandshake()}/{@link Identity#stats()} for state.
 */
public final class WireGuardSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WireGuardSocket.class);

    /** Decrypted IP packets, on the identity's event loop; the buffer is valid only during the call. */
    @FunctionalInterface
    public interface Receiver {
        void onPacket(Identity identity, ByteBuffer ipPacket);
    }

    /**
     * @param bind local address and port (port 0: any)
     * @param socketBufferBytes SO_RCVBUF and SO_SNDBUF of each lane's socket (4 MiB: 208 KiB overflows near 1 Gbit/s)
     */
    public record Options(InetSocketAddress bind, int socketBufferBytes, int tickMillis, Device.Settings device) {
        public static Options defaults(InetSocketAddress bind) {
            return new Options(bind, 4 << 20, 100, Device.Settings.DEFAULTS);
        }
    }

    /**
     * The largest datagram taken whole when reading in batches: a transport message of a 4,000-octet packet. The
     * PPP links carry at most 1,500; a longer datagram is counted (BAD_LENGTH on our own socket; Netty's channel
     * delivers it truncated, where it fails authentication) and dropped.
     */
    static final int MAX_RECEIVED = 4096;
    /** Datagrams per recvmmsg. */
    static final int RECV_BATCH = 16;
    /** Datagrams per recvmmsg on our own socket, and how many such batches one readiness event takes at most. */
    static final int FFM_RECV_BATCH = 32;
    static final int FFM_BATCHES_PER_EVENT = 8;
    /** Datagrams per sendmmsg on our own socket (a fuller batch is sent at once), each slot the largest UDP payload. */
    static final int FFM_SEND_BATCH = 32;
    /** Set to true to use Netty's datagram channel even where our own socket works (for comparison). */
    public static final String NETTY_PROPERTY = "pptp2wg.wireguard.nettyUdp";
    /**
     * Set to true to let UDP GSO join a lane's transport data of one receiver index into one send (off by default: on
     * this lab's veth pairs it saved the gateway about 1 CPU-s/GB toward the backend but the receiver paid most of it
     * back cutting the datagrams apart; see docs/performance.md).
     */
    public static final String GSO_PROPERTY = "pptp2wg.wireguard.udpGso";

    private final Options options;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final Receiver receiver;
    private final Lane[] lanes;
    private final boolean steered;
    private final AtomicInteger nextLane = new AtomicInteger();
    private final LongAdder writeDrops = new LongAdder();
    private final LongAdder handedOver = new LongAdder();
    private final AtomicBoolean warnedNotIpv4 = new AtomicBoolean();
    private volatile boolean closed;

    private WireGuardSocket(Options options, EventLoopGroup group, boolean ownGroup, Receiver receiver,
                            Supplier<Channel> channelInCallerNamespace) throws InterruptedException {
        this.options = options;
        this.group = group;
        this.ownGroup = ownGroup;
        this.receiver = receiver;
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : group) {
            loops.add((EventLoop) e);
        }
        boolean epoll = channelInCallerNamespace == null && Epoll.isAvailable();
        int n = epoll ? Math.min(loops.size(), Device.MAX_LANES) : 1;
        boolean ffm = epoll && !Boolean.getBoolean(NETTY_PROPERTY) && options.bind().getAddress() instanceof Inet4Address;
        for (int i = 0; i < n && ffm; i++) {
            ffm = loops.get(i) instanceof IoEventLoop l && l.isCompatible(EpollIoHandle.class);
        }
        SecureRandom random = new SecureRandom();
        this.lanes = new Lane[n];
        InetSocketAddress bind = options.bind();
        try {
            for (int i = 0; i < n; i++) {
                lanes[i] = new Lane(i, n, loops.get(i), random, bind, channelInCallerNamespace, n > 1, ffm);
                if (i == 0) { // the others join the port the first one got
                    bind = new InetSocketAddress(bind.getAddress(), lanes[0].localAddress().getPort());
                }
            }
        } catch (RuntimeException | InterruptedException e) {
            for (Lane l : lanes) {
                if (l != null) {
                    l.closeSocket();
                }
            }
            throw e;
        }
        int errno = n > 1 ? ReuseportSteering.attach(lanes[0].fd(), n) : 0;
        this.steered = n > 1 && errno == 0;
        if (n > 1 && errno != 0) {
            LOG.warn("WireGuard: the kernel refused the steering program (errno {}): datagrams reaching the wrong event"
                    + " loop are handed over (a copy each)", errno);
        }
        LOG.info("WireGuard socket on {} ({} lane(s){}, SO_RCVBUF {} bytes, {})", localAddress(), n,
                steered ? ", steered by receiver index" : "", lanes[0].receiveBufferBytes(),
                ffm ? "own UDP socket per lane, recvmmsg/sendmmsg" : lanes[0].channel.getClass().getSimpleName());
    }

    /** Opens the socket on its own single-thread event loop (one lane). */
    public static WireGuardSocket open(Options options, Receiver receiver) throws InterruptedException {
        return new WireGuardSocket(options, newGroup(), true, receiver, null);
    }

    /**
     * Opens the socket on {@code group} (shared with the caller: the gateway's loops), one lane per loop, not closing
     * the group on {@link #close()}.
     */
    public static WireGuardSocket open(Options options, EventLoopGroup group, Receiver receiver) throws InterruptedException {
        return new WireGuardSocket(options, group, false, receiver, null);
    }

    /**
     * Opens the socket (one lane) with a channel made by {@code channelFactory} on the calling thread (tests create
     * it inside a network namespace: a socket belongs to the namespace of the thread that created it).
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

    /** Datagrams that reached another loop's socket than their identity's and were handed over (a copy each). */
    public long handedOver() {
        return handedOver.sum();
    }

    /** How many event loops (each with its socket and device) carry the identities. */
    public int lanes() {
        return lanes.length;
    }

    /** True when the lanes read and write their own UDP sockets (recvmmsg/sendmmsg), false on Netty's channels. */
    public boolean ownUdpSocket() {
        return lanes[0].udp != null;
    }

    /** True when the kernel steers datagrams to their identity's loop (more than one lane, program attached). */
    public boolean steered() {
        return steered;
    }

    /**
     * Messages refused before any identity could be named (bad length, unknown type or receiver index, a MAC1
     * of nobody...), by reason; readable from any thread.
     */
    public long refusedUnattributed(Disposition reason) {
        long n = 0;
        for (Lane l : lanes) {
            n += l.device.refusedUnattributed(reason);
        }
        return n;
    }

    public InetSocketAddress localAddress() {
        return lanes[0].localAddress();
    }

    // ------------------------------------------------------------------------- identities

    /**
     * Adds an identity with {@code peer} (the backend) as its peer, on the next lane in turn.
     *
     * @param psk preshared key or null
     * @param endpoint the backend's UDP endpoint (null: learnt when the backend writes first)
     * @param persistentKeepaliveSeconds 0 = off
     */
    public CompletableFuture<Identity> addIdentity(String name, Key privateKey, Key peer, Key psk,
                                                   InetSocketAddress endpoint, int persistentKeepaliveSeconds) {
        return addIdentity(name, privateKey, peer, psk, endpoint, persistentKeepaliveSeconds, null);
    }

    /**
     * Adds an identity on the lane of event loop {@code near} (the loop of the session it serves, so that its packets
     * never change threads), or on the next lane in turn when {@code near} is none of the socket's loops.
     */
    public CompletableFuture<Identity> addIdentity(String name, Key privateKey, Key peer, Key psk,
                                                   InetSocketAddress endpoint, int persistentKeepaliveSeconds,
                                                   Executor near) {
        Tunnel.Config config = new Tunnel.Config(privateKey.getBytes(), peer.getBytes(), psk == null ? null : psk.getBytes(),
                endpoint, persistentKeepaliveSeconds, options.device().queueLimit());
        Lane lane = laneOf(near);
        return lane.onLoop(() -> lane.device.addIdentity(name, config));
    }

    /** Adds an identity as {@link Tunnel.Config} says (its own queue limit), on the lane of {@code near} (see above). */
    public CompletableFuture<Identity> addIdentity(String name, Tunnel.Config config, Executor near) {
        Lane lane = laneOf(near);
        return lane.onLoop(() -> lane.device.addIdentity(name, config));
    }

    /** Packets an identity holds while its handshake is under way (the device settings'). */
    public int queueLimit() {
        return options.device().queueLimit();
    }

    private Lane laneOf(Executor near) {
        for (Lane l : lanes) {
            if (l.loop == near) {
                return l;
            }
        }
        return lanes[Math.floorMod(nextLane.getAndIncrement(), lanes.length)];
    }

    public CompletableFuture<Void> removeIdentity(Identity identity) {
        Lane lane = lanes[identity.lane()];
        return lane.onLoop(() -> {
            lane.device.removeIdentity(identity);
            return null;
        });
    }

    /** TEST AID: see {@link KeyLog}. */
    public void setKeyLog(KeyLog keyLog) {
        for (Lane l : lanes) {
            l.loop.execute(() -> l.device.setKeyLog(keyLog));
        }
    }

    /** The event loop that carries {@code identity}'s packets. */
    public Executor executorOf(Identity identity) {
        return lanes[identity.lane()].loop;
    }

    // ------------------------------------------------------------------------- traffic

    /**
     * Sends an IP packet through {@code identity} (any thread). On the identity's loop it is encrypted from the
     * buffer where it lies and the result is immediate; from elsewhere the packet is copied and sent on that loop,
     * and the result is QUEUED until then (drops are counted in the identity's stats).
     */
    public SendResult send(Identity identity, ByteBuffer ipPacket) {
        Lane lane = lanes[identity.lane()];
        int len = ipPacket.remaining();
        if (lane.loop.inEventLoop()) {
            SendResult r;
            if (ipPacket.hasArray()) {
                r = lane.device.send(System.nanoTime(), identity, ipPacket.array(),
                        ipPacket.arrayOffset() + ipPacket.position(), len, lane.sink);
            } else {
                byte[] tx = lane.txCopy;
                ipPacket.get(ipPacket.position(), tx, 0, len);
                r = lane.device.send(System.nanoTime(), identity, tx, 0, len, lane.sink);
            }
            lane.flushAfterThisTask();
            return r;
        }
        byte[] copy = new byte[len];
        ipPacket.get(ipPacket.position(), copy, 0, len);
        lane.loop.execute(() -> {
            lane.device.send(System.nanoTime(), identity, copy, 0, len, lane.sink);
            lane.flushAfterThisTask();
        });
        return SendResult.QUEUED;
    }

    public SendResult send(Identity identity, byte[] ip, int off, int len) {
        return send(identity, ByteBuffer.wrap(ip, off, len));
    }

    /** Starts a handshake of {@code identity} now, on its loop (any thread; see {@link Tunnel#initiateHandshake}). */
    public void initiateHandshake(Identity identity) {
        Lane lane = lanes[identity.lane()];
        lane.onLoop(() -> {
            if (!identity.isRemoved()) {
                lane.device.initiateHandshake(System.nanoTime(), identity, lane.sink);
                lane.flushNow();
            }
            return null;
        });
    }

    /** Runs {@code task} on the first lane's event loop. */
    public <T> CompletableFuture<T> onLoop(Callable<T> task) {
        return lanes[0].onLoop(task);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Lane l : lanes) {
            l.ticker.cancel(false);
            done.add(l.onLoop(() -> {
                for (Identity id : List.copyOf(l.device.identities())) {
                    l.device.removeIdentity(id);
                }
                return null;
            }));
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("closing WireGuard identities: {}", e.toString());
        }
        for (Lane l : lanes) {
            l.closeSocket();
        }
        if (ownGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    // ------------------------------------------------------------------------- one lane: a loop, its socket, its device

    private final class Lane {
        final int index;
        final EventLoop loop;
        final Device device;
        /** Netty's channel (where our own socket is not used), else null. */
        final Channel channel;
        /** Our own socket, its batches and its registration with the loop (null with Netty's channel). */
        final UdpSocket udp;
        final RecvBatch rxBatch;
        final UdpSocket.TxBatch txBatch;
        final Reader reader;
        IoRegistration registration;
        /** The last source seen and its address object (a backend is one endpoint: no object per datagram). */
        int lastFromAddress;
        int lastFromPort = -1;
        InetSocketAddress lastFrom;
        /** The last destination object and its address as an int (the identity's endpoint: the same object each time). */
        InetSocketAddress lastTo;
        int lastToAddress;
        /** What the batches did (read on this loop, and logged when the socket closes). */
        long flushes;
        long datagramsSent;
        long messagesSent;
        long readRounds;
        long datagramsRead;
        final ScheduledFuture<?> ticker;
        final byte[] rx = new byte[TunnelContext.MAX_DATAGRAM];
        final byte[] txCopy = new byte[TunnelContext.MAX_DATAGRAM];
        final Sink sink = new Sink();
        final Runnable flush = this::flushNow;
        boolean flushScheduled;

        Lane(int index, int lanes, EventLoop loop, SecureRandom random, InetSocketAddress bind,
             Supplier<Channel> channelInCallerNamespace, boolean reusePort, boolean ffm) throws InterruptedException {
            this.index = index;
            this.loop = loop;
            this.device = new Device(options.device(), random, InstantSource.system(), index, lanes);
            if (ffm) {
                int address = Ipv4.fromInetAddress((Inet4Address) bind.getAddress());
                try {
                    this.udp = UdpSocket.open(address, bind.getPort(), reusePort, options.socketBufferBytes());
                } catch (UdpSocket.UdpSocketException e) {
                    throw new IllegalStateException("WireGuard UDP socket on " + bind + ": " + e.getMessage(), e);
                }
                Arena arena = Arena.ofAuto(); // the batches live as long as the lane
                this.rxBatch = new RecvBatch(arena, FFM_RECV_BATCH, MAX_RECEIVED, true);
                this.txBatch = new UdpSocket.TxBatch(arena, FFM_SEND_BATCH, TunnelContext.MAX_DATAGRAM,
                        Boolean.getBoolean(GSO_PROPERTY));
                this.reader = new Reader(this);
                this.channel = null;
                try {
                    this.registration = ((IoEventLoop) loop).register(reader).sync().getNow();
                    registration.submit(EpollIoOps.EPOLLIN);
                } catch (RuntimeException | InterruptedException e) {
                    udp.close();
                    throw e;
                }
                this.ticker = loop.scheduleAtFixedRate(this::tick, options.tickMillis(), options.tickMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            this.udp = null;
            this.rxBatch = null;
            this.txBatch = null;
            this.reader = null;
            Bootstrap b = new Bootstrap()
                    .group(loop)
                    .option(ChannelOption.SO_RCVBUF, options.socketBufferBytes())
                    .option(ChannelOption.SO_SNDBUF, options.socketBufferBytes())
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 2 << 20))
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(TunnelContext.MAX_DATAGRAM))
                    .handler(new Inbound(this));
            if (reusePort) {
                b.option(EpollChannelOption.SO_REUSEPORT, true);
            }
            if (channelInCallerNamespace == null && Epoll.isAvailable()) {
                // recvmmsg: up to RECV_BATCH datagrams per system call, each in a slot of MAX_RECEIVED octets
                b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_RECEIVED)
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECV_BATCH * MAX_RECEIVED));
            }
            if (channelInCallerNamespace != null) {
                b.channelFactory(channelInCallerNamespace::get);
            } else {
                b.channel(Epoll.isAvailable() ? EpollDatagramChannel.class : NioDatagramChannel.class);
            }
            this.channel = b.bind(bind).sync().channel();
            this.ticker = loop.scheduleAtFixedRate(this::tick, options.tickMillis(), options.tickMillis(), TimeUnit.MILLISECONDS);
        }

        InetSocketAddress localAddress() {
            if (udp != null) {
                return new InetSocketAddress(Ipv4.toInetAddress(udp.localAddress()), udp.localPort());
            }
            return (InetSocketAddress) channel.localAddress();
        }

        int fd() {
            return udp != null ? udp.fd() : ((EpollDatagramChannel) channel).fd().intValue();
        }

        Object receiveBufferBytes() {
            return udp != null ? udp.socketOption(Libc.SO_RCVBUF) : channel.config().getOption(ChannelOption.SO_RCVBUF);
        }

        /**
         * Closes the socket. Ours is taken off the loop and closed on the loop (every use of it is there, so nothing
         * touches the descriptor number after it is closed and perhaps reused), or here when the loop has stopped.
         */
        void closeSocket() {
            if (udp == null) {
                channel.close().syncUninterruptibly();
                return;
            }
            if (!loop.isShuttingDown()) {
                try {
                    onLoop(() -> {
                        if (registration != null) {
                            registration.cancel();
                        }
                        udp.close();
                        return null;
                    }).get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.debug("WireGuard socket: closing on its loop: {}", e.toString());
                }
            }
            udp.close(); // no-op when closed above
            LOG.info("WireGuard lane {}: {} datagrams read in {} recvmmsg calls; {} sent in {} sendmmsg calls as {} messages"
                    + " (UDP GSO {})", index, datagramsRead, readRounds, datagramsSent, flushes, messagesSent,
                    txBatch.gso ? "on" : "off");
        }

        /** The address object for a source, made only when the source changes. */
        InetSocketAddress endpointOf(int address, int port) {
            if (lastFrom == null || address != lastFromAddress || port != lastFromPort) {
                lastFrom = new InetSocketAddress(Ipv4.toInetAddress(address), port);
                lastFromAddress = address;
                lastFromPort = port;
            }
            return lastFrom;
        }

        /** On the loop, when epoll says our socket is readable: batches of datagrams to the device, then one send. */
        void readBatches() {
            if (!udp.isOpen()) {
                return;
            }
            try {
                for (int round = 0; round < FFM_BATCHES_PER_EVENT; round++) {
                    int n = udp.receive(rxBatch);
                    readRounds++;
                    datagramsRead += n;
                    for (int i = 0; i < n; i++) {
                        if (rxBatch.truncated(i)) { // longer than any message a PPP link's packet makes
                            device.countUnattributed(Disposition.BAD_LENGTH);
                            continue;
                        }
                        int len = rxBatch.length(i);
                        MemorySegment.copy(rxBatch.data(i), ValueLayout.JAVA_BYTE, 0, rx, 0, len);
                        receive(endpointOf(rxBatch.sourceAddress(i), rxBatch.sourcePort(i)), rx, len, lanes.length);
                    }
                    if (n < rxBatch.count()) {
                        break;
                    }
                }
            } catch (UdpSocket.UdpSocketException e) {
                LOG.error("WireGuard lane {} stopped reading: {}", index, e.getMessage());
                registration.cancel();
            } finally {
                flushNow();
            }
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

        private void tick() {
            try {
                device.updateTimers(System.nanoTime(), sink);
                flushNow();
            } catch (RuntimeException e) {
                LOG.error("WireGuard timer run failed", e); // a bug: keep the socket alive
            }
        }

        /** On the loop: one datagram (from this lane's socket, or handed over by another lane). */
        void receive(InetSocketAddress from, byte[] buf, int len, int lanesLeft) {
            Disposition d;
            try {
                d = device.receive(System.nanoTime(), from, buf, 0, len, sink);
            } catch (RuntimeException e) {
                LOG.error("WireGuard receive failed (a bug: the core refuses bad input by itself)", e);
                return;
            }
            if (d == Disposition.OTHER_LANE) {
                handOver(from, buf, len, lanesLeft);
            }
        }

        /** Another lane's index goes to that lane; an initiation nobody here knows goes round the lanes once. */
        private void handOver(InetSocketAddress from, byte[] buf, int len, int lanesLeft) {
            int type = buf[0] & 0xFF;
            Lane to;
            int left;
            if (type == MessageType.HANDSHAKE_INITIATION.wireValue) {
                if (lanesLeft <= 1) {
                    device.countUnattributed(Disposition.BAD_MAC1); // no lane's identity made its MAC1
                    return;
                }
                to = lanes[(index + 1) % lanes.length];
                left = lanesLeft - 1;
            } else {
                int at = type == MessageType.HANDSHAKE_RESPONSE.wireValue ? HandshakeResponse.RECEIVER : TransportData.RECEIVER;
                int receiver = Bytes.getIntLE(buf, at);
                to = lanes[Device.laneOf(receiver, lanes.length)];
                left = 1;
            }
            if (to == null) {
                return; // still opening
            }
            handedOver.increment();
            byte[] copy = Arrays.copyOf(buf, len);
            to.loop.execute(() -> {
                to.receive(from, copy, len, left);
                to.flushNow();
            });
        }

        /** Sends written outside a read are flushed once, after the task that wrote them (one sendmmsg). */
        void flushAfterThisTask() {
            if (sink.needsFlush && !flushScheduled) {
                flushScheduled = true;
                loop.execute(flush);
            }
        }

        void flushNow() {
            flushScheduled = false;
            if (sink.needsFlush) {
                sink.needsFlush = false;
                if (udp != null) {
                    sendQueued();
                } else {
                    channel.flush();
                }
            }
        }

        private void sendQueued() {
            if (!udp.isOpen()) { // a task left on the loop after close
                writeDrops.add(txBatch.queued());
                txBatch.clear();
                return;
            }
            if (txBatch.queued() > 0) {
                flushes++;
                datagramsSent += txBatch.queued();
                messagesSent += txBatch.messages();
                int refused = udp.send(txBatch);
                if (refused > 0) {
                    writeDrops.add(refused);
                }
            }
        }

        private final class Sink implements DeviceSink {
            private ByteBuffer view;
            boolean needsFlush;

            @Override
            public void toNetwork(InetSocketAddress endpoint, byte[] message, int offset, int length) {
                if (udp != null) {
                    toOwnSocket(endpoint, message, offset, length);
                    return;
                }
                if (!channel.isWritable()) { // the kernel's send buffer and Netty's queue are full: drop, as UDP may
                    writeDrops.increment();
                    return;
                }
                ByteBuf out = channel.alloc().directBuffer(length);
                out.writeBytes(message, offset, length);
                channel.write(new DatagramPacket(out, endpoint), channel.voidPromise());
                needsFlush = true;
            }

            private void toOwnSocket(InetSocketAddress endpoint, byte[] message, int offset, int length) {
                if (endpoint != lastTo) {
                    if (!(endpoint.getAddress() instanceof Inet4Address a)) { // our socket is IPv4
                        writeDrops.increment();
                        if (warnedNotIpv4.compareAndSet(false, true)) {
                            LOG.warn("WireGuard: endpoint {} is not an IPv4 address: dropped (set -D{}=true for Netty's"
                                    + " dual-stack channel)", endpoint, NETTY_PROPERTY);
                        }
                        return;
                    }
                    lastToAddress = Ipv4.fromInetAddress(a);
                    lastTo = endpoint;
                }
                if (length > txBatch.capacity()) {
                    writeDrops.increment();
                    return;
                }
                // with UDP GSO, transport data of one receiver index may be joined (a steering receiver keeps them
                // together); without it nothing is joined and the receiver index is not looked at
                long flow = txBatch.gso && length >= TransportData.MIN_SIZE && message[offset] == MessageType.TRANSPORT_DATA.wireValue
                        ? Integer.toUnsignedLong(Bytes.getIntLE(message, offset + TransportData.RECEIVER)) : UdpSocket.TxBatch.ALONE;
                if (txBatch.add(message, offset, length, lastToAddress, endpoint.getPort(), flow)) {
                    sendQueued(); // a full batch goes now
                }
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
        }
    }

    /** A lane's own socket as Netty sees it: a descriptor epoll watches, read by the lane on its loop. */
    private static final class Reader implements EpollIoHandle {
        private final Lane lane;
        private final FileDescriptor fd;

        Reader(Lane lane) {
            this.lane = lane;
            this.fd = new FileDescriptor(lane.udp.fd());
        }

        @Override
        public FileDescriptor fd() {
            return fd;
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            lane.readBatches();
        }

        @Override
        public void close() {
            // the lane closes its socket (WireGuardSocket.close)
        }
    }

    private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
        private final Lane lane;

        Inbound(Lane lane) {
            this.lane = lane;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf content = packet.content();
            int len = Math.min(content.readableBytes(), lane.rx.length);
            content.getBytes(content.readerIndex(), lane.rx, 0, len);
            lane.receive(packet.sender(), lane.rx, len, lanes.length);
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
