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

import java.security.Principal;
import java.util.List;

/**
 * Every /api call needs {@code Authorization: Bearer TOKEN} with a token whose SHA-256 is in
 * config.yml. The presented token is hashed and compared with every configured digest in constant
 * time (no early exit, so timing tells nothing about which or how much matched). Refusals are 401
 * with a reason, counted, and logged without the token.
 */
@Priority(Priorities.AUTHENTICATION)
public final class BearerTokenFilter implements ContainerRequestFilter {
    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenFilter.class);
    static final String SCHEME = "Bearer ";
    /** Longer than any sensible token: not hashed, refused. */
    static final int MAX_TOKEN_LENGTH = 512;

    private final List<ApiToken> tokens;
    private final Counter refused;

    public BearerTokenFilter(List<ApiToken> tokens, Counter refused) {
        this.tokens = List.copyOf(tokens);
        this.refused = refused;
    }

    @Override
    public void filter(ContainerRequestContext request) {
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
