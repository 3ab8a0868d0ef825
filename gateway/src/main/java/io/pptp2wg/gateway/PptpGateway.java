package io.pptp2wg.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.gateway.gre.CallTable;
import io.pptp2wg.gateway.gre.GreLane;
import io.pptp2wg.gateway.gre.GreReader;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollIoOps;
import io.pptp2wg.gateway.gre.GreTransport;
import io.pptp2wg.pptp.gre.GreCounter;
import io.pptp2wg.gateway.gre.RawGreSocket;
import io.pptp2wg.gateway.gre.RawSocketException;
import io.pptp2wg.gateway.tcp.ControlFrameDecoder;
import io.pptp2wg.ppp.PppLink;
import io.pptp2wg.ppp.PppLinkConfig;
import io.pptp2wg.ppp.PppLinkEvent;
import io.pptp2wg.pptp.control.CallControl.Admission;
import io.pptp2wg.pptp.control.CallControl.Call;
import io.pptp2wg.pptp.control.ControlConfig;
import io.pptp2wg.pptp.control.ControlProtocol;
import io.pptp2wg.pptp.gre.GreConfig;
import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.LoginPolicy;
import io.pptp2wg.session.SessionEvent;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionListener;
import io.pptp2wg.session.SessionRegistry;
import io.pptp2wg.session.Uplink;
import io.pptp2wg.session.guard.GuessingLimits;
import io.pptp2wg.session.guard.Lockout;
import io.pptp2wg.session.guard.LoginLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The PPTP gateway: TCP 1723 (Netty, epoll), the raw GRE socket and its reader thread, and the
 * sessions. Implements {@link SessionRegistry} for the bridge and the admin API. Sessions are pinned
 * to the event loop of their control connection; nothing per session runs on its own thread.
 */
