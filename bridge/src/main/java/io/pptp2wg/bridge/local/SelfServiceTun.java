package io.pptp2wg.bridge.local;

import io.pptp2wg.bridge.relay.LocalDelivery;
import io.pptp2wg.bridge.relay.LocalService;
import io.pptp2wg.bridge.relay.Relay;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.os.NetDevice;
import io.pptp2wg.os.TunDevice;
import io.pptp2wg.session.SessionEvent;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionListener;
import io.pptp2wg.session.SessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

/**
 * The host's own TCP stack on the gateway's tunnel address, for the self-service page: the gateway's PPP is
 * userspace, so a TUN device holds the address (/32, as pppd's ppp0 holds localip) and one host route per live
 * session's address, as pppd adds for its peer. What a session sends to the page ({@link LocalService}) is written
 * into the TUN; what the kernel answers is read back and given to {@link Relay#fromLocal}, which sends it down the
 * session that owns the destination. A web server bound to the address then sees each session's own tunnel address
 * as the TCP source (the relay drops a session's packets from any other source). Needs CAP_NET_ADMIN.
 */
public final class SelfServiceTun implements LocalDelivery, SessionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SelfServiceTun.class);
    /** How long a read waits before it looks whether the device is closing. */
    private static final int POLL_MILLIS = 250;
    /** The largest packet a PPP link carries here (pppd's mtu cap) and so the TUN reads. */
    private static final int MAX_PACKET = 65535;

    private final LocalService service;
    private final TunDevice tun;
    private final Relay relay;
    private final Thread reader;
    private final ThreadLocal<TunDevice.Io> writers;
    private final Arena arena = Arena.ofShared();
    private final LongAdder routeFailures = new LongAdder();
    private volatile boolean closing;

    private SelfServiceTun(LocalService service, TunDevice tun, Relay relay) {
        this.service = service;
        this.tun = tun;
        this.relay = relay;
        this.writers = ThreadLocal.withInitial(() -> new TunDevice.Io(Arena.ofAuto(), MAX_PACKET));
        this.reader = Thread.ofPlatform().daemon().name("self-service-tun").unstarted(this::readLoop);
    }

    /**
     * Creates the TUN {@code device} with {@code service}'s address, routes the live sessions' addresses into it,
     * follows the sessions, and has {@code relay} deliver to it.
     */
    public static SelfServiceTun open(String device, LocalService service, int mtu, SessionRegistry sessions, Relay relay) {
        TunDevice tun = TunDevice.open(device);
        try {
            NetDevice.configure(device, service.address(), mtu);
        } catch (RuntimeException e) {
            tun.close();
            throw e;
        }
        SelfServiceTun t = new SelfServiceTun(service, tun, relay);
        sessions.addListener(t);
        for (SessionHandle s : sessions.sessions()) {
            t.route(s.info().tunnelAddress(), true);
        }
        t.reader.start();
        relay.setLocalDelivery(t);
        LOG.info("self-service: {} holds {}, TCP {} from the sessions goes to the host's stack", device,
                Ipv4.format(service.address()), service.port());
        return t;
    }

    @Override
    public LocalService service() {
        return service;
    }

    @Override
    public void deliver(ByteBuffer ip) {
        TunDevice.Io io = writers.get();
        int n = ip.remaining();
        MemorySegment.copy(MemorySegment.ofBuffer(ip), 0, io.data, 0, n);
        tun.write(io, n); // the kernel queues or drops, as a NIC would; TCP retransmits
    }

    @Override
    public void onEvent(SessionEvent event) {
        switch (event) {
            case SessionEvent.Up up -> route(up.session().tunnelAddress(), true);
            case SessionEvent.Down down -> route(down.session().tunnelAddress(), false);
            default -> { }
        }
    }

    private void route(int address, boolean add) {
        if (closing || address == service.address()) {
            return;
        }
        boolean ok = add ? NetDevice.addHostRoute(tun.name(), address) : NetDevice.deleteHostRoute(tun.name(), address);
        if (!ok) {
            routeFailures.increment();
            LOG.warn("self-service: could not {} the route to {} via {}", add ? "add" : "delete", Ipv4.format(address), tun.name());
        }
    }

    private void readLoop() {
        TunDevice.Io io = new TunDevice.Io(arena, MAX_PACKET);
        while (!closing) {
            int n = tun.read(io, POLL_MILLIS);
            if (n < 0) {
                if (!closing) {
                    LOG.error("self-service: reading {} failed; the page is unreachable from now on", tun.name());
                }
                return;
            }
            if (n > 0) {
                relay.fromLocal(service, io.data.asSlice(0, n).asByteBuffer());
            }
        }
    }

    public long routeFailures() {
        return routeFailures.sum();
    }

    /** Stops delivering, then removes the device (its address and routes go with it). */
    @Override
    public void close() {
        relay.setLocalDelivery(null);
        closing = true;
        try {
            reader.join(POLL_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tun.close();
        if (!reader.isAlive()) {
            arena.close();
        }
    }
}
