package io.pptp2wg.tests.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.gateway.gre.CallTable;
import io.pptp2wg.gateway.gre.GreReader;
import io.pptp2wg.gateway.gre.GreTransport;
import io.pptp2wg.gateway.gre.RawGreSocket;
import io.pptp2wg.gateway.gre.RawSocketException;
import io.pptp2wg.gateway.tcp.ControlFrameDecoder;
import io.pptp2wg.ppp.PppClientConfig;
import io.pptp2wg.ppp.PppLink;
import io.pptp2wg.ppp.ClientPppLinks;
import io.pptp2wg.pptp.client.ClientControlConfig;
import io.pptp2wg.pptp.control.ControlStats;
import io.pptp2wg.pptp.gre.GreConfig;
import io.pptp2wg.pptp.gre.GreStats;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One load-generator run, start to end: opens a raw GRE socket (and its reader thread) per source
 * address and one event loop group; ramps up the control connections, each with its calls, within the
 * set-up rate and the pending limit; waits for every session to come up or give up; runs the traffic
 * (and the TCP streams over TUN devices); tears everything down (LCP Terminate, Call-Clear-Request,
 * Stop-Control-Connection); and reports. The sockets it opens live in the network namespace of the
 * thread that calls {@link #run}.
 */
final class LoadRun implements AutoCloseable {
    private static final int READER_WAKE_MILLIS = 200;
    private static final long TEARDOWN_NANOS = TimeUnit.SECONDS.toNanos(15);
    /** Replies still on their way when the traffic stops get this long. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final double GOLDEN = 0.6180339887498949;

    private final LoadOptions o;
    private final PrintStream progress;
    private final GreConfig greConfig = GreConfig.defaults();
    private final GreStats greStats = new GreStats();
    private final ControlStats controlStats = new ControlStats();
    private final ClientControlConfig controlConfig = ClientControlConfig.defaults("pptp2wg-loadgen");
    private final CallTable callTable;
    private final PppOptions pppOptions;
    private final PppOptions pppDebugOptions;
    private final Session[] sessions;
    private final List<ControlChannel> channels = new ArrayList<>();
    private final AtomicInteger up = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger liveConnections = new AtomicInteger();
    private final AtomicLong lastUpNanos = new AtomicLong();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> lostAfterUp = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> mppeModes = new ConcurrentHashMap<>();
    private final List<TunLink> tuns = new ArrayList<>();
    private volatile boolean tearingDown;
    private SessionLog sessionLog;

    private RawGreSocket[] sockets;
    private GreReader[] readers;
    private Thread[] readerThreads;
    private EventLoopGroup group;
    private boolean epoll;
    private Loop[] loops;
    private Random[] loopRandoms;
    private volatile long firstAttemptNanos;
    private int started;

    LoadRun(LoadOptions options, PrintStream progress) {
        this.o = options;
        this.progress = progress;
        Random seed = new SecureRandom();
        this.callTable = new CallTable(1 + seed.nextInt(0xFFFE));
        this.pppOptions = PppClientConfig.options(o.auth(), o.mppePolicy(), o.lcpEchoInterval(), o.lcpEchoFailure(), false);
        this.pppDebugOptions = PppClientConfig.options(o.auth(), o.mppePolicy(), o.lcpEchoInterval(), o.lcpEchoFailure(), true);
        this.sessions = new Session[o.sessions()];
    }

    // ---- for the sessions and connections (any loop)

    LoadOptions options() {
        return o;
    }

    GreConfig greConfig() {
        return greConfig;
    }

    GreStats greStats() {
        return greStats;
    }

    ControlStats controlStats() {
        return controlStats;
    }

    ClientControlConfig controlConfig() {
        return controlConfig;
    }

    /** On the session's loop: its client PPP link (debug lines for the first --debug sessions). */
    PppLink newPppLink(Session s) {
        UserList.Credentials c = o.users().forSession(s.index);
        Random random = loopRandoms[s.loop.index];
        if (s.index < o.debugSessions()) {
            String prefix = "[s" + s.index + "] ";
            Consumer<String> debug = line -> System.err.println(prefix + line);
            return ClientPppLinks.client(new PppClientConfig(pppDebugOptions, c.user(), c.secret(), random), debug);
        }
        return ClientPppLinks.client(new PppClientConfig(pppOptions, c.user(), c.secret(), random));
    }

    /** Our Call ID for a session, unique among everything the GRE readers deliver; -1 if none is left. */
    int reserveCallId(Session s) {
        int id = callTable.reserve();
        if (id >= 0) {
            callTable.attach(id, s);
        }
        return id;
    }

    /** --session-log, or null. */
    SessionLog sessionLog() {
        return sessionLog;
    }

    long firstAttemptNanos() {
        return firstAttemptNanos;
    }

    void sessionUp(Session s, long now) {
        up.incrementAndGet();
        lastUpNanos.accumulateAndGet(now, Math::max);
        mppeModes.computeIfAbsent(s.mppe, k -> new LongAdder()).increment();
    }

    /** On the session's loop: the session ended; a failure if it never came up, a loss if it went down by itself. */
    void sessionDone(Session s, boolean wasUp, String reason) {
        if (s.callId >= 0) {
            callTable.release(s.callId);
        }
        String why = reason == null ? "unknown" : reason.length() > 160 ? reason.substring(0, 160) : reason;
        if (!wasUp) {
            failed.incrementAndGet();
            failures.computeIfAbsent(why, k -> new LongAdder()).increment();
        } else if (!tearingDown && !o.churn()) {
            lostAfterUp.computeIfAbsent(why, k -> new LongAdder()).increment();
        }
    }

    void connectionEnded(ControlChannel c) {
        liveConnections.decrementAndGet();
    }

    // ---- the run

    LoadReport run() throws RawSocketException, InterruptedException {
        double cpu0 = ProcessCpu.self();
        double[] watched0 = watchedCpu();
        open();
        ramp();
        awaitSetup();
        double cpuSetup = ProcessCpu.self();
        double[] watchedSetup = watchedCpu();
        LoadReport.Traffic traffic = null;
        List<LoadReport.TcpStream> tcp = List.of();
        if (up.get() > 0 && !o.churn() && (o.traffic() != LoadOptions.Traffic.NONE || o.tcpStreams() > 0)) {
            List<Iperf> streams = startTcp();
            int trafficSessions = startTraffic();
            say("traffic: %s to %d sessions for %.1f s%s", o.traffic().name().toLowerCase(Locale.ROOT), trafficSessions,
                    o.durationSeconds(), streams.isEmpty() ? "" : ", " + streams.size() + " TCP stream(s)");
            sleepNanos((long) (o.durationSeconds() * 1e9));
            onEveryLoop(l -> l.traffic(false));
            sleepNanos(GRACE_NANOS);
            tcp = streams.stream().map(Iperf::result).toList();
            traffic = trafficReport(trafficSessions);
        }
        double cpuTraffic = ProcessCpu.self();
        double[] watchedTraffic = watchedCpu();
        if (o.holdSeconds() > 0) {
            sleepNanos((long) (o.holdSeconds() * 1e9));
        }
        teardown();
        LoadReport.Setup setup = setupReport();
        double cpuEnd = ProcessCpu.self();
        double[] watchedEnd = watchedCpu();
        List<LoadReport.Watched> watched = new ArrayList<>();
        for (int i = 0; i < o.watchPids().size(); i++) {
            watched.add(new LoadReport.Watched(o.watchPids().get(i), watchedSetup[i] - watched0[i],
                    watchedTraffic[i] - watchedSetup[i], watchedEnd[i] - watched0[i]));
        }
        LoadReport.Watched first = watched.isEmpty() ? new LoadReport.Watched(0, 0, 0, 0) : watched.get(0);
        LoadReport.Cpu cpu = new LoadReport.Cpu(cpuSetup - cpu0, cpuTraffic - cpuSetup, cpuEnd - cpu0, o.watchPid(),
                first.setupSeconds(), first.trafficSeconds(), first.totalSeconds(), List.copyOf(watched));
        Map<String, Long> gre = new LinkedHashMap<>();
        greStats.snapshot().forEach((k, v) -> gre.put(k.name().toLowerCase(Locale.ROOT), v));
        Map<String, Long> ppp = new LinkedHashMap<>();
        long[] drops = new long[io.pptp2wg.ppp.PppCounters.Drop.values().length];
        onEveryLoop(l -> {
            synchronized (drops) {
                for (int i = 0; i < drops.length; i++) {
                    drops[i] += l.pppDrops[i];
                }
            }
        });
        for (io.pptp2wg.ppp.PppCounters.Drop d : io.pptp2wg.ppp.PppCounters.Drop.values()) {
            if (drops[d.ordinal()] > 0) {
                ppp.put(d.name().toLowerCase(Locale.ROOT), drops[d.ordinal()]);
            }
        }
        Map<String, Long> control = new LinkedHashMap<>();
        controlStats.snapshot().forEach((k, v) -> control.put(k.name().toLowerCase(Locale.ROOT), v));
        return new LoadReport(Ipv4.format(o.server()), o.sessions(), o.callsPerConnection(), o.connections(),
                o.sources().stream().map(Ipv4::format).toList(),
                String.join(",", o.auth().stream().map(AuthProtocol::displayName).toList()),
                o.mppePolicy().toString(), o.loops(), o.churn(), setup, traffic, tcp, cpu, ppp, gre, control);
    }

    /** The watched processes' CPU seconds so far, in --watch-pid order. */
    private double[] watchedCpu() {
        double[] s = new double[o.watchPids().size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = ProcessCpu.seconds(o.watchPids().get(i));
        }
        return s;
    }

    private void open() throws RawSocketException, InterruptedException {
        if (o.sessionLog() != null) {
            sessionLog = SessionLog.open(java.nio.file.Path.of(o.sessionLog()));
        }
        List<Integer> sources = o.sources().isEmpty() ? List.of(0) : o.sources();
        sockets = new RawGreSocket[sources.size()];
        GreTransport[] transports = new GreTransport[sources.size()];
        for (int i = 0; i < sources.size(); i++) {
            sockets[i] = RawGreSocket.open(sources.get(i), READER_WAKE_MILLIS);
            transports[i] = GreTransport.of(sockets[i]);
        }
        epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(o.loops(), new DefaultThreadFactory("loadgen"),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        List<Loop> list = new ArrayList<>();
        for (EventExecutor e : group) {
            list.add(new Loop(list.size(), (EventLoop) e, transports));
        }
        loops = list.toArray(Loop[]::new);
        SecureRandom seeds = new SecureRandom();
        loopRandoms = new Random[loops.length];
        for (int i = 0; i < loops.length; i++) {
            loopRandoms[i] = new Random(seeds.nextLong()); // challenges and magic numbers; a load generator needs no more
        }
        onEveryLoop(Loop::startTick);
        readers = new GreReader[sockets.length];
        readerThreads = new Thread[sockets.length];
        for (int i = 0; i < sockets.length; i++) {
            readers[i] = new GreReader(sockets[i], callTable, greStats);
            readerThreads[i] = Thread.ofPlatform().name("gre-reader-" + i).daemon().start(readers[i]);
        }
    }

    /** Opens the connections, each with its calls, no faster than --setup-rate and --max-pending allow. */
    private void ramp() throws InterruptedException {
        firstAttemptNanos = System.nanoTime();
        long nextProgress = firstAttemptNanos + TimeUnit.SECONDS.toNanos(1);
        int next = 0;
        for (int c = 0; next < o.sessions(); c++) {
            int k = Math.min(o.callsPerConnection(), o.sessions() - next);
            while (true) {
                long now = System.nanoTime();
                if (now - nextProgress >= 0) {
                    progressLine(now);
                    nextProgress = now + TimeUnit.SECONDS.toNanos(1);
                }
                boolean roomPending = pending() + k <= o.maxPending() || pending() == 0;
                long due = o.setupRate() > 0 ? firstAttemptNanos + (long) (next / o.setupRate() * 1e9) : now;
                if (roomPending && now - due >= 0) {
                    break;
                }
                // until the next one is due (at most 50 ms, for the progress line), not 5,000 wake-ups a second through
                // an hour of slow --setup-rate (tools/soak.sh); 0.2 ms while waiting for room
                long wait = roomPending ? Math.min(due - now, Math.max(0, nextProgress - now)) : 200_000;
                Thread.sleep(java.time.Duration.ofNanos(Math.clamp(wait, 200_000, 50_000_000)));
            }
            Loop loop = loops[c % loops.length];
            int socket = c % sockets.length;
            ControlChannel ch = new ControlChannel(this, loop);
            long now = System.nanoTime();
            for (int j = 0; j < k; j++) {
                Session s = new Session(this, ch, loop, next, socket, o.server(), now);
                sessions[next++] = s;
                ch.add(s);
            }
            started = next;
            channels.add(ch);
            liveConnections.incrementAndGet();
            connect(ch, loop, socket);
        }
    }

    /** Sessions started and not yet up or failed (main thread). */
    private int pending() {
        return started - up.get() - failed.get();
    }

    private void connect(ControlChannel ch, Loop loop, int socket) {
        Bootstrap b = new Bootstrap().group(loop.executor)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TimeUnit.SECONDS.toMillis(10))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                        c.pipeline().addLast(new ControlFrameDecoder(controlStats), ch);
                    }
                });
        InetSocketAddress remote = new InetSocketAddress(Ipv4.toInetAddress(o.server()), o.port());
        List<Integer> sources = o.sources();
        ChannelFuture f = sources.isEmpty() ? b.connect(remote)
                : b.connect(remote, new InetSocketAddress(Ipv4.toInetAddress(sources.get(socket)), 0));
        f.addListener(done -> {
            if (!done.isSuccess()) {
                ch.connectFailed(done.cause());
            }
        });
    }

    /** Until every session is up or failed; stragglers past --setup-timeout are given up (and counted). */
    private void awaitSetup() throws InterruptedException {
        long lastStart = System.nanoTime();
        long deadline = lastStart + (long) (o.setupTimeoutSeconds() * 1e9);
        long nextProgress = lastStart;
        while (up.get() + failed.get() < o.sessions() && System.nanoTime() - deadline < 0) {
            long now = System.nanoTime();
            if (now - nextProgress >= 0) {
                progressLine(now);
                nextProgress = now + TimeUnit.SECONDS.toNanos(1);
            }
            Thread.sleep(1);
        }
        if (up.get() + failed.get() < o.sessions()) {
            onEveryLoop(l -> {
                long now = System.nanoTime();
                for (Session s : sessions) {
                    if (s != null && s.loop == l && !s.isUp() && s.state != Session.State.DONE) {
                        s.close("set-up timeout (" + s.phase() + ")", now);
                    }
                }
            });
            long end = System.nanoTime() + TEARDOWN_NANOS;
            while (up.get() + failed.get() < o.sessions() && System.nanoTime() - end < 0) {
                Thread.sleep(5);
            }
        }
        progressLine(System.nanoTime());
    }

    private void progressLine(long now) {
        say("%.1f s: %d up, %d failed, %d setting up, %d connections", (now - firstAttemptNanos) / 1e9, up.get(),
                failed.get(), Math.max(0, pending()), liveConnections.get());
    }

    /** The first --tcp sessions that are up get TUN devices (created here, in this thread's namespace) and iperf3. */
    private List<Iperf> startTcp() throws InterruptedException {
        List<Iperf> streams = new ArrayList<>();
        int n = 0;
        for (Session s : sessions) {
            if (n >= o.tcpStreams()) {
                break;
            }
            if (s == null || !s.isUp()) {
                continue;
            }
            String name = "lgtun" + n;
            int overhead = s.mppe != null && !s.mppe.equals("none") ? MPPE_OVERHEAD : 0;
            int mtu = Math.min(s.peerMru, PppClientConfig.CLIENT_MRU) - overhead;
            TunLink link = TunLink.create(s, name, mtu);
            tuns.add(link);
            s.loop.executor.execute(() -> s.tun = link);
            int target = o.iperfTarget() != 0 ? o.iperfTarget() : s.peerAddress;
            streams.add(Iperf.start(s.index, name, Ipv4.format(target), o.iperfPort() + n, o.durationSeconds(),
                    o.iperfReverse(), o.iperfBitrate()));
            n++;
        }
        return streams;
    }

    /** MPPE's header and the inner Protocol field (RFC 3078 §3): IP packets are this much under the MRU. */
    private static final int MPPE_OVERHEAD = 4;

    private int startTraffic() throws InterruptedException {
        if (o.traffic() == LoadOptions.Traffic.NONE) {
            return 0;
        }
        long interval = (long) (1e9 / o.rate());
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        AtomicInteger count = new AtomicInteger();
        onEveryLoop(l -> {
            for (Session s : sessions) {
                if (s != null && s.loop == l && s.isUp() && s.tun == null) {
                    double phase = (s.index * GOLDEN) % 1.0;
                    s.startTraffic(o.target(), interval, start + (long) (phase * interval));
                    count.incrementAndGet();
                }
            }
            l.traffic(true);
        });
        return count.get();
    }

    private LoadReport.Traffic trafficReport(int trafficSessions) throws InterruptedException {
        if (o.traffic() == LoadOptions.Traffic.NONE) {
            return null;
        }
        LatencyHistogram rtt = new LatencyHistogram();
        long[] c = new long[6];
        onEveryLoop(l -> {
            synchronized (c) {
                boolean icmp = o.traffic() == LoadOptions.Traffic.ICMP;
                c[0] += icmp ? l.icmpSent : l.udpSent;
                c[1] += icmp ? l.icmpReceived : l.udpReceived;
                c[2] += l.bytesSent;
                c[3] += l.bytesReceived;
                c[4] += l.otherReceived;
                c[5] += l.sendsSkipped;
                rtt.add(icmp ? l.icmpRtt : l.udpRtt);
            }
        });
        double loss = c[0] == 0 ? 0 : 100.0 * (c[0] - Math.min(c[0], c[1])) / c[0];
        return new LoadReport.Traffic(o.traffic().name().toLowerCase(Locale.ROOT), o.size(), o.rate(), o.durationSeconds(),
                trafficSessions, c[0], c[1], loss, c[2], c[3], ms(rtt.percentile(50)), ms(rtt.percentile(99)),
                rtt.count() == 0 ? -1 : rtt.max() / 1e6, c[4], c[5]);
    }

    private static double ms(long nanos) {
        return nanos < 0 ? -1 : nanos / 1e6;
    }

    private LoadReport.Setup setupReport() throws InterruptedException {
        LatencyHistogram latency = new LatencyHistogram();
        LatencyHistogram upAt = new LatencyHistogram();
        onEveryLoop(l -> {
            synchronized (latency) {
                latency.add(l.setupLatency);
                upAt.add(l.upAt);
            }
        });
        long last = lastUpNanos.get();
        double seconds = up.get() == 0 ? 0 : (last - firstAttemptNanos) / 1e9;
        double seconds99 = up.get() == 0 ? 0 : upAt.percentile(99) / 1e9;
        return new LoadReport.Setup(up.get(), failed.get(), seconds, seconds > 0 ? up.get() / seconds : 0, seconds99,
                seconds99 > 0 ? 0.99 * up.get() / seconds99 : 0,
                ms(latency.percentile(50)), ms(latency.percentile(99)), latency.count() == 0 ? -1 : latency.max() / 1e6,
                sums(failures), sums(mppeModes), sums(lostAfterUp));
    }

    private static Map<String, Long> sums(Map<String, LongAdder> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Every connection closes its sessions (LCP Terminate-Request), clears its calls and stops; bounded. */
    private void teardown() throws InterruptedException {
        tearingDown = true;
        say("tearing down %d connections", liveConnections.get());
        for (ControlChannel ch : channels) {
            ch.loop.executor.execute(ch::teardown);
        }
        long end = System.nanoTime() + TEARDOWN_NANOS;
        while (liveConnections.get() > 0 && System.nanoTime() - end < 0) {
            Thread.sleep(5);
        }
        if (liveConnections.get() > 0) {
            say("%d connections did not stop in time: closing them", liveConnections.get());
            for (ControlChannel ch : channels) {
                ch.loop.executor.execute(ch::forceClose);
            }
            end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (liveConnections.get() > 0 && System.nanoTime() - end < 0) {
                Thread.sleep(5);
            }
        }
    }

    /** Runs {@code task} on every loop and waits for all of them (the results are then visible here). */
    private void onEveryLoop(Consumer<Loop> task) throws InterruptedException {
        List<io.netty.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (Loop l : loops) {
            futures.add(l.executor.submit(() -> task.accept(l)));
        }
        for (io.netty.util.concurrent.Future<?> f : futures) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("event loop task failed", e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("event loop did not answer within 30 s", e);
            }
        }
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = end - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    private void say(String format, Object... args) {
        if (progress != null) {
            progress.println("[loadgen] " + String.format(Locale.ROOT, format, args));
        }
    }

    @Override
    public void close() {
        for (TunLink t : tuns) {
            t.close();
        }
        if (loops != null) {
            for (Loop l : loops) {
                l.executor.execute(l::stopTick);
            }
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (readers != null) {
            for (GreReader r : readers) {
                r.stop();
            }
            for (Thread t : readerThreads) {
                try {
                    t.join(TimeUnit.SECONDS.toMillis(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (sockets != null) {
            for (RawGreSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        if (sessionLog != null) {
            sessionLog.close(); // after the loops stopped: every session that ended has its line
        }
    }
}