public final class PptpGateway implements SessionRegistry, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PptpGateway.class);
    /** One line per session event, nothing secret: the log an administrator greps. */
    private static final Logger EVENTS = LoggerFactory.getLogger("io.pptp2wg.session");
    /** How often the GRE reader looks up from a blocked recvfrom to see whether it should stop. */
    private static final int READER_WAKE_MILLIS = 250;
    /** How long stop() gives clients to answer Stop-Control-Connection-Request. */
    private static final long SHUTDOWN_GRACE_MILLIS = 1_500;
    /** GRE packets one sendmmsg takes at most (a loop's burst of acknowledgments and replies). */
    private static final int GRE_SEND_BATCH = 64;

    private final GatewayOptions options;
    private final ControlConfig controlConfig;
    private final AddressAllocator addresses;
    private final CallTable callTable;
    private final GatewayStats stats;
    private final LocalDhcp dhcp;
    private final AtomicInteger liveCalls = new AtomicInteger();
    private final AtomicLong sessionIds = new AtomicLong();
    private final Map<Long, CallSession> up = new ConcurrentHashMap<>();
    private final Map<Integer, CallSession> byAddress = new ConcurrentHashMap<>();
    /** Several sessions of one user: the per-user limit, own and borrowed addresses, reconnects of a device. */
    private final ConcurrentLogins logins;
    private final ConnectionCaps caps;
    private final LoginLimiter limiter;
    private final Set<ControlSession> connections = ConcurrentHashMap.newKeySet();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<EventExecutor, LoopResources> loops = new IdentityHashMap<>();
    private volatile UserDirectory users;
    private volatile Uplink uplink;
    private volatile LoginPolicy policy;
    private volatile io.pptp2wg.session.LoginRecorder recorder = io.pptp2wg.session.LoginRecorder.NONE;

    private EventLoopGroup group;
    /** pppd's radius plugin: where logins are checked (null without it). */
    private io.pptp2wg.gateway.radius.RadiusService radius;
    private Channel server;
    private RawGreSocket socket;
    private GreReader reader;
    private Thread readerThread;
    private final List<GreLane> greLanes = new CopyOnWriteArrayList<>();
    /** Residues the Call IDs are given out in (one per loop with its own GRE socket; 1 with one socket). */
    private volatile int lanes = 1;

    public PptpGateway(GatewayOptions options) {
        this.options = options;
        GatewaySettings s = options.settings();
        this.users = s.users();
        this.policy = options.policy();
        this.controlConfig = ControlConfig.defaults(s.connections(), s.stimeoutSeconds());
        this.addresses = options.addresses() != null ? options.addresses()
                : new StickyAddressAllocator(s.remotePool(), s.localIp(), () -> users);
        this.callTable = new CallTable(1 + options.random().nextInt(0xFFFE));
        this.stats = new GatewayStats(liveCalls::get, up::size);
        this.dhcp = new LocalDhcp(options.dhcp(), s.localIp(), stats);
        this.logins = new ConcurrentLogins(addresses, options.maxSessionsPerUser(), stats, options.nanoClock(),
                () -> recorder);
        this.caps = new ConnectionCaps(options.floods(), stats.control());
        this.limiter = options.limiter();
        GuessingLimits g = limiter.limits();
        if (g.enabled()) {
            LOG.info("guessing limits: {} failed logins from one address or {} for one user within {} lock out for {}"
                    + " (doubling to {}); floods: {} connections per address, {} half-open, {} calls per connection",
                    g.sourceFailures(), g.userFailures(), g.window(), g.initialBackoff(), g.maxBackoff(),
                    options.floods().connectionsPerSource(), options.floods().halfOpen(), options.floods().callsPerConnection());
        } else {
            LOG.warn("guessing limits off (guessing.enabled: false): passwords may be tried as fast as calls open");
        }
        if (options.maxSessionsPerUser() != GatewayOptions.UNLIMITED) {
            LOG.info("at most {} sessions per user at once (maxSessionsPerUser)", options.maxSessionsPerUser());
        }
    }

    /**
     * Opens the GRE socket(s), then listens on TCP; throws with instructions when CAP_NET_RAW is missing. With epoll
     * every event loop gets its own raw socket, which the kernel gives only the GRE of that loop's calls (their Call
     * IDs share a residue, {@link RawGreSocket#attachCallIdFilter}), read by the loop itself ({@link GreLane}); without
     * it, one socket and a reader thread hand packets to the loops' inboxes.
     */
    public synchronized void start() throws RawSocketException, InterruptedException {
        int listen = options.settings().listen().map(a -> (int) Ipv4.parse(a).orElseThrow()).orElse(0);
        if (Epoll.isAvailable()) {
            int n = loopCount();
            RawGreSocket[] own = new RawGreSocket[n];
            try {
                for (int i = 0; i < n; i++) {
                    own[i] = RawGreSocket.openNonBlocking(listen);
                    own[i].attachCallIdFilter(n, i);
                }
            } catch (RawSocketException | RuntimeException e) {
                for (RawGreSocket r : own) {
                    if (r != null) {
                        r.close();
                    }
                }
                throw e;
            }
            start(lane -> GreTransport.batched(own[lane], laneExecutor(lane), GRE_SEND_BATCH,
                    refused -> stats.gre().add(GreCounter.SEND_ERRORS, refused)), listen, true);
            for (LoopResources lr : loops.values()) {
                GreLane lane = new GreLane(own[lr.lane], callTable, stats.gre(), lr.inbox);
                io.netty.channel.IoRegistration r = ((IoEventLoop) lr.loop).register(lane).sync().getNow();
                r.submit(EpollIoOps.EPOLLIN);
                greLanes.add(lane);
            }
            LOG.info("GRE: a raw socket per event loop ({}), each given its loop's Call IDs by the kernel", n);
            return;
        }
        socket = RawGreSocket.open(listen, READER_WAKE_MILLIS);
        start(GreTransport.of(socket), listen);
        reader = new GreReader(socket, callTable, stats.gre());
        readerThread = Thread.ofPlatform().name("gre-reader").daemon().start(reader);
    }

    /** The event loop of lane {@code lane} (the group is being made: the loops are taken in its order). */
    private java.util.concurrent.Executor laneExecutor(int lane) {
        int i = 0;
        for (EventExecutor e : group) {
            if (i++ == lane) {
                return e;
            }
        }
        throw new IllegalStateException("no loop " + lane);
    }

    private int loopCount() {
        return options.eventLoops() > 0 ? options.eventLoops() : Runtime.getRuntime().availableProcessors();
    }

    /** Starts the TCP side with a given GRE transport (tests use a fake one and feed {@link #greInput}). */
    synchronized void start(GreTransport transport, int listen) throws InterruptedException {
        start(lane -> transport, listen, false);
    }

    /** @param laned each loop has its own GRE socket (its transport), its calls' Call IDs of its own residue */
    private void start(java.util.function.IntFunction<GreTransport> transportOfLane, int listen, boolean laned)
            throws InterruptedException {
        // before the first call can arrive: every link's MPPE takes the cipher installed here
        io.pptp2wg.mppe.Rc4Choice rc4 = io.pptp2wg.gateway.mppe.OpenSslRc4.install();
        int n = loopCount();
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory("pptp"),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        int lane = 0;
        for (EventExecutor e : group) {
            loops.put(e, new LoopResources(e, transportOfLane.apply(lane),
                    new GreTimers(e, options.gre().ackDelayNanos(), options.nanoClock()), lane));
            lane++;
        }
        this.lanes = laned ? n : 1;
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap b = new ServerBootstrap().group(group).channel(channel)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!(ch.remoteAddress().getAddress() instanceof java.net.Inet4Address)) {
                            ch.close(); // GRE here is IPv4 only
                            return;
                        }
                        int source = Ipv4.fromInetAddress(ch.remoteAddress().getAddress());
                        ConnectionCaps.Ticket ticket = caps.admit(source);
                        if (ticket == null) {
                            ch.close(); // a flood: no handler, no timer, no log line per connection (counted)
                            return;
                        }
                        ch.closeFuture().addListener(f -> ticket.closed());
                        LoopResources lr = loops.get(ch.eventLoop());
                        ch.pipeline().addLast(new ControlFrameDecoder(stats.control()),
                                new ControlSession(PptpGateway.this, lr, ticket));
                    }
                });
        InetSocketAddress at = new InetSocketAddress(Ipv4.toInetAddress(listen), options.tcpPort());
        server = b.bind(at).sync().channel();
        LOG.info("PPTP listening on {} (TCP) with GRE on {}, {} event loops ({}), connections {}, stimeout {} s",
                server.localAddress(), Ipv4.format(listen), n, epoll ? "epoll" : "nio",
                options.settings().connections(), options.settings().stimeoutSeconds());
        LOG.info("MPPE's RC4: {}", rc4.name());
        if (options.settings().radius().isPresent()) {
            radius = new io.pptp2wg.gateway.radius.RadiusService(options.settings().radius().get(), options.settings().ppp(),
                    options.random(), options.nanoClock());
            radius.start(group, epoll);
        }
    }

    /** The TCP port actually bound (tests bind port 0). */
    public int boundPort() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Ends every session cleanly (Call-Disconnect-Notify, Stop-Control-Connection-Request), then closes everything. */
    public synchronized void stop() {
        if (group == null) {
            return;
        }
        for (ControlSession c : connections) {
            c.stopOnLoop("gateway shutting down");
        }
        try {
            Thread.sleep(connections.isEmpty() ? 0 : SHUTDOWN_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (server != null) {
            server.close().awaitUninterruptibly();
        }
        if (radius != null) {
            radius.close();
            radius = null;
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        if (reader != null) {
            reader.stop();
            try {
                readerThread.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (socket != null) {
            socket.close();
        }
        for (GreLane l : greLanes) {
            l.close();
        }
        greLanes.clear();
        group = null;
        LOG.info("PPTP stopped: {}", stats);
    }

    @Override
    public void close() {
        stop();
    }

    // ---- health

    public boolean listening() {
        return server != null && server.isActive();
    }

    public boolean greSocketUp() {
        if (!greLanes.isEmpty()) {
            return greLanes.stream().allMatch(l -> l.socket().isOpen() && l.failure() == null);
        }
        return socket != null && socket.isOpen() && readerThread != null && readerThread.isAlive();
    }

    /** Why the GRE reader (or a loop's GRE socket) stopped, if it did. */
    public Optional<Throwable> greFailure() {
        for (GreLane l : greLanes) {
            if (l.failure() != null) {
                return Optional.of(l.failure());
            }
        }
        return Optional.ofNullable(reader).map(GreReader::failure);
    }

    public GatewayStats stats() {
        return stats;
    }

    /** The online-guessing limits of every login (the admin API reads and clears lock-outs here). */
    public LoginLimiter limiter() {
        return limiter;
    }

    /** With pppd's radius plugin: RADIUS replies dropped by reason, and logins refused as unreachable; else empty. */
    public java.util.Optional<io.pptp2wg.gateway.radius.RadiusService> radius() {
        return java.util.Optional.ofNullable(radius);
    }

    /**
     * The event loops the sessions run on (after {@link #start}): a bridge may put its UDP channels
     * on the same group, so that a session's packets stay on one thread end to end.
     */
    public EventLoopGroup eventLoopGroup() {
        return group;
    }

    // ---- configuration changes

    /** Attaches the bridge: IP packets from clients go to it (null = the built-in echo responder). */
    public void setUplink(Uplink uplink) {
        this.uplink = uplink;
    }

    public void setLoginPolicy(LoginPolicy policy) {
        this.policy = policy;
    }

    /** Where a login is made durable before its IPCP opens (the admin API's journal); NONE holds nothing. */
    public void setLoginRecorder(io.pptp2wg.session.LoginRecorder recorder) {
        this.recorder = recorder;
    }

    /**
     * chap-secrets / pap-secrets were reloaded: new logins use the new users at once; sessions of users
     * still there are untouched; sessions (and logins in progress) of users who are gone are
     * disconnected with the reason "removed from chap-secrets".
     */
    public void updateUsers(UserDirectory newUsers) {
        this.users = newUsers;
        for (ControlSession c : connections) {
            c.onLoop(() -> {
                for (CallSession s : c.calls()) {
                    String u = s.user();
                    if (u != null && newUsers.chap(u).isEmpty() && newUsers.pap(u).isEmpty()) {
                        stats.increment(SessionCounter.REMOVED_USER_DISCONNECTS);
                        s.disconnectOnLoop("removed from chap-secrets");
                    }
                }
            });
        }
    }

    public UserDirectory users() {
        return users;
    }

    // ---- SessionRegistry

    @Override
    public Collection<SessionHandle> sessions() {
        return List.copyOf(up.values());
    }

    @Override
    public Optional<SessionHandle> session(long id) {
        return Optional.ofNullable(up.get(id));
    }

    @Override
    public Optional<SessionHandle> byTunnelAddress(int address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    @Override
    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    // ---- for ControlSession and CallSession

    ConnectionCaps caps() {
        return caps;
    }

    FloodLimits floods() {
        return options.floods();
    }

    ControlConfig controlConfig() {
        return controlConfig;
    }

    GreConfig greConfig() {
        return options.gre();
    }

    long nanoTime() {
        return options.nanoClock().getAsLong();
    }

    Clock wallClock() {
        return options.wallClock();
    }

    Uplink uplink() {
        return uplink;
    }

    LocalDhcp dhcp() {
        return dhcp;
    }

    int localAddress() {
        return options.settings().localIp();
    }

    boolean inLoop(LoopResources lr) {
        return ((EventExecutor) lr.loop).inEventLoop();
    }

    CallTable callTable() {
        return callTable;
    }

    void connectionOpened(ControlSession c) {
        connections.add(c);
    }

    void connectionClosed(ControlSession c) {
        connections.remove(c);
    }

    Admission admitCall(ClientFingerprint client, LoopResources loop) {
        int limit = options.settings().connections();
        if (liveCalls.incrementAndGet() > limit) {
            liveCalls.decrementAndGet();
            stats.increment(SessionCounter.CONNECTION_LIMIT_REFUSALS);
            String reason = "connections limit (" + limit + ") reached";
            EVENTS.info("session refused user=- client={} host=\"{}\" reason=\"{}\"", addr(client), client.hostName(), reason);
            publish(new SessionEvent.Refused(Optional.empty(), client, reason, wallClock().instant()));
            return new Admission.Refused(ControlProtocol.OCRP_GENERAL_ERROR, ControlProtocol.ERROR_NO_RESOURCE, reason);
        }
        int id = callTable.reserve(loop.lane % lanes, lanes);
        if (id < 0) {
            liveCalls.decrementAndGet();
            stats.increment(SessionCounter.CALL_ID_EXHAUSTED);
            return new Admission.Refused(ControlProtocol.OCRP_GENERAL_ERROR, ControlProtocol.ERROR_BAD_CALL_ID,
                    "no Call ID left");
        }
        return new Admission.Admitted(id);
    }

    CallSession newSession(ControlSession owner, LoopResources lr, Call call, int peerAddress) {
        CallSession s = new CallSession(this, owner, lr, call, sessionIds.incrementAndGet(), peerAddress);
        callTable.attach(call.localCallId(), s);
        stats.increment(SessionCounter.CALLS_STARTED);
        // pppd's radius plugin: NAS-Port is the call's own number, Calling-Station-Id the client's address (pptpd's remote_number)
        java.util.Optional<io.pptp2wg.ppp.auth.RemoteAuth> remote = java.util.Optional.ofNullable(radius)
                .map(r -> r.forCall(call.localCallId(), java.util.Optional.of(Ipv4.format(peerAddress)), s::remoteAuthAnswered));
        PppLinkConfig config = new PppLinkConfig(options.settings().ppp(), () -> users, (user, client) -> logins.admit(s, user, client, policy),
                logins.addressesFor(s), localAddress(), owner.fingerprint(), options.random(),
                new GuessingGuard(limiter, owner.fingerprint(), wallClock(), lockouts), remote);
        try {
            PppLink link = options.ppp().create(config);
            link.counters().alsoCountIn(stats.pppDrops());
            s.link(link);
        } catch (RuntimeException e) {
            LOG.error("PPP link could not be created", e);
            stats.increment(SessionCounter.PPP_FAILURES);
            owner.onLoop(() -> owner.clearCall(s, ControlProtocol.CDN_GENERAL_ERROR, "internal error", nanoTime()));
        }
        return s;
    }

    void sessionUp(CallSession s, PppLinkEvent.Opened o) {
        up.put(s.id, s);
        CallSession older = byAddress.put(o.peerAddress(), s);
        if (older != null && older != s) {
            // a reconnect of the same device whose older session went silent (ReconnectRule) took its address over:
            // the client whose link broke gets in at once; the dead session ends
            stats.increment(SessionCounter.RECONNECT_REPLACEMENTS);
            EVENTS.info("session replaced id={} user={} by id={} (a reconnect of the same device)", older.id,
                    older.info().user(), s.id);
            older.disconnect("replaced by a reconnect of the same device");
        }
        if (s.holding == AddressAllocator.Holding.BORROWED) {
            stats.increment(SessionCounter.BORROWED_ADDRESSES);
        }
        stats.increment(SessionCounter.SESSIONS_UP);
        var info = s.info();
        var fp = info.fingerprint();
        EVENTS.info("session up id={} user={} client={} host=\"{}\" vendor=\"{}\" firmware={} call={}/{} address={} auth={} mppe=\"{}\" mru={} holding={}",
                s.id, info.user(), addr(fp), fp.hostName(), fp.vendor(), fp.firmwareRevision(), info.localCallId(),
                info.peerCallId(), Ipv4.format(info.tunnelAddress()), info.auth().displayName(), info.mppe(), o.peerMru(),
                info.holding().name().toLowerCase(java.util.Locale.ROOT));
        publish(new SessionEvent.Up(info, info.started()));
    }

    void authFailed(CallSession s, PppLinkEvent.AuthFailed f) {
        stats.increment(SessionCounter.AUTH_FAILURES);
        ClientFingerprint fp = s.fingerprint();
        EVENTS.info("session auth-failure user={} client={} host=\"{}\" auth={} reason=\"{}\"", f.user(), addr(fp),
                fp.hostName(), f.method().displayName(), f.reason());
        publish(new SessionEvent.AuthFailure(f.user(), fp, f.method(), f.reason(), wallClock().instant()));
    }

    /** Lock-outs that begin are logged and journalled; each login refused during one is logged (and counted by the limiter). */
    private final GuessingGuard.LockoutSink lockouts = new GuessingGuard.LockoutSink() {
        @Override
        public void lockedOut(String user, ClientFingerprint fp, Lockout l) {
            EVENTS.warn("session lockout user={} client={} scope={} until={} reason=\"{}\"", user, addr(fp),
                    l.scope().name().toLowerCase(java.util.Locale.ROOT), l.until(), l.reason());
            publish(new SessionEvent.LockedOut(user, fp, l, l.since()));
        }

        @Override
        public void refused(String user, ClientFingerprint fp, Lockout l) {
            EVENTS.info("session refused-locked-out user={} client={} scope={} until={} (password not checked)", user,
                    addr(fp), l.scope().name().toLowerCase(java.util.Locale.ROOT), l.until());
        }
    };

    void loginRefused(CallSession s, PppLinkEvent.Refused r) {
        stats.increment(SessionCounter.LOGINS_REFUSED);
        ClientFingerprint fp = s.fingerprint();
        EVENTS.info("session refused user={} client={} host=\"{}\" reason=\"{}\"", r.user(), addr(fp), fp.hostName(), r.reason());
        publish(new SessionEvent.Refused(Optional.ofNullable(r.user()), fp, r.reason(), wallClock().instant()));
    }

    /** A call ended (on its loop): Call ID freed, address released, Down published if it was up. */
    void callEnded(CallSession s, boolean wasUp, String reason, long durationMillis) {
        callTable.release(s.call.localCallId());
        liveCalls.decrementAndGet();
        logins.ended(s);
        // the tunnel address was allocated and is released by the PPP link (IPCP), not here
        if (!wasUp) {
            LOG.debug("{} ended before it was up: {}", s, reason);
            if (s.recordedLogin != null) {
                recorder.endedBeforeUp(s.recordedLogin, reason, wallClock().instant());
            }
            return;
        }
        up.remove(s.id);
        byAddress.remove(s.tunnelAddress(), s);
        stats.increment(SessionCounter.SESSIONS_DOWN);
        var info = s.info();
        var c = s.counters();
        EVENTS.info("session down id={} user={} client={} address={} duration={}s bytes_in={} bytes_out={} packets_in={} packets_out={} reason=\"{}\"",
                s.id, info.user(), addr(info.fingerprint()), Ipv4.format(info.tunnelAddress()),
                String.format("%.1f", durationMillis / 1000.0), c.bytesFromClient(), c.bytesToClient(),
                c.packetsFromClient(), c.packetsToClient(), reason);
        publish(new SessionEvent.Down(info, c, reason, wallClock().instant()));
    }

    private void publish(SessionEvent e) {
        for (SessionListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.error("session listener failed on {}", e.getClass().getSimpleName(), ex);
            }
        }
    }

    private static String addr(ClientFingerprint fp) {
        InetSocketAddress a = fp.publicAddress();
        return a == null ? "-" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** The event loops, for tests. */
    Collection<LoopResources> loopResources() {
        return loops.values();
    }
}
