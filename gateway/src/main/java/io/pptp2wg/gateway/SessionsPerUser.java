package io.pptp2wg.gateway;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many sessions each user has (from the login policy's yes to the end of the call), against
 * {@code maxSessionsPerUser}. Thread-safe: logins of one user may run on several event loops at once.
 */
final class SessionsPerUser {
    private final int limit;
    private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

    /** @param limit the most sessions per user; {@link GatewayOptions#UNLIMITED} for none */
    SessionsPerUser(int limit) {
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    /** Counts one more session of the user unless the user is at the limit. */
    boolean tryAdd(String user) {
        boolean[] added = {false};
        counts.compute(user, (u, n) -> {
            int have = n == null ? 0 : n;
            if (limit != GatewayOptions.UNLIMITED && have >= limit) {
                return n;
            }
            added[0] = true;
            return have + 1;
        });
        return added[0];
    }

    /** Counts one more session whatever the limit (a reconnect that ends the session it replaces). */
    void add(String user) {
        counts.merge(user, 1, Integer::sum);
    }

    void remove(String user) {
        counts.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
    }

    int of(String user) {
        return counts.getOrDefault(user, 0);
    }
}
