package io.pptp2wg.admin.api;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;

/**
 * How the gateway knows a user. From a file (chap-secrets, pap-secrets, UCI), or, with pppd's radius plugin, where
 * there is no list to read: imported by an administrator ({@code POST /api/users}), or seen at a login.
 */
public enum UserSource {
    /** Named in chap-secrets / pap-secrets / the UCI file. */
    FILE("file"),
    /** Imported through {@code POST /api/users} before (or after) a login. */
    IMPORTED("imported"),
    /** The RADIUS server accepted a login of this name (the password checked out there). */
    RADIUS_LOGIN("radius-login"),
    /** Only failed RADIUS logins so far: the name may not exist at the server (no identity, no address yet). */
    RADIUS_ATTEMPT("radius-attempt");

    private final String label;

    UserSource(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public static Optional<UserSource> parse(String label) {
        for (UserSource s : values()) {
            if (s.label.equals(label)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * What a user known as {@code this} becomes on a new sighting: an attempt-only name is promoted by a login or an
     * import; otherwise the first way it became known stays.
     */
    public UserSource then(UserSource next) {
        return this == RADIUS_ATTEMPT ? next : this;
    }

    @Override
    public String toString() {
        return label;
    }
}
