package io.pptp2wg.admin.testing;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.LoginPolicy;
import io.pptp2wg.session.SessionCounters;
import io.pptp2wg.session.SessionEvent;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionInfo;
import io.pptp2wg.session.SessionListener;
import io.pptp2wg.session.SessionRegistry;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory PPTP gateway for the admin API's tests: it does what the real one does around a login
 * (asks the login policy after the password, takes an address from the allocator, reports Up, Down,
 * AuthFailure and Refused events) without any protocol.
 */
public final class FakeGateway implements SessionRegistry {
    public sealed interface Login {
        record Up(FakeSession session) implements Login {}

        record Refused(String messageToClient) implements Login {}
    }

    private final LoginPolicy policy;
    private final AddressAllocator addresses;
    private final Clock clock;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, FakeSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1);

    public FakeGateway(LoginPolicy policy, AddressAllocator addresses, Clock clock) {
        this.policy = policy;
        this.addresses = addresses;
        this.clock = clock;
    }

    public static ClientFingerprint client(String host, String vendor, int firmware, String ip) {
        return new ClientFingerprint(host, vendor, firmware, new InetSocketAddress(ip, 40000));
    }

    /** A login with a correct password: the policy decides, then an address, then Up. */
    public Login login(String user, ClientFingerprint client) {
        LoginPolicy.Decision d = policy.check(user, client);
        if (d instanceof LoginPolicy.Decision.Refuse r) {
            fire(new SessionEvent.Refused(Optional.of(user), client, r.messageToClient(), clock.instant()));
            return new Login.Refused(r.messageToClient());
        }
        OptionalInt address = addresses.allocate(user);
        if (address.isEmpty()) {
            fire(new SessionEvent.Refused(Optional.of(user), client, "no tunnel address", clock.instant()));
            return new Login.Refused("no tunnel address");
        }
        long id = ids.getAndIncrement();
        SessionInfo info = new SessionInfo(id, user, (int) (id & 0xffff), (int) ((id + 100) & 0xffff), client,
                address.getAsInt(), AuthProtocol.MSCHAP_V2, "128-bit stateless", clock.instant(),
                io.pptp2wg.session.AddressAllocator.Holding.OWN);
        FakeSession s = new FakeSession(info);
        sessions.put(id, s);
        fire(new SessionEvent.Up(info, clock.instant()));
        return new Login.Up(s);
    }

    public void authFailure(String user, ClientFingerprint client) {
        fire(new SessionEvent.AuthFailure(user, client, AuthProtocol.MSCHAP_V2, "wrong password", clock.instant()));
    }

    /** What the real gateway publishes when the guessing limits begin a lock-out. */
    public void lockedOut(String user, ClientFingerprint client, io.pptp2wg.session.guard.Lockout lockout) {
        fire(new SessionEvent.LockedOut(user, client, lockout, lockout.since()));
    }

    /** The client hung up. */
    public void hangUp(FakeSession s, String reason) {
        if (sessions.remove(s.info().id()) != null) {
            addresses.release(s.info().user(), s.info().tunnelAddress());
            fire(new SessionEvent.Down(s.info(), s.counters(), reason, clock.instant()));
        }
    }

    private void fire(SessionEvent e) {
        listeners.forEach(l -> l.onEvent(e));
    }

    @Override
    public Collection<SessionHandle> sessions() {
        return List.copyOf(sessions.values());
    }

    @Override
    public Optional<SessionHandle> session(long id) {
        return Optional.ofNullable(sessions.get(id));
    }

    @Override
    public Optional<SessionHandle> byTunnelAddress(int address) {
        return sessions.values().stream().filter(s -> s.info().tunnelAddress() == address)
                .map(SessionHandle.class::cast).findFirst();
    }

    @Override
    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    public final class FakeSession implements SessionHandle {
        private final SessionInfo info;
        private volatile SessionCounters counters = SessionCounters.ZERO;
        private volatile String disconnectReason;

        FakeSession(SessionInfo info) {
            this.info = info;
        }

        public void traffic(long fromClient, long toClient) {
            SessionCounters c = counters;
            counters = new SessionCounters(c.bytesFromClient() + fromClient, c.bytesToClient() + toClient,
                    c.packetsFromClient() + (fromClient + 1399) / 1400, c.packetsToClient() + (toClient + 1399) / 1400);
        }

        public String disconnectReason() {
            return disconnectReason;
        }

        @Override
        public SessionInfo info() {
            return info;
        }

        @Override
        public SessionCounters counters() {
            return counters;
        }

        @Override
        public void sendToClient(ByteBuffer ipPacket) {
            // nothing to send to
        }

        @Override
        public void disconnect(String reason) {
            disconnectReason = reason;
            hangUp(this, reason);
        }
    }
}
