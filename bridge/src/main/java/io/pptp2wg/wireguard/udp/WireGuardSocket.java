package io.pptp2wg.wireguard.udp;

import com.wireguard.crypto.Key;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.EventExecutor;
import io.pptp2wg.wireguard.device.Device;
import io.pptp2wg.wireguard.device.Identity;
import io.pptp2wg.wireguard.tunnel.Disposition;
import io.pptp2wg.wireguard.tunnel.SendResult;
import io.pptp2wg.wireguard.tunnel.Tunnel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The gateway's WireGuard UDP port: the I/O edge around one {@link Device} per event loop ("lanes", {@link Lane}).
 * With epoll each lane has its own non-blocking UDP socket ({@link OwnUdpTransport}: recvmmsg/sendmmsg into
 * preallocated native slots, no object per datagram). Elsewhere (no epoll, a channel made in a test's network
 * namespace, an IPv6 bind address, or {@value #NETTY_PROPERTY}=true) it is Netty's datagram channel
 * ({@link NettyChannelTransport}). On the gateway's event loops every loop gets its own socket on the same port
 * (SO_REUSEPORT) and its own device, and an identity lives on the loop of the session it serves, so a packet is
 * relayed from GRE to WireGuard and back on one thread: no hand-over between threads, no copy, no lock. The kernel
 * delivers each datagram to the socket of the loop that owns its receiver index ({@link ReuseportSteering});
 * where it cannot (an initiation, or a kernel without the steering program) the lane that got it hands it on
 * ({@link HandOver}). Sends are flushed once per batch of work on the loop (one sendmmsg), timers run
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
    /** {@code random}: where the handshakes' ephemeral keys, the indices and the cookie secret come from. */
    public record Options(InetSocketAddress bind, int socketBufferBytes, int tickMillis, Device.Settings device,
                          SecureRandom random) {
        public Options(InetSocketAddress bind, int socketBufferBytes, int tickMillis, Device.Settings device) {
            this(bind, socketBufferBytes, tickMillis, device, new SecureRandom());
        }

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
    private final Lane[] lanes;
    private final boolean steered;
    private final AtomicInteger nextLane = new AtomicInteger();
    private final SocketCounters counters = new SocketCounters();
    private volatile boolean closed;

    private WireGuardSocket(Options options, EventLoopGroup group, boolean ownGroup, Receiver receiver,
                            Supplier<Channel> channelInCallerNamespace) throws InterruptedException {
        this.options = options;
        this.group = group;
        this.ownGroup = ownGroup;
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
        SecureRandom random = options.random();
        this.lanes = new Lane[n];
        HandOver handOver = new HandOver(lanes, counters);
        boolean reusePort = n > 1;
        boolean gso = Boolean.getBoolean(GSO_PROPERTY);
        try {
            for (int i = 0; i < n; i++) {
                InetSocketAddress bind = i == 0 ? options.bind() // the others join the port the first one got
                        : new InetSocketAddress(options.bind().getAddress(), lanes[0].transport.localAddress().getPort());
                Device device = new Device(options.device(), random, InstantSource.system(), i, n);
                Lane.TransportOpener opener = ffm
                        ? lane -> OwnUdpTransport.open(lane, bind, reusePort, options.socketBufferBytes(), counters, gso)
                        : lane -> NettyChannelTransport.open(lane, bind, reusePort, options.socketBufferBytes(), counters,
                                channelInCallerNamespace);
                lanes[i] = new Lane(i, n, loops.get(i), device, receiver, handOver, options.tickMillis(), opener);
            }
        } catch (RuntimeException | InterruptedException e) {
            for (Lane l : lanes) {
                if (l != null) {
                    l.transport.close();
                }
            }
            throw e;
        }
        int errno = n > 1 ? ReuseportSteering.attach(lanes[0].transport.descriptor(), n) : 0;
        this.steered = n > 1 && errno == 0;
        if (n > 1 && errno != 0) {
            LOG.warn("WireGuard: the kernel refused the steering program (errno {}): datagrams reaching the wrong event"
                    + " loop are handed over (a copy each)", errno);
        }
        LOG.info("WireGuard socket on {} ({} lane(s){}, SO_RCVBUF {} bytes, {})", localAddress(), n,
                steered ? ", steered by receiver index" : "", lanes[0].transport.receiveBufferBytes(),
                lanes[0].transport.describe());
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
        return counters.writeDrops.sum();
    }

    /** Datagrams that reached another loop's socket than their identity's and were handed over (a copy each). */
    public long handedOver() {
        return counters.handedOver.sum();
    }

    /** How many event loops (each with its socket and device) carry the identities. */
    public int lanes() {
        return lanes.length;
    }

    /** True when the lanes read and write their own UDP sockets (recvmmsg/sendmmsg), false on Netty's channels. */
    public boolean ownUdpSocket() {
        return lanes[0].transport instanceof OwnUdpTransport;
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
        return lanes[0].transport.localAddress();
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
        return lanes[identity.lane()].send(identity, ipPacket);
    }

    public SendResult send(Identity identity, byte[] ip, int off, int len) {
        return send(identity, ByteBuffer.wrap(ip, off, len));
    }

    /** Starts a handshake of {@code identity} now, on its loop (any thread; see {@link Tunnel#initiateHandshake}). */
    public void initiateHandshake(Identity identity) {
        lanes[identity.lane()].initiateHandshake(identity);
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
            l.stopTicks();
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
            l.transport.close();
        }
        if (ownGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
