package io.pptp2wg.admin.testing;

import io.pptp2wg.session.WireGuardHandshakes;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** What the bridge will report: set by the test. */
public final class FakeHandshakes implements WireGuardHandshakes {
    private final Map<String, Instant> last = new ConcurrentHashMap<>();

    public void handshook(String user, Instant at) {
        last.put(user, at);
    }

    @Override
    public Optional<Instant> lastHandshake(String user) {
        return Optional.ofNullable(last.get(user));
    }

    @Override
    public long completed() {
        return last.size();
    }
}
