package io.pptp2wg.admin.auth;

import com.codahale.metrics.Counter;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pptp2wg.session.guard.LoginLimiter;
import io.pptp2wg.session.guard.LoginVerdict;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Every /api call needs {@code Authorization: Bearer TOKEN} with a token whose SHA-256 is in
 * config.yml. The presented token is hashed and compared with every configured digest in constant
 * time (no early exit, so timing tells nothing about which or how much matched). Refusals are 401
 * with a reason, counted, and logged without the token. An address that keeps sending wrong tokens
 * ({@code floods.apiTokenFailures} within {@code floods.apiWindow}) is answered 429 Too Many Requests with
 * Retry-After for a back-off that doubles up to {@code floods.apiMaxBackoff}, whatever it sends, the console's
 * sign-in included (429, not 403: the refusal is temporary and says when to come back; 403 would say the token
 * lacks a right). Counted in {@code pptp2wg_api_throttled_total}.
 *
 * <p>The console may instead carry the session cookie of an administrator's sign-in
 * ({@link ConsoleSessions}): then a call that changes anything (not GET or HEAD) must also carry that
 * session's {@code X-CSRF-Token} header (403 without it). The sign-in call itself needs neither.
 */
@Priority(Priorities.AUTHENTICATION)
public final class BearerTokenFilter implements ContainerRequestFilter {
    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenFilter.class);
    static final String SCHEME = "Bearer ";
    /** Longer than any sensible token: not hashed, refused. */
    static final int MAX_TOKEN_LENGTH = 512;

    private final List<ApiToken> tokens;
    private final Counter refused;
    private final LoginLimiter wrongTokens;
    private final Counter throttled;
    private final Clock clock;
    @Context
    private HttpServletRequest http;

    private final ConsoleSessions sessions;

    public BearerTokenFilter(List<ApiToken> tokens, ConsoleSessions sessions, Counter refused,
                             LoginLimiter wrongTokens, Counter throttled, Clock clock) {
        this.tokens = List.copyOf(tokens);
        this.sessions = sessions;
        this.refused = refused;
        this.wrongTokens = wrongTokens;
        this.throttled = throttled;
        this.clock = clock;
    }

    /** The one "user" of the token limiter: its per-user side never trips (its limit is Integer.MAX_VALUE). */
    private static final String API = "api";

    private String source() {
        try {
            return http == null ? "-" : http.getRemoteAddr();
        } catch (IllegalStateException e) {
            return "-"; // no request in scope (an in-memory test)
        }
    }

    static final String SIGN_IN = "api/console/session";

    /** The console's sign-in: the one call that carries neither a token nor a session. */
    static boolean isSignIn(ContainerRequestContext request) {
        return "POST".equals(request.getMethod()) && SIGN_IN.equals(request.getUriInfo().getPath(false));
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String source = source();
        Instant now = clock.instant();
        if (wrongTokens.check(API, source, now) instanceof LoginVerdict.LockedOut l) {
            throttled.inc();
            long wait = Math.max(1, Duration.between(now, l.lockout().until()).toSeconds());
            request.abortWith(Response.status(Response.Status.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, wait)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorMessage(429, "too many wrong tokens from this address: wait " + wait + " s"))
                    .build());
            return;
        }
        if (isSignIn(request)) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Cookie cookie = request.getCookies().get(ConsoleSessions.COOKIE);
        if ((header == null || header.isBlank()) && cookie != null && sessions.enabled()) {
            session(request, cookie.getValue());
            return;
        }
        if (header == null || header.isBlank()) {
            refuse(request, "missing bearer token: send 'Authorization: Bearer TOKEN'");
            return;
        }
        if (header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            refuse(request, "not a bearer token: send 'Authorization: Bearer TOKEN'");
            return;
        }
        String token = header.substring(SCHEME.length()).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            refuse(request, "invalid bearer token");
            return;
        }
        byte[] digest = ApiToken.sha256(token);
        ApiToken match = null;
        for (ApiToken t : tokens) {
            if (t.matches(digest) && match == null) {
                match = t;
            }
        }
        if (match == null) {
            // a wrong token is a guess (a missing or malformed header is not): counted toward the 429
            for (var l : wrongTokens.recordFailure(API, source(), clock.instant())) {
                LOG.warn("API: {} wrong tokens from {}: answered 429 until {}", l.failures(), l.key(), l.until());
            }
            refuse(request, tokens.isEmpty() ? "no API tokens are configured (api.tokens in config.yml)"
                    : "invalid bearer token");
            return;
        }
        authenticate(request, match.name(), "Bearer");
    }

    private void session(ContainerRequestContext request, String id) {
        var s = sessions.find(id);
        if (s.isEmpty()) {
            refuse(request, "console session ended or unknown: sign in again");
            return;
        }
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)
                && !ConsoleSessions.csrfMatches(s.get(), request.getHeaderString(ConsoleSessions.CSRF_HEADER))) {
            refused.inc();
            LOG.warn("API call refused: {} {}: console session without its CSRF token", method,
                    request.getUriInfo().getPath(false));
            request.abortWith(Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorMessage(403, "missing or wrong " + ConsoleSessions.CSRF_HEADER + " header")).build());
            return;
        }
        authenticate(request, s.get().admin(), "Session");
    }

    private static void authenticate(ContainerRequestContext request, String name, String scheme) {
        Principal who = () -> name;
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return who;
            }

            @Override
            public boolean isUserInRole(String role) {
                return true;
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return scheme;
            }
        });
    }

    private void refuse(ContainerRequestContext request, String why) {
        refused.inc();
        LOG.warn("API call refused: {} {}: {}", request.getMethod(), request.getUriInfo().getPath(false), why);
        request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pptp2wg\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(401, why))
                .build());
    }
}
