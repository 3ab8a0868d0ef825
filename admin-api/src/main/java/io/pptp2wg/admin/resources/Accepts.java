package io.pptp2wg.admin.resources;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** Content negotiation shared by the resources that answer JSON by default and one other type on request. */
final class Accepts {
    private Accepts() {
    }

    /** Whether the client lists {@code other} before (or without) JSON; a wildcard first means JSON. */
    static boolean prefersOverJson(HttpHeaders headers, MediaType other) {
        for (MediaType m : headers.getAcceptableMediaTypes()) {
            if (m.isWildcardType()) {
                return false;
            }
            if (m.isCompatible(other)) {
                return true;
            }
            if (m.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
        }
        return false;
    }
}
