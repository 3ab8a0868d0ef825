package io.pptp2wg.admin;

import io.pptp2wg.session.guard.LoginLimiter;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiFactory;
import io.pptp2wg.admin.core.Audit;
import io.pptp2wg.admin.core.CutoverConfigs;
import io.pptp2wg.admin.core.DeviceBook;
import io.pptp2wg.admin.core.DeviceCutovers;
import io.pptp2wg.admin.core.EventJournal;
import io.pptp2wg.admin.core.KeySealer;
import io.pptp2wg.admin.core.MigrationLoginPolicy;
import io.pptp2wg.admin.core.MigrationRules;
import io.pptp2wg.admin.core.NativeHandshakes;
import io.pptp2wg.admin.core.SecretsReloader;
import io.pptp2wg.admin.core.StickyAddresses;
import io.pptp2wg.admin.core.StoredIdentities;
import io.pptp2wg.admin.core.UserBook;
import io.pptp2wg.admin.db.AuditDao;
import io.pptp2wg.admin.db.DeviceDao;
import io.pptp2wg.admin.db.EventDao;
import io.pptp2wg.admin.db.Schema;
import io.pptp2wg.admin.db.UserDao;
import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.LoginPolicy;
import io.pptp2wg.session.WireGuardIdentityStore;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * The admin side's state, built before the gateway: the database (migrated at start-up), the event
 * journal, the users, their WireGuard identities and sticky addresses, the login policy. The gateway
 * takes {@link #loginPolicy()} and {@link #addresses()}; the bridge takes {@link #identities()}.
 */
public record AdminCore(
        Jdbi jdbi,
        EventDao events,
        UserDao userDao,
        EventJournal journal,
        MigrationRules rules,
        UserBook users,
        StoredIdentities storedIdentities,
        StickyAddresses stickyAddresses,
        MigrationLoginPolicy migrationPolicy,
        Audit audit,
        CutoverConfigs cutover,
        NativeHandshakes nativeHandshakes,
        Clock clock,
        DeviceDao deviceDao,
        DeviceBook devices,
        DeviceCutovers deviceCutovers,
        LoginLimiter limiter,
        LoginLimiter apiTokens) {
    private static final Logger LOG = LoggerFactory.getLogger(AdminCore.class);

    public static AdminCore start(Pptp2wgConfiguration config, Environment environment, SecretsReloader reloader,
                                  Clock clock, SecureRandom random) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create dataDir " + config.dataDir(), e);
        }
        config.compactEmbeddedDatabase(); // before anything opens it
        Schema.migrate(config.database());
        Jdbi jdbi = new JdbiFactory().build(environment, config.database(), "database"); // + its health check
        EventDao events = new EventDao(jdbi);
        UserDao userDao = new UserDao(jdbi);
        DeviceDao deviceDao = new DeviceDao(jdbi);
        DeviceBook devices = new DeviceBook(deviceDao);
        devices.load();

        EventJournal journal = new EventJournal(events, UUID.randomUUID().toString(), config.storage().eventQueueCapacity());
        environment.lifecycle().manage(journal); // before the gateway: started first, stopped last

        MigrationRules rules = config.migration().build();
        // with pppd's radius plugin the users are those seen at a login or imported (POST /api/users), in no file
        UserBook users = new UserBook(userDao, new io.pptp2wg.admin.db.TrackedUserDao(jdbi),
                () -> reloader.current().gateway().users(), () -> reloader.current().gateway().radius().isPresent(), clock);
        users.sync();
        if (users.fromRadius()) {
            LOG.info("users: pppd's radius plugin is loaded: {} users seen at a login or imported (chap-secrets names"
                    + " no user)", users.names().size());
        }
        KeySealer sealer = KeySealer.fromFile(config.storage().identityKeyFile(config.dataDir()), random);
        StoredIdentities identities = new StoredIdentities(userDao, sealer, random, users::isProvisioned, clock);
        identities.load();
        identities.answersIn(new io.pptp2wg.admin.db.BackendAnswerDao(jdbi));
        identities.usedNativelyWhen(u -> devices.onUserIdentity(u).flatMap(d -> d.migratedAt()).isPresent());
        identities.ensureAll(users.provisioned());
        StickyAddresses addresses = new StickyAddresses(userDao, () -> reloader.current().gateway(),
                config.wireguard().mode(), clock);
        addresses.load();
        addresses.ownKeyUsedNativelyWhen(identities::usedNatively);
        addresses.reserved(deviceDao.addresses()); // before any user is given a sticky address
        addresses.currentUsersAre(users::isKnown);
        addresses.assignAll(users.provisioned());
        // a RADIUS user's first accepted login, or an import: the identity and address exist from then on
        users.onProvisioned(names -> {
            identities.ensureAll(names);
            addresses.assignAll(names);
        });
        reloader.addListener(directory -> {
            try {
                users.sync();
                identities.ensureAll(users.provisioned());
                addresses.assignAll(users.provisioned());
            } catch (RuntimeException e) {
                LOG.error("new users not fully set up (retried on the next change): {}", e.toString());
            }
        });

        var wireguard = reloader.current().wireguard();
        CutoverFactory c = config.cutover();
        CutoverConfigs cutover = new CutoverConfigs(wireguard, c.endpoint(), c.allowedIps(), c.dns(),
                () -> reloader.current().gateway().ppp().msDns(), c.persistentKeepalive(), c.mtu());
        DeviceCutovers deviceCutovers = new DeviceCutovers(deviceDao, devices, identities, addresses, sealer, random,
                cutover, config.wireguard().mode(), clock);
        return new AdminCore(jdbi, events, userDao, journal, rules, users, identities, addresses,
                new MigrationLoginPolicy(users, rules, clock, devices), new Audit(new AuditDao(jdbi), clock), cutover,
                new NativeHandshakes(users, identities, config.migration().gatewayEndpoints(), devices, clock), clock,
                deviceDao, devices, deviceCutovers, new LoginLimiter(config.guessing().build()),
                new LoginLimiter(config.floods().apiTokens()));
    }

    /** For the gateway: refuses migrated users and users past their sunset date. */
    public LoginPolicy loginPolicy() {
        return migrationPolicy;
    }

    /** For the gateway: each user's fixed or sticky tunnel address. */
    public AddressAllocator addresses() {
        return stickyAddresses;
    }

    /** For the bridge (per-user mode): each user's WireGuard key pair. */
    public WireGuardIdentityStore identities() {
        return storedIdentities;
    }
}
