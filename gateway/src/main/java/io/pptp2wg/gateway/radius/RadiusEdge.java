package io.pptp2wg.gateway.radius;

import io.netty.channel.EventLoopGroup;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.config.radius.RadiusClientConf;
import io.pptp2wg.ppp.auth.RemoteAuth;
import io.pptp2wg.radius.AcctSession;
import io.pptp2wg.radius.AcctSessionIds;
import io.pptp2wg.radius.DaeMatch;
import io.pptp2wg.radius.DaeTarget;
import io.pptp2wg.radius.RadiusReply;
import io.pptp2wg.session.SessionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Everything RADIUS the gateway runs, started and stopped with it: pppd's radius plugin (logins, {@link RadiusService}),
 * accounting to radiusclient.conf's {@code acctserver}s ({@link RadiusAccountingService}) and, when config.yml asks,
 * the RFC 5176 listener ({@link DynamicAuthorizationService}). Sessions report here when they come up (their
 * Acct-Session-Id is given here, with or without accounting) and when they end.
 */
public final class RadiusEdge {
    private static final Logger LOG = LoggerFactory.getLogger(RadiusEdge.class);

    /** radiusclient.conf, with pppd's radius plugin; empty without. */
    private final Optional<RadiusClientConf> conf;
    private final PppOptions ppp;
    private final Random random;
    private final LongSupplier nanoClock;
    private final Clock wallClock;
    private final AcctSessionIds acctSessionIds;
    /** config.yml's pptpd.radius (set before {@link #start}). */
    private volatile RadiusOptions options = RadiusOptions.DEFAULTS;
    private volatile RadiusService auth;
    private volatile RadiusAccountingService accounting;
    private volatile DynamicAuthorizationService dynamicAuthorization;
    private Supplier<? extends Collection<? extends RadiusSession>> live = List::of;

    public RadiusEdge(Optional<RadiusClientConf> conf, PppOptions ppp, Random random, LongSupplier nanoClock, Clock wallClock) {
        this.conf = conf;
        this.ppp = ppp;
        this.random = random;
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
        this.acctSessionIds = new AcctSessionIds(wallClock.instant().getEpochSecond(), random);
    }

    /** config.yml's pptpd.radius (accounting and RFC 5176); before {@link #start}. */
    public void options(RadiusOptions o) {
        this.options = o;
    }

    /**
     * Binds what is configured on loops of {@code group}: the authentication socket (with the plugin), the accounting
     * socket (with the plugin and an acctserver, unless config.yml turns accounting off), the RFC 5176 listener (when
     * config.yml has one), which acts on the sessions {@code live} gives.
     */
    public synchronized void start(EventLoopGroup group, boolean epoll, Supplier<? extends Collection<? extends RadiusSession>> live)
            throws InterruptedException {
        this.live = live;
        if (conf.isPresent()) {
            auth = new RadiusService(conf.get(), ppp, random, nanoClock);
            auth.start(group, epoll);
        }
        if (conf.isEmpty() && options.dynamicAuthorization().isEmpty()) {
            return;
        }
        String nasId = conf.flatMap(RadiusClientConf::nasIdentifier).orElse(ppp.name());
        OptionalInt nasIp = OptionalInt.empty();
        if (conf.isPresent() && options.accounting()) {
            if (conf.get().acctServers().isEmpty()) {
                LOG.warn("RADIUS: radiusclient.conf names no acctserver: no accounting is sent");
            } else {
                accounting = new RadiusAccountingService(conf.get(), nasId, random, nanoClock);
                accounting.start(group, epoll);
                nasIp = accounting.nasIp();
            }
        }
        if (options.dynamicAuthorization().isPresent()) {
            dynamicAuthorization = new DynamicAuthorizationService(options.dynamicAuthorization().get(), nasId, nasIp,
                    this::targets, nanoClock, wallClock);
            dynamicAuthorization.start(group, epoll);
        }
    }

    /** A call's way to its RADIUS login (NAS-Port its number, Calling-Station-Id the client); empty without the plugin. */
    public Optional<RemoteAuth> forCall(int nasPort, int peerAddress, BiConsumer<Long, RadiusReply> answered) {
        RadiusService a = auth;
        return a == null ? Optional.empty() : Optional.of(a.forCall(nasPort, Optional.of(Ipv4.format(peerAddress)), answered));
    }

    /** {@code s} came up as {@code user} on {@code framedIp}: its Acct-Session-Id, and its Start when accounting. */
    public String sessionUp(RadiusSession s, String user, int framedIp) {
        String id = acctSessionIds.next();
        RadiusAccountingService a = accounting;
        if (a != null) {
            long interim = TimeUnit.SECONDS.toNanos(options.interimSeconds(s.radiusInterimSeconds()));
            a.started(new AcctSession(id, userName(user), s.radiusClasses(), Optional.of(Ipv4.format(s.peerAddress())),
                    framedIp, s.nasPort(), nanoClock.getAsLong(), interim, s::counters));
        }
        return id;
    }

    /** A session that was up ended with {@code reason}: its Stop, with the Acct-Terminate-Cause of the reason. */
    public void sessionEnded(String acctSessionId, String reason) {
        RadiusAccountingService a = accounting;
        if (a != null && acctSessionId != null) {
            a.stopped(acctSessionId, TeardownCauses.of(reason));
        }
    }

    /** The User-Name RADIUS knows the session's user by: the login, with {@code @default_realm} when it has no realm. */
    private String userName(String login) {
        return conf.flatMap(RadiusClientConf::defaultRealm).filter(r -> !login.contains("@")).map(r -> login + "@" + r)
                .orElse(login);
    }

    /** The live sessions a Disconnect- or CoA-Request names (User-Name as sent to RADIUS, or the bare login). */
    private List<DaeTarget> targets(DaeMatch m) {
        List<DaeTarget> out = new ArrayList<>();
        for (RadiusSession s : live.get()) {
            SessionInfo i = s.info();
            String id = s.acctSessionId();
            if (i == null || id == null) {
                continue;
            }
            String calling = Ipv4.format(s.peerAddress());
            if (m.matches(id, userName(i.user()), i.tunnelAddress(), calling, s.nasPort())
                    || m.matches(id, i.user(), i.tunnelAddress(), calling, s.nasPort())) {
                out.add(new DaeTarget() {
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

    /** Closes the RFC 5176 listener: first, so that no request acts on sessions the gateway is ending. */
    public synchronized void closeDynamicAuthorization() {
        if (dynamicAuthorization != null) {
            dynamicAuthorization.close();
            dynamicAuthorization = null;
        }
    }

    /** After the sessions ended: their Stops and Accounting-Off (answered or given up, bounded), then the logins' socket. */
    public synchronized void close() {
        closeDynamicAuthorization();
        if (accounting != null) {
            accounting.close();
            accounting = null;
        }
        if (auth != null) {
            auth.close();
            auth = null;
        }
    }

    /** With pppd's radius plugin: RADIUS replies dropped by reason, and logins refused as unreachable; else empty. */
    public Optional<RadiusService> auth() {
        return Optional.ofNullable(auth);
    }

    /** RADIUS accounting, when radiusclient.conf names acctservers (for the metrics). */
    public Optional<RadiusAccountingService> accounting() {
        return Optional.ofNullable(accounting);
    }

    /** The RFC 5176 listener, when configured (for the metrics and tests). */
    public Optional<DynamicAuthorizationService> dynamicAuthorization() {
        return Optional.ofNullable(dynamicAuthorization);
    }
}
