package io.pptp2wg.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.gateway.gre.CallTable;
import io.pptp2wg.gateway.gre.GreLane;
import io.pptp2wg.gateway.gre.GreTransport;
import io.pptp2wg.pptp.gre.GreCounter;
import io.pptp2wg.gateway.gre.RawGreSocket;
import io.pptp2wg.gateway.gre.RawSocketException;
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
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionListener;
import io.pptp2wg.session.SessionRegistry;
import io.pptp2wg.session.Uplink;
import io.pptp2wg.session.guard.LoginLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The PPTP gateway: TCP 1723 (Netty, epoll), the raw GRE sockets ({@link GreSockets}), and the
 * sessions (what is said of them: {@link SessionReports}). Implements {@link SessionRegistry} for the bridge and the admin API. Sessions are pinned
 * to the event loop of their control connection; nothing per session runs on its own thread.
 */
public final class PptpGateway implements SessionRegistry, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PptpGateway.class);
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
    private final AtomicLong sessionIds = new AtomicLong();
    private final LiveSessions up = new LiveSessions();
    /** Several sessions of one user: the per-user limit, own and borrowed addresses, reconnects of a device. */
    private final ConcurrentLogins logins;
    private final ConnectionCaps caps;
    private final LoginLimiter limiter;
    private final Set<ControlSession> connections = ConcurrentHashMap.newKeySet();
    private final SessionReports reports;
    private final CallAdmission admission;
    private final Map<EventExecutor, LoopResources> loops = new IdentityHashMap<>();
    private volatile UserDirectory users;
    private volatile Uplink uplink;
    private volatile LoginPolicy policy;
    private volatile io.pptp2wg.session.LoginRecorder recorder = io.pptp2wg.session.LoginRecorder.NONE;

    private EventLoopGroup group;
    /** pppd's radius plugin: where logins are checked (null without it). */
    private io.pptp2wg.gateway.radius.RadiusService radius;
    private Channel server;
    private final GreSockets gre = new GreSockets();
    /** config.yml's pptpd.radius: accounting and RFC 5176 (set before start). */
    private volatile io.pptp2wg.gateway.radius.RadiusOptions radiusOptions = io.pptp2wg.gateway.radius.RadiusOptions.DEFAULTS;
    /** RADIUS accounting (RFC 2866) to radiusclient.conf's acctservers; null without. */
    private io.pptp2wg.gateway.radius.RadiusAccountingService accounting;
    /** The RFC 5176 listener; null unless configured. */
    private io.pptp2wg.gateway.radius.DynamicAuthorizationService dynamicAuthorization;
    private final io.pptp2wg.radius.AcctSessionIds acctSessionIds;

    public PptpGateway(GatewayOptions options) {
        this.options = options;
        GatewaySettings s = options.settings();
        this.users = s.users();
        this.policy = options.policy();
        this.controlConfig = ControlConfig.defaults(s.connections(), s.stimeoutSeconds());
        this.addresses = options.addresses() != null ? options.addresses()
                : new StickyAddressAllocator(s.remotePool(), s.localIp(), () -> users);
        this.callTable = new CallTable(1 + options.random().nextInt(0xFFFE));
        this.reports = new SessionReports(options.wallClock());
        AtomicInteger liveCalls = new AtomicInteger(); // kept by the admission, shown by the stats
        this.stats = new GatewayStats(liveCalls::get, up::size);
        this.admission = new CallAdmission(s.connections(), callTable, stats, reports, liveCalls);
        this.dhcp = new LocalDhcp(options.dhcp(), s.localIp(), stats);
        this.logins = new ConcurrentLogins(addresses, options.maxSessionsPerUser(), stats, options.nanoClock(),
                () -> recorder);
        this.caps = new ConnectionCaps(options.floods(), stats.control());
        this.limiter = options.limiter();
        this.acctSessionIds = new io.pptp2wg.radius.AcctSessionIds(options.wallClock().instant().getEpochSecond(), options.random());
        ConnectionCaps.logLimits(limiter.limits(), options.floods());
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
            RawGreSocket[] own = GreSockets.openLaned(listen, n);
            start(lane -> GreTransport.batched(own[lane], LoopResources.nth(group, lane), GRE_SEND_BATCH,
                    refused -> stats.gre().add(GreCounter.SEND_ERRORS, refused)), listen, true);
            gre.readOnLoops(own, loops.values(), callTable, stats.gre());
            LOG.info("GRE: a raw socket per event loop ({}), each given its loop's Call IDs by the kernel", n);
            return;
        }
        RawGreSocket socket = GreSockets.openSingle(listen);
        start(GreTransport.of(socket), listen);
        gre.readOnThread(socket, callTable, stats.gre());
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
        admission.lanes(laned ? n : 1);
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap b = new ServerBootstrap().group(group).channel(channel)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ControlChannels(this, caps, loops, stats.control()));
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
        startRadiusExtras(epoll);
    }

    /** Accounting to the acctservers (with pppd's radius plugin), and the RFC 5176 listener when config.yml asks. */
    private void startRadiusExtras(boolean epoll) throws InterruptedException {
        var conf = options.settings().radius();
        if (conf.isEmpty() && radiusOptions.dynamicAuthorization().isEmpty()) {
            return;
        }
        String nasId = conf.flatMap(io.pptp2wg.config.radius.RadiusClientConf::nasIdentifier)
                .orElse(options.settings().ppp().name());
        java.util.OptionalInt nasIp = java.util.OptionalInt.empty();
        if (conf.isPresent() && radiusOptions.accounting()) {
            if (conf.get().acctServers().isEmpty()) {
                LOG.warn("RADIUS: radiusclient.conf names no acctserver: no accounting is sent");
            } else {
                accounting = new io.pptp2wg.gateway.radius.RadiusAccountingService(conf.get(), nasId, options.random(),
                        options.nanoClock());
                accounting.start(group, epoll);
                nasIp = accounting.nasIp();
            }
        }
        if (radiusOptions.dynamicAuthorization().isPresent()) {
            dynamicAuthorization = new io.pptp2wg.gateway.radius.DynamicAuthorizationService(
                    radiusOptions.dynamicAuthorization().get(), nasId, nasIp, this::dynamicAuthorizationTargets,
                    options.nanoClock(), options.wallClock());
            dynamicAuthorization.start(group, epoll);
        }
    }

    /** config.yml's pptpd.radius (accounting and RFC 5176); before {@link #start}. */
    public void setRadiusOptions(io.pptp2wg.gateway.radius.RadiusOptions o) {
        this.radiusOptions = o;
    }

    /** The User-Name RADIUS knows the session's user by: the login, with {@code @default_realm} when it has no realm. */
    private String radiusUserName(String login) {
        return options.settings().radius().flatMap(io.pptp2wg.config.radius.RadiusClientConf::defaultRealm)
                .filter(r -> !login.contains("@")).map(r -> login + "@" + r).orElse(login);
    }

    /** The live sessions a Disconnect- or CoA-Request names (User-Name as sent to RADIUS, or the bare login). */
    private java.util.List<io.pptp2wg.radius.DaeTarget> dynamicAuthorizationTargets(io.pptp2wg.radius.DaeMatch m) {
        java.util.List<io.pptp2wg.radius.DaeTarget> out = new java.util.ArrayList<>();
        for (SessionHandle h : up.all()) {
            CallSession s = (CallSession) h;
            io.pptp2wg.session.SessionInfo i = s.info();
            String id = s.acctSessionId;
            if (i == null || id == null) {
                continue;
            }
            String calling = Ipv4.format(s.peerAddress());
            if (m.matches(id, radiusUserName(i.user()), i.tunnelAddress(), calling, s.call.localCallId())
                    || m.matches(id, i.user(), i.tunnelAddress(), calling, s.call.localCallId())) {
                out.add(new io.pptp2wg.radius.DaeTarget() {
                    @Override
                    public void disconnect(String why) {
                        s.disconnect(why);
                    }

                    @Override
                    public void sessionTimeout(int seconds) {
                        s.changeSessionTimeout(seconds);
                    }
                });
            }
        }
        return out;
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
        if (dynamicAuthorization != null) {
            dynamicAuthorization.close();
            dynamicAuthorization = null;
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
        if (accounting != null) {
            accounting.close(); // the sessions' Stops, then Accounting-Off, answered or given up (bounded)
            accounting = null;
        }
        if (radius != null) {
            radius.close();
            radius = null;
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        gre.close();
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
        return gre.up();
    }

    /** Why the GRE reader (or a loop's GRE socket) stopped, if it did. */
    public Optional<Throwable> greFailure() {
        return gre.failure();
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

    /** RADIUS accounting, when radiusclient.conf names acctservers (for the metrics). */
    public java.util.Optional<io.pptp2wg.gateway.radius.RadiusAccountingService> accounting() {
        return java.util.Optional.ofNullable(accounting);
    }

    /** The RFC 5176 listener, when configured (for the metrics and tests). */
    public java.util.Optional<io.pptp2wg.gateway.radius.DynamicAuthorizationService> dynamicAuthorization() {
        return java.util.Optional.ofNullable(dynamicAuthorization);
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
        return up.all();
    }

    @Override
    public Optional<SessionHandle> session(long id) {
        return up.byId(id);
    }

    @Override
    public Optional<SessionHandle> byTunnelAddress(int address) {
        return up.byAddress(address);
    }

    @Override
    public void addListener(SessionListener listener) {
        reports.addListener(listener);
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
        return admission.admit(client, loop);
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
                new GuessingGuard(limiter, owner.fingerprint(), wallClock(), reports.lockouts), remote);
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
        // a reconnect of the same device whose older session went silent (ReconnectRule) took its address over:
        // the client whose link broke gets in at once; the dead session ends
        up.up(s, o.peerAddress()).ifPresent(older -> {
            stats.increment(SessionCounter.RECONNECT_REPLACEMENTS);
            reports.replaced(older, s);
            older.disconnect("replaced by a reconnect of the same device");
        });
        if (s.login.holding == AddressAllocator.Holding.BORROWED) {
            stats.increment(SessionCounter.BORROWED_ADDRESSES);
        }
        stats.increment(SessionCounter.SESSIONS_UP);
        s.acctSessionId = acctSessionIds.next();
        if (accounting != null) {
            accounting.started(new io.pptp2wg.radius.AcctSession(s.acctSessionId, radiusUserName(o.user()), s.radiusClasses,
                    Optional.of(Ipv4.format(s.peerAddress())), o.peerAddress(), s.call.localCallId(), nanoTime(),
                    TimeUnit.SECONDS.toNanos(radiusOptions.interimSeconds(s.radiusInterimSeconds)), s::counters));
        }
        reports.up(s, o);
    }

    void authFailed(CallSession s, PppLinkEvent.AuthFailed f) {
        stats.increment(SessionCounter.AUTH_FAILURES);
        reports.authFailed(s.fingerprint(), f);
    }

    void loginRefused(CallSession s, PppLinkEvent.Refused r) {
        stats.increment(SessionCounter.LOGINS_REFUSED);
        reports.loginRefused(s.fingerprint(), r);
    }

    /** A call ended (on its loop): Call ID freed, address released, Down published if it was up. */
    void callEnded(CallSession s, boolean wasUp, String reason, long durationMillis) {
        admission.released(s.call.localCallId());
        logins.ended(s);
        // the tunnel address was allocated and is released by the PPP link (IPCP), not here
        if (!wasUp) {
            LOG.debug("{} ended before it was up: {}", s, reason);
            if (s.login.recorded != null) {
                recorder.endedBeforeUp(s.login.recorded, reason, wallClock().instant());
            }
            return;
        }
        up.ended(s);
        if (accounting != null && s.acctSessionId != null) {
            accounting.stopped(s.acctSessionId, io.pptp2wg.gateway.radius.TeardownCauses.of(reason));
        }
        stats.increment(SessionCounter.SESSIONS_DOWN);
        reports.down(s, reason, durationMillis);
    }

    /** The event loops, for tests. */
    Collection<LoopResources> loopResources() {
        return loops.values();
    }
}
