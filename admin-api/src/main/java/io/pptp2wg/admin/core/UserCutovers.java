package io.pptp2wg.admin.core;

import com.wireguard.crypto.KeyPair;

import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A user's cut-over, wherever it is asked for (the admin API and console, or the user's own self-service page): their
 * native configuration, and issuing it (the state becomes {@code cutover-issued}, audited with who asked).
 */
public final class UserCutovers {
    /** The user has no tunnel address: the remoteip pool has none left. */
    public static final class NoAddress extends RuntimeException {
        NoAddress(String user) {
            super("user '" + user + "' has no tunnel address: the remoteip pool has none left");
        }
    }

    private final UserBook users;
    private final StoredIdentities identities;
    private final StickyAddresses addresses;
    private final CutoverConfigs configs;
    private final Audit audit;
    private final Clock clock;

    public UserCutovers(UserBook users, StoredIdentities identities, StickyAddresses addresses, CutoverConfigs configs,
                        Audit audit, Clock clock) {
        this.users = users;
        this.identities = identities;
        this.addresses = addresses;
        this.configs = configs;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The user's wg-quick text (holds the private key).
     *
     * @throws NoSuchElementException the user has no identity (not in chap-secrets)
     * @throws NoAddress              the pool has no address for them
     */
    public String text(String user) {
        KeyPair identity = identities.identityFor(user).orElseThrow(() -> new NoSuchElementException(user));
        addresses.assignAll(List.of(user));
        int address = addresses.addressOf(user).orElseThrow(() -> new NoAddress(user));
        return configs.configFor(user, identity, address, clock.instant());
    }

    /** Issues the configuration: its text, the user marked {@code cutover-issued}, one audit row naming {@code actor}. */
    public String issue(String user, String actor, String how) {
        String text = text(user);
        users.markCutoverIssued(user);
        audit.record(actor, "cutover", user, "native WireGuard configuration issued" + how + " (public key "
                + identities.publicKeyOf(user).orElse("?") + ")");
        return text;
    }

    /** An audit row for a further download of an issued configuration. */
    public void downloaded(String user, String actor, String what) {
        audit.record(actor, "download-config", user, what);
    }

    public boolean issued(String user) {
        return users.isKnown(user) && users.row(user).cutoverIssuedAt().isPresent();
    }
}
