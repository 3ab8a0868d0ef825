package io.pptp2wg.admin.resources;

import jakarta.ws.rs.core.SecurityContext;

/** Who made an API call: the name of the token (set by the bearer-token filter). */
final class Actor {
    private Actor() {}

    static String of(SecurityContext context) {
        return context == null || context.getUserPrincipal() == null ? "unknown" : context.getUserPrincipal().getName();
    }
}
