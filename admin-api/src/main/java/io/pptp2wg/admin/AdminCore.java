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
import io.pptp2wg.admin.db.FleetDao;
import io.pptp2wg.admin.db.LeaseDao;
import io.pptp2wg.admin.fleet.DatabaseLeases;
import io.pptp2wg.admin.fleet.FleetNode;
import io.pptp2wg.admin.fleet.FleetSettings;
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
import java.util.Optional;
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
        LoginLimiter apiTokens,
        FleetSettings fleetSettings,
        Optional<FleetNode> fleet) {
    private static final Logger LOG = LoggerFactory.getLogger(AdminCore.class);

    public static AdminCore start(Pptp2wgConfiguration config, Environment environment, SecretsReloader reloader,
                                  Clock clock, SecureRandom random) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create dataDir " + config.dataDir(), e);
        }
        config.compactEmbeddedDatabase(); // before anything opens it
        if (config.fleet().enabled() && !config.database().getDriverClass().contains("h2")) {
            io.pptp2wg.admin.fleet.FleetDatabase.harden(config.database());
        }
        Schema.migrate(config.database());
        Jdbi jdbi = new JdbiFactory().build(environment, config.database(), "database"); // + its health check
        EventDao events = new EventDao(jdbi);
        UserDao userDao = new UserDao(jdbi);
        DeviceDao deviceDao = new DeviceDao(jdbi);
        DeviceBook devices = new DeviceBook(deviceDao);
        devices.load();

        FleetSettings fleetSettings = config.fleet().build();
        String bootId = UUID.randomUUID().toString();
        Optional<FleetNode> fleet = Optional.empty();
        DatabaseLeases leases = null;
        if (fleetSettings.enabled()) {
            if (config.database().getDriverClass().contains("h2")) {
                throw new IllegalStateException("fleet.enabled: true needs PostgreSQL (a database: section with "
                        + "org.postgresql.Driver): H2 is one process's file and cannot be shared by several gateways");
            }
            leases = new DatabaseLeases(new LeaseDao(jdbi), fleetSettings.node(), clock);
            FleetNode node = new FleetNode(fleetSettings, bootId, new FleetDao(jdbi), events, leases, clock);
            fleet = Optional.of(node);
            // started before the journal: the node's run is registered before it records anything
            environment.lifecycle().manage(new io.dropwizard.lifecycle.Managed() {
                @Override
                public void start() {
                    node.register(() -> pauseFor(fleetSettings.heartbeatInterval().multipliedBy(2)));
                    node.start();
                }

                @Override
                public void stop() throws Exception {
                    node.stop();
                }
            });
        } else if (!config.database().getDriverClass().contains("h2")) {
            refuseIfFleetIsUp(new FleetDao(jdbi), fleetSettings, clock);
        }
        EventJournal journal = new EventJournal(events, bootId, config.storage().eventQueueCapacity());
        fleet.ifPresent(node -> journal.closeAtStartOnly(node::closableAtStart));
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
        StickyAddresses addresses = leases == null
                ? new StickyAddresses(userDao, () -> reloader.current().gateway(), config.wireguard().mode(), clock)
                : new StickyAddresses(userDao, () -> reloader.current().gateway(), config.wireguard().mode(), clock,
                        leases);
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
        fleet.ifPresent(node -> node.refreshing(() -> {
            users.sync(); // sunset dates, cut-overs and migrations set through another node
            devices.load();
        }));
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
                new LoginLimiter(config.floods().apiTokens()), fleetSettings, fleet);
    }

    private static void pauseFor(java.time.Duration d) {
        try {
            Thread.sleep(d.toMillis()); // start-up only: watching whether another process beats under this name
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A single gateway on a database that a fleet uses would close the fleet's sessions as LOST at its start. */
    private static void refuseIfFleetIsUp(FleetDao fleet, FleetSettings settings, Clock clock) {
        var now = clock.instant();
        for (var n : fleet.nodes()) {
            if (n.up() && java.time.Duration.between(n.heartbeat(), now).compareTo(settings.lostAfter()) < 0) {
                throw new IllegalStateException("the database is shared by a fleet (node " + n.name() + " is up): set "
                        + "fleet.enabled: true (and a fleet.nodeName of this node's own) to join it");
            }
        }
    }

    /** For the gateway: refuses migrated users and users past their sunset date. */
    public LoginPolicy loginPolicy() {
        if (fleet.isEmpty()) {
            return migrationPolicy;
        }
        FleetNode node = fleet.get();
        return (user, client) -> node.reachable() ? migrationPolicy.check(user, client)
                : new LoginPolicy.Decision.Refuse(FleetNode.UNREACHABLE_MESSAGE);
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
