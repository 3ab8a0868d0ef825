package io.pptp2wg.admin.selfservice;

import io.pptp2wg.admin.testing.FakeGateway;
import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.SessionCounters;
import io.pptp2wg.session.SessionEvent;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionInfo;
import io.pptp2wg.session.SessionListener;
import io.pptp2wg.session.SessionRegistry;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Live sessions at tunnel addresses the test chooses (loopback ones, so that a socket can come from them). */
public final class StaticSessions implements SessionRegistry {
    private final Map<Integer, SessionHandle> byAddress = new ConcurrentHashMap<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

    public SessionInfo up(long id, String user, String address) {
        SessionInfo info = new SessionInfo(id, user, (int) id, (int) id, FakeGateway.client("pc-" + user, "Microsoft", 1, "192.0.2.50"),
                (int) io.pptp2wg.config.Ipv4.parse(address).orElseThrow(), AuthProtocol.MSCHAP_V2, "128-bit stateless",
                Instant.EPOCH, AddressAllocator.Holding.OWN);
        byAddress.put(info.tunnelAddress(), new SessionHandle() {
            @Override
            public SessionInfo info() {
                return info;
            }

            @Override
            public SessionCounters counters() {
                return SessionCounters.ZERO;
            }

            @Override
            public void sendToClient(ByteBuffer ipPacket) {}

            @Override
            public void disconnect(String reason) {}
        });
        listeners.forEach(l -> l.onEvent(new SessionEvent.Up(info, Instant.EPOCH)));
        return info;
    }

    public void down(SessionInfo info) {
        byAddress.remove(info.tunnelAddress());
        listeners.forEach(l -> l.onEvent(new SessionEvent.Down(info, SessionCounters.ZERO, "test", Instant.EPOCH)));
    }

    @Override
    public Collection<SessionHandle> sessions() {
        return List.copyOf(byAddress.values());
    }

    @Override
    public Optional<SessionHandle> session(long id) {
        return byAddress.values().stream().filter(h -> h.info().id() == id).findFirst();
    }

    @Override
    public Optional<SessionHandle> byTunnelAddress(int address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    @Override
    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }
}
