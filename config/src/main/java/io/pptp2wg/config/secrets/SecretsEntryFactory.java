package io.pptp2wg.config.secrets;

import java.util.Optional;

/** Builds secrets entries that come from elsewhere than a secrets file (OpenWrt UCI logins). */
public final class SecretsEntryFactory {
    private SecretsEntryFactory() {}

    /** A UCI login: OpenWrt's init script writes it as {@code user pptp-server password *}; any server name applies. */
    public static SecretsEntry fromUci(String user, String password, Optional<Integer> fixed, String file, int line) {
        return new SecretsEntry(user, SecretsEntry.WILDCARD, Secret.fromFileValue(password), fixed, fixed.isEmpty(), file, line);
    }
}
