package io.pptp2wg.gateway;

import io.pptp2wg.session.SessionHandle;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions that are up (IPCP opened, not yet ended), by id and by tunnel address: what the bridge routes by and
 * the admin API lists. Thread-safe: sessions come up and end on their own loops, readers are anywhere.
 */
final class LiveSessions {
    private final Map<Long, CallSession> byId = new ConcurrentHashMap<>();
    private final Map<Integer, CallSession> byAddress = new ConcurrentHashMap<>();

    /** {@code s} is up on {@code address}; returns the session that held the address until now, if any. */
    Optional<CallSession> up(CallSession s, int address) {
        byId.put(s.id, s);
        CallSession older = byAddress.put(address, s);
        return older == null || older == s ? Optional.empty() : Optional.of(older);
    }

    void ended(CallSession s) {
        byId.remove(s.id);
        byAddress.remove(s.tunnelAddress(), s);
    }

    int size() {
        return byId.size();
    }

    Collection<SessionHandle> all() {
        return List.copyOf(byId.values());
    }

    /** The same, as the calls they are (RADIUS accounting and RFC 5176 look them up). */
    List<CallSession> calls() {
        return List.copyOf(byId.values());
    }

    Optional<SessionHandle> byId(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    Optional<SessionHandle> byAddress(int address) {
        return Optional.ofNullable(byAddress.get(address));
    }
}
