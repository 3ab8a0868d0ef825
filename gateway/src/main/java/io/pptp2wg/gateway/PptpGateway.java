package io.pptp2wg.gateway;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
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
import io.pptp2wg.gateway.mppe.OpenSslRc4;
import io.pptp2wg.gateway.radius.RadiusEdge;
import io.pptp2wg.mppe.Rc4Choice;
import io.pptp2wg.ppp.PppLink;
import io.pptp2wg.ppp.PppLinkConfig;
import io.pptp2wg.ppp.PppLinkEvent;
import io.pptp2wg.ppp.auth.RemoteAuth;
import io.pptp2wg.pptp.control.CallControl.Admission;
import io.pptp2wg.pptp.control.CallControl.Call;
import io.pptp2wg.pptp.control.ControlConfig;
import io.pptp2wg.pptp.control.ControlProtocol;
import io.pptp2wg.pptp.gre.GreConfig;
import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.LoginPolicy;
import io.pptp2wg.session.LoginRecorder;
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
import java.util.function.IntFunction;

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
    private volatile LoginRecorder recorder = LoginRecorder.NONE;

    private EventLoopGroup group;
    private Channel server;
    private final GreSockets gre = new GreSockets();
    /** pppd's radius plugin, RADIUS accounting and RFC 5176: started and stopped with the gateway. */
    private final RadiusEdge radius;

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
        this.radius = new RadiusEdge(s.radius(), s.ppp(), options.random(), options.nanoClock(), options.wallClock());
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
    private void start(IntFunction<GreTransport> transportOfLane, int listen, boolean laned)
            throws InterruptedException {
        // before the first call can arrive: every link's MPPE takes the cipher installed here
        Rc4Choice rc4 = OpenSslRc4.install();
        int n = loopCount();
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory("pptp"),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        loops.putAll(LoopResources.of(group, transportOfLane, options.gre().ackDelayNanos(), options.nanoClock()));
        admission.lanes(laned ? n : 1);
        InetSocketAddress at = new InetSocketAddress(Ipv4.toInetAddress(listen), options.tcpPort());
        server = ControlChannels.bind(group, epoll, at, new ControlChannels(this, caps, loops, stats.control()));
        LOG.info("PPTP listening on {} (TCP) with GRE on {}, {} event loops ({}), connections {}, stimeout {} s",
                server.localAddress(), Ipv4.format(listen), n, epoll ? "epoll" : "nio",
                options.settings().connections(), options.settings().stimeoutSeconds());
        LOG.info("MPPE's RC4: {}", rc4.name());
        radius.start(group, epoll, up::calls);
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
        radius.closeDynamicAuthorization(); // no request acts on the sessions ending now
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
        radius.close(); // the sessions' Stops, then Accounting-Off, answered or given up (bounded)
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

    /** RADIUS: config.yml's options go in before {@link #start}; its services' counters come out (for the metrics). */
    public RadiusEdge radius() {
        return radius;
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
    public void setLoginRecorder(LoginRecorder recorder) {
        this.recorder = recorder;
    }

    /**
     * chap-secrets / pap-secrets were reloaded: new logins use the new users at once; sessions of users
     * still there are untouched; sessions (and logins in progress) of users who are gone are
     * disconnected with the reason "removed from chap-secrets". With pppd's radius plugin the users are RADIUS's
     * (the directory is empty): a reload ends no session, as pppd never reads chap-secrets then.
     */
    public void updateUsers(UserDirectory newUsers) {
        this.users = newUsers;
        if (options.settings().radius().isPresent()) {
            return;
        }
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
        Optional<RemoteAuth> remote = radius.forCall(call.localCallId(), peerAddress, s::remoteAuthAnswered);
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
        s.radius.acctSessionId = radius.sessionUp(s, o.user(), o.peerAddress());
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
        radius.sessionEnded(s.radius.acctSessionId, reason);
        stats.increment(SessionCounter.SESSIONS_DOWN);
        reports.down(s, reason, durationMillis);
    }

    /** The event loops, for tests. */
    Collection<LoopResources> loopResources() {
        return loops.values();
    }
}
