package io.pptp2wg.config.wireguard;

/** How PPTP users appear at the backend WireGuard server. */
public enum WireGuardMode {
    /**
     * Each PPTP user has a WireGuard identity of their own (key pair kept in the database), so the
     * backend sees the same peer before and after the user moves to a native WireGuard client.
     */
    PER_USER,
    /** The gateway has one identity (the wg.conf [Interface] key); the backend sees one peer for all. */
    SHARED;

    public static WireGuardMode fromConfig(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "per-user", "per_user", "peruser" -> PER_USER;
            case "shared" -> SHARED;
            default -> throw new IllegalArgumentException("wireguard.mode must be 'per-user' or 'shared', got '" + text + "'");
        };
    }

    public String configName() {
        return this == PER_USER ? "per-user" : "shared";
    }
}
