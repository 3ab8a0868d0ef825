package io.pptp2wg.bridge.relay;

import com.wireguard.crypto.Key;
import io.netty.channel.EventLoopGroup;
import io.pptp2wg.bridge.ip.IcmpFragmentationNeeded;
import io.pptp2wg.bridge.ip.Ipv4Header;
import io.pptp2wg.config.wireguard.WireGuardMode;
import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.HealthProbe;
import io.pptp2wg.session.SessionEvent;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionListener;
import io.pptp2wg.session.SessionRegistry;
import io.pptp2wg.session.Uplink;
import io.pptp2wg.session.WireGuardHandshakes;
import io.pptp2wg.session.WireGuardIdentityStore;
import io.pptp2wg.wireguard.Whitepaper;
import io.pptp2wg.wireguard.device.Identity;
import io.pptp2wg.wireguard.tunnel.SendResult;
import io.pptp2wg.wireguard.udp.WireGuardSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Carries IP packets between PPTP sessions and the backend WireGuard server: the gateway's {@link Uplink}
 * and a {@link SessionListener} that gives each logged-in user their WireGuard identity (per-user mode: the
 * user's own key pair from the {@link WireGuardIdentityStore}; shared mode: the gateway's one identity), and
 * starts its handshake as the session comes up so that the first packet is not lost. The decisions are
 * {@link RelayCore}'s, the identity table {@link RelayIdentities}'s; this class moves the packets.
 */
