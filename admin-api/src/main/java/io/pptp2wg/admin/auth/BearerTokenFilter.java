package io.pptp2wg.admin.auth;

import com.codahale.metrics.Counter;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pptp2wg.session.guard.GuessingLimits;
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
 * Retry-After for a back-off that doubles up to {@code floods.apiMaxBackoff}, whatever token it sends (429, not 403:
 * the refusal is temporary and says when to come back; 403 would say the token lacks a right). Counted in
 * {@code pptp2wg_api_throttled_total}.
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

    public BearerTokenFilter(List<ApiToken> tokens, Counter refused) {
        this(tokens, refused, new LoginLimiter(GuessingLimits.OFF), new Counter(), Clock.systemUTC());
    }

    public BearerTokenFilter(List<ApiToken> tokens, Counter refused, LoginLimiter wrongTokens, Counter throttled,
                             Clock clock) {
        this.tokens = List.copyOf(tokens);
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
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
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
        Principal who = match::name;
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
                return "Bearer";
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
