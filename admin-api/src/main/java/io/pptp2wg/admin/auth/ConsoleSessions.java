package io.pptp2wg.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's sign-ins with an administrator's name and password: a session is a random 256-bit id
 * (the HttpOnly cookie) and a random CSRF token (sent back as a header on every state-changing call).
 * Held in memory only, by the SHA-256 of the id; ended by sign-out, after {@link #IDLE} without a call,
 * after {@link #ABSOLUTE}, or by a restart. At most {@link #MAX} at once (the oldest go first).
 */
public final class ConsoleSessions {
    public static final String COOKIE = "pptp2wg_console";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(12);
    static final int MAX = 256;

    /** One signed-in administrator. */
    public record Session(String admin, String csrf, Instant started, Instant lastUsed) {}

    /** What a sign-in hands the browser: the cookie's value and the CSRF token. */
    public record Issued(String id, String csrf, Duration maxAge) {}

    private final List<AdminAccount> admins;
    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, Session> sessions = new LinkedHashMap<>();

    public ConsoleSessions(List<AdminAccount> admins, Clock clock, SecureRandom random) {
        this.admins = List.copyOf(admins);
        this.clock = clock;
        this.random = random;
    }

    public boolean enabled() {
        return !admins.isEmpty();
    }

    /** Checks the name and password (bcrypt; the array is zeroed) and opens a session. */
    public Optional<Issued> signIn(String name, char[] password) {
        AdminAccount account = admins.stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
        if (account == null) {
            AdminAccount.burn(password);
            return Optional.empty();
        }
        if (!account.accepts(password)) {
            return Optional.empty();
        }
        String id = token();
        String csrf = token();
        Instant now = clock.instant();
        synchronized (sessions) {
            expire(now);
            while (sessions.size() >= MAX) {
                sessions.remove(sessions.keySet().iterator().next());
            }
            sessions.put(key(id), new Session(account.name(), csrf, now, now));
        }
        return Optional.of(new Issued(id, csrf, ABSOLUTE));
    }

    /** The session of a cookie value, its idle time renewed; empty when unknown or expired. */
    public Optional<Session> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        synchronized (sessions) {
            expire(now);
            String k = key(id);
            Session s = sessions.get(k);
            if (s == null) {
                return Optional.empty();
            }
            Session renewed = new Session(s.admin(), s.csrf(), s.started(), now);
            sessions.put(k, renewed);
            return Optional.of(renewed);
        }
    }

    public void signOut(String id) {
        if (id != null && id.length() <= 128) {
            synchronized (sessions) {
                sessions.remove(key(id));
            }
        }
    }

    /** Whether the presented CSRF token is the session's, in constant time. */
    public static boolean csrfMatches(Session s, String presented) {
        return presented != null && MessageDigest.isEqual(s.csrf().getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    private void expire(Instant now) {
        sessions.values().removeIf(s -> !now.isBefore(s.lastUsed().plus(IDLE)) || !now.isBefore(s.started().plus(ABSOLUTE)));
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String key(String id) {
        return HexFormat.of().formatHex(ApiToken.sha256(id));
    }
}