public final class Relay implements Uplink, SessionListener, WireGuardHandshakes, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    private static final long WARN_INTERVAL = TimeUnit.SECONDS.toNanos(10);
    private final RelaySettings settings;
    /** The monotonic clock of the relay's decisions ({@link Ride}, log rates): the gateway's, System::nanoTime in production. */
    private final LongSupplier nanoClock;
    private final RelayCore core;
    private final SessionRegistry sessions;
    private final WireGuardSocket socket;
    private final RelayStats stats = new RelayStats();
    private final java.util.concurrent.atomic.AtomicLong lastWarn;
    private final ThreadLocal<ByteBuffer> icmpScratch =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(IcmpFragmentationNeeded.MAX_LENGTH));
    private final RelayIdentities ids;
    /** The host's own TCP stack for the self-service page, when config.yml turns it on (null: off). */
    private volatile LocalDelivery local;

    private Relay(RelaySettings settings, SessionRegistry sessions, WireGuardIdentityStore identities,
                  WireGuardSocket.Options options, EventLoopGroup group, LongSupplier nanoClock) throws InterruptedException {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.lastWarn = new java.util.concurrent.atomic.AtomicLong(nanoClock.getAsLong() - WARN_INTERVAL);
        this.core = new RelayCore(settings.backendAllowedIps(), settings.wireGuardMtu(), settings.pppMtu());
        this.sessions = sessions;
        this.socket = group == null ? WireGuardSocket.open(options, this::fromBackend)
                : WireGuardSocket.open(options, group, this::fromBackend);
        this.ids = new RelayIdentities(settings, identities, socket);
    }

    /**
     * Opens the WireGuard socket on {@code bind} and attaches to the gateway's sessions. In shared mode the
     * gateway's identity is added (and handshakes) at once.
     *
     * @param group the event loops to put the WireGuard socket on (the gateway's, to keep packets on one thread), or null
     */
    public static Relay open(RelaySettings settings, InetSocketAddress bind, EventLoopGroup group,
                             SessionRegistry sessions, WireGuardIdentityStore identities) throws InterruptedException {
        return open(settings, bind, group, sessions, identities, System::nanoTime);
    }

    /** As above, the relay's decisions timed by {@code nanoClock} (the gateway's monotonic clock; a fake one in tests). */
    public static Relay open(RelaySettings settings, InetSocketAddress bind, EventLoopGroup group, SessionRegistry sessions,
                             WireGuardIdentityStore identities, LongSupplier nanoClock) throws InterruptedException {
        Relay r = new Relay(settings, sessions, identities, WireGuardSocket.Options.defaults(forBackend(bind, settings)), group,
                nanoClock);
        sessions.addListener(r);
        if (settings.mode() == WireGuardMode.SHARED) {
            r.socket.send(r.ids.gateway().join(), RelayIdentities.KEEPALIVE);
        }
        LOG.info("relay: {} mode, backend {} at {}, AllowedIPs {}, MSS clamped to {}", settings.mode().configName(),
                settings.backendPublicKey().toBase64(), settings.backendEndpoint(), settings.backendAllowedIps(), r.core.maxMss());
        return r;
    }

    /**
     * The gateway's own WireGuard socket is IPv4; a backend at an IPv6 address needs the dual-stack one, which an
     * IPv6 wildcard bind selects (an explicit bind address is kept as configured).
     */
    static InetSocketAddress forBackend(InetSocketAddress bind, RelaySettings settings) {
        InetSocketAddress backend = settings.backendEndpoint();
        if (bind.getAddress() != null && bind.getAddress().isAnyLocalAddress() && backend != null
                && backend.getAddress() instanceof Inet6Address) {
            return new InetSocketAddress(InetAddress.ofLiteral("::"), bind.getPort());
        }
        return bind;
    }

    public RelayStats stats() {
        return stats;
    }

    public WireGuardSocket socket() {
        return socket;
    }

    /** Hands the sessions' packets for {@code delivery}'s service to it from now on (null: no more). */
    public void setLocalDelivery(LocalDelivery delivery) {
        this.local = delivery;
    }

    // ------------------------------------------------------------------ sessions come and go

    /**
     * A session's identity handshakes when the session comes up, so that its first packets find a session the
     * backend knows: a new per-user identity does by itself; a long-lived one (shared mode, or a user's second
     * session) is asked to, since the backend may have restarted and forgotten the current session while the
     * identity was idle (its persistent keepalives do not tell: the backend never answers them).
     */
    @Override
    public void onEvent(SessionEvent event) {
        switch (event) {
            case SessionEvent.Up up when onGateway(up.session()) -> ids.gateway().thenAccept(socket::initiateHandshake);
            case SessionEvent.Up up -> {
                ids.userUp(up.session().user(), sessions.session(up.session().id()).map(SessionHandle::executor).orElse(null),
                        nanoClock.getAsLong());
                if (settings.gatewayCarries(up.session().tunnelAddress()) && ids.awaitingFirstAnswer(up.session().user())) {
                    // the gateway's identity handshakes now, so that it is ready if the session rides it
                    LOG.info("relay: the backend has never answered the WireGuard identity of '{}': unless it does within"
                                    + " 1 s, the session on {} rides the gateway's identity until it does (backend-peers"
                                    + " lists the user's [Peer])",
                            up.session().user(), io.pptp2wg.config.Ipv4.format(up.session().tunnelAddress()));
                    ids.gateway().thenAccept(socket::initiateHandshake);
                }
            }
            case SessionEvent.Down down when !onGateway(down.session()) -> ids.userDown(down.session().user());
            default -> { }
        }
    }

    /** Whether the gateway's identity carries the session: shared mode, or an address borrowed in per-user mode. */
    private boolean onGateway(io.pptp2wg.session.SessionInfo s) {
        return settings.mode() == WireGuardMode.SHARED || s.holding() == AddressAllocator.Holding.BORROWED;
    }

    /**
     * The carrier of a session's packets now: the gateway's identity for a borrowed address (or in shared mode); else its
     * user's, or the gateway's while the backend has not answered the user's ({@link Ride}; only on an address of the
     * pool, which the gateway's backend peer routes).
     */
    Carrier carrier(io.pptp2wg.session.SessionInfo s) {
        return onGateway(s) ? Carrier.GATEWAY : ids.carrier(s.user(), s.tunnelAddress(), nanoClock);
    }

    // ------------------------------------------------------------------ packets

    @Override
    public boolean takesLocal(ByteBuffer ip) {
        LocalDelivery l = local;
        return l != null && l.service().isForService(ip);
    }

    @Override
    public void fromClient(SessionHandle session, ByteBuffer ip) {
        LocalDelivery l = local;
        if (l != null && l.service().isForService(ip)) {
            // the page trusts the TCP source address: only the session's own address enters the host's stack
            if (Ipv4Header.source(ip) != session.info().tunnelAddress()) {
                stats.drop(RelayDrop.SPOOFED_SOURCE);
                return;
            }
            l.deliver(ip);
            stats.packetsToLocal.increment();
            return;
        }
        RelayDrop drop = core.fromClient(ip, session.info().tunnelAddress());
        if (drop == RelayDrop.TOO_BIG_DF) {
            ByteBuffer icmp = icmpScratch.get().clear();
            int n = IcmpFragmentationNeeded.write(ip, settings.gatewayAddress(), core.wireGuardMtu(), icmp);
            session.sendToClient(icmp.limit(n));
        }
        if (drop != null) {
            stats.drop(drop);
            return;
        }
        int len = ip.remaining();
        var info = session.info();
        Carrier carrier = carrier(info);
        if (carrier == Carrier.RIDING || carrier == Carrier.AWAITING_ANSWER) {
            ids.offerOwn(info.user(), nanoClock.getAsLong()); // only while riding (out of the pool too), at most every OFFER_INTERVAL
        }
        Identity id = carrier.sendsOnGateway() ? ids.gatewayNow() : ids.of(info.user());
        if (id == null) {
            CompletableFuture<Identity> pending = ids.pending(carrier.sendsOnGateway(), info.user());
            if (pending == null) {
                stats.drop(RelayDrop.NO_IDENTITY);
                return;
            }
            // the identity is still being added (the session just came up): send once it is there, in order
            byte[] copy = new byte[len];
            ip.get(ip.position(), copy, 0, len);
            pending.thenAccept(added -> socket.send(added, ByteBuffer.wrap(copy)));
            stats.packetsToBackend.increment();
            stats.bytesToBackend.add(len);
            return;
        }
        SendResult r = socket.send(id, ip);
        if (r == SendResult.SENT || r == SendResult.QUEUED) {
            stats.packetsToBackend.increment();
            stats.bytesToBackend.add(len);
        } else {
            stats.drop(RelayDrop.WIREGUARD_REFUSED);
        }
    }

    /** The identity carrying the session now (null while it is being added): its user's, or the gateway's. */
    Identity carrierOf(io.pptp2wg.session.SessionInfo session) {
        return carrier(session).sendsOnGateway() ? ids.gatewayNow() : ids.of(session.user());
    }

    /** A packet the host's stack wrote for the sessions (the self-service page's answers), on the TUN's thread. */
    public void fromLocal(LocalService service, ByteBuffer ip) {
        RelayDrop drop = service.fromService(ip);
        SessionHandle session = drop != null ? null : sessions.byTunnelAddress(Ipv4Header.destination(ip)).orElse(null);
        if (drop == null && session == null) {
            drop = RelayDrop.NO_SESSION;
        }
        if (drop != null) {
            stats.drop(drop);
            return;
        }
        session.sendToClient(ip);
        stats.packetsFromLocal.increment();
    }

    /** A decrypted packet from the backend, on the WireGuard socket's thread. */
    void fromBackend(Identity identity, ByteBuffer ip) {
        SessionHandle session = null;
        if (Ipv4Header.isValid(ip)) {
            session = sessions.byTunnelAddress(Ipv4Header.destination(ip)).orElse(null);
        }
        String identityUser = identity == ids.gatewayNow() ? null : identity.name();
        var info = session == null ? null : session.info();
        Carrier carrier = info == null ? null : carrier(info);
        RelayDrop drop = core.fromBackend(ip, identityUser, info == null ? null : info.user(), carrier);
        if (drop != null) {
            stats.drop(drop);
            if (drop == RelayDrop.WRONG_IDENTITY && warnNow()) {
                LOG.warn("relay: dropped a packet for {} that arrived on the identity of {}, not of {} ({} such so far;"
                                + " logged at most every {} s)", io.pptp2wg.config.Ipv4.format(Ipv4Header.destination(ip)),
                        identityUser == null ? "the gateway" : "'" + identityUser + "'",
                        carrier == Carrier.GATEWAY ? "the gateway (a borrowed address)" : "'" + info.user() + "'",
                        stats.dropped(RelayDrop.WRONG_IDENTITY),
                        TimeUnit.NANOSECONDS.toSeconds(WARN_INTERVAL));
            }
            return;
        }
        int len = ip.remaining();
        session.sendToClient(ip);
        stats.packetsToClients.increment();
        stats.bytesToClients.add(len);
    }

    /** True at most once per WARN_INTERVAL: a backend that misroutes (or an attacker) must not flood the log. */
    private boolean warnNow() {
        long now = nanoClock.getAsLong();
        long last = lastWarn.get();
        return now - last >= WARN_INTERVAL && lastWarn.compareAndSet(last, now);
    }

    // ------------------------------------------------------------------ state for the admin API

    @Override
    public Optional<Instant> lastHandshake(String user) {
        Identity id = ids.of(user);
        return id == null ? Optional.empty() : Optional.ofNullable(id.lastHandshake());
    }

    @Override
    public Optional<String> carryingKey(String user) {
        Identity id = ids.of(user);
        return id == null ? Optional.empty() : Optional.of(id.publicKey().toBase64());
    }

    @Override
    public Optional<Instant> lastHandshake(io.pptp2wg.session.SessionInfo session) {
        Identity id = carrierOf(session);
        return id == null ? Optional.empty() : Optional.ofNullable(id.lastHandshake());
    }

    @Override
    public Optional<String> carryingKey(io.pptp2wg.session.SessionInfo session) {
        Identity id = carrierOf(session);
        return id == null ? Optional.empty() : Optional.of(id.publicKey().toBase64());
    }

    /** Handshakes completed by every identity the relay has had (the removed ones included). */
    @Override
    public long completed() {
        return wireGuardTotals().handshakes();
    }

    /** The counters of every identity the relay has had, and of its socket (for metrics: they only grow). */
    public WireGuardTotals wireGuardTotals() {
        WireGuardTotals.Sum sum = new WireGuardTotals.Sum();
        int live = ids.sumInto(sum);
        java.util.Map<io.pptp2wg.wireguard.tunnel.Disposition, Long> unattributed =
                new java.util.EnumMap<>(io.pptp2wg.wireguard.tunnel.Disposition.class);
        for (io.pptp2wg.wireguard.tunnel.Disposition d : io.pptp2wg.wireguard.tunnel.Disposition.values()) {
            long n = socket.refusedUnattributed(d);
            if (n != 0) {
                unattributed.put(d, n);
            }
        }
        return new WireGuardTotals(live, sum.txBytes, sum.rxBytes, sum.handshakes, java.util.Map.copyOf(sum.received),
                java.util.Map.copyOf(sum.sendDrops), java.util.Map.copyOf(unattributed), socket.writeDrops());
    }

    /** The public keys in use now, by user (per-user mode) or the gateway's (shared). */
    public Map<String, Key> identitiesInUse() {
        return ids.inUse();
    }

    /**
     * Health: in shared mode the backend handshake must be younger than REJECT_AFTER_TIME (after that no key
     * may carry data); in per-user mode each identity handshakes when its user is on, so only the socket counts.
     */
    public HealthProbe backendProbe() {
        return new HealthProbe() {
            @Override
            public String name() {
                return "wireguard-backend";
            }

            @Override
            public Status check() {
                if (settings.mode() == WireGuardMode.PER_USER) {
                    return Status.healthy(ids.users() + " user identities on " + socket.localAddress());
                }
                Identity s = ids.gatewayNow();
                Instant last = s == null ? null : s.lastHandshake();
                if (last == null) {
                    return Status.unhealthy("no handshake with the backend yet");
                }
                Duration age = Duration.between(last, Instant.now());
                long limit = TimeUnit.NANOSECONDS.toSeconds(Whitepaper.REJECT_AFTER_TIME);
                return age.toSeconds() < limit
                        ? Status.healthy("backend handshake " + age.toSeconds() + " s ago")
                        : Status.unhealthy("backend handshake " + age.toSeconds() + " s ago, over REJECT_AFTER_TIME (" + limit + " s)");
            }
        };
    }

    @Override
    public void close() {
        socket.close();
        ids.close();
    }
}
