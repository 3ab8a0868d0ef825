package io.pptp2wg.admin.core;

import io.pptp2wg.admin.db.UserRow;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.DeviceFingerprint;
import io.pptp2wg.session.LoginPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The gateway asks this after a correct password: a migrated user (their key now belongs to their
 * native client: two endpoints for one key would fight at the backend) and a user past their sunset
 * date are refused with a text that says why and where to go. Cut-over-issued users still log in.
 * Answers from memory ({@link UserBook}); the gateway records the refusal as a Refused event. With pppd's radius
 * plugin the first accepted login of a name also makes it a user ({@link UserBook#sighted}: its row, identity and
 * address are written then, once per user, on the calling thread).
 *
 * <p>Per device, the same rule: a device whose own native configuration (or the user's identity it took) has
 * been seen at the backend is refused like a migrated user; the user's other devices keep PPTP, cut-over
 * issued or not, until they move too (or the account is migrated or past its sunset).
 */
public final class MigrationLoginPolicy implements LoginPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationLoginPolicy.class);

    private final UserBook users;
    private final MigrationRules rules;
    private final Clock clock;
    private final DeviceBook devices;

    public MigrationLoginPolicy(UserBook users, MigrationRules rules, Clock clock) {
        this(users, rules, clock, null);
    }

    /** @param devices the cut-over devices; null: accounts only */
    public MigrationLoginPolicy(UserBook users, MigrationRules rules, Clock clock, DeviceBook devices) {
        this.devices = devices;
        this.users = users;
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public Decision check(String user, ClientFingerprint client) {
        // pppd's radius plugin: the server accepted this name, so it is a user from now on (no list to read)
        users.sighted(user, io.pptp2wg.admin.api.UserSource.RADIUS_LOGIN);
        UserRow row = users.row(user);
        Instant now = clock.instant();
        if (row.migratedAt().isPresent()) {
            LOG.info("PPTP login of {} refused: migrated to WireGuard", user);
            return new Decision.Refuse(rules.migratedMessageFor(user));
        }
        Optional<MigrationRules.Sunset> sunset = rules.sunsetOf(row.sunsetDate());
        if (sunset.isPresent() && rules.sunsetPassed(sunset.get().date(), now)) {
            LOG.info("PPTP login of {} refused: sunset {} ({})", user, sunset.get().date(), sunset.get().source());
            return new Decision.Refuse(rules.sunsetMessageFor(user, sunset.get().date()));
        }
        if (devices != null) {
            String device = DeviceFingerprint.of(user, client).id();
            if (devices.isMigrated(user, device)) {
                LOG.info("PPTP login of {} refused: device {} migrated to WireGuard", user, device);
                return new Decision.Refuse(rules.migratedMessageFor(user));
            }
        }
        return ALLOW;
    }
}
