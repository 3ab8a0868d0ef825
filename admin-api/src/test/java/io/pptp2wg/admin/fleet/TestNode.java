package io.pptp2wg.admin.fleet;

import io.pptp2wg.admin.core.EventJournal;
import io.pptp2wg.admin.core.StickyAddresses;
import io.pptp2wg.admin.db.EventDao;
import io.pptp2wg.admin.db.FleetDao;
import io.pptp2wg.admin.db.LeaseDao;
import io.pptp2wg.admin.db.UserDao;
import io.pptp2wg.admin.testing.FakeGateway;
import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.config.wireguard.WireGuardMode;
import io.pptp2wg.session.LoginPolicy;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

/** One gateway node of a test fleet: the admin side's fleet parts around an in-memory gateway, on a shared database. */
final class TestNode {
    final String name;
    final String boot = UUID.randomUUID().toString();
    final EventDao events;
    final DatabaseLeases leases;
    final FleetNode node;
    final EventJournal journal;
    final StickyAddresses addresses;
    final FakeGateway gateway;

    TestNode(Jdbi jdbi, String name, Supplier<GatewaySettings> settings, Clock clock, FleetSettings fleet) {
        this.name = name;
        events = new EventDao(jdbi);
        leases = new DatabaseLeases(new LeaseDao(jdbi), name, clock);
        node = new FleetNode(fleet, boot, new FleetDao(jdbi), events, leases, clock);
        node.register(() -> { });
        journal = new EventJournal(events, boot, 4096);
        journal.closeAtStartOnly(node::closableAtStart);
        journal.start();
        addresses = new StickyAddresses(new UserDao(jdbi), settings, WireGuardMode.PER_USER, clock, leases);
        addresses.load();
        gateway = new FakeGateway((user, client) -> node.reachable() ? LoginPolicy.ALLOW
                : new LoginPolicy.Decision.Refuse(FleetNode.UNREACHABLE_MESSAGE), addresses, clock);
        gateway.addListener(journal);
        node.deliverTo(gateway);
    }

    static FleetSettings settings(String name) {
        return new FleetSettings(true, name, Duration.ofSeconds(1), Duration.ofSeconds(15));
    }

    void flush() throws InterruptedException {
        if (!journal.flush(Duration.ofSeconds(30))) {
            throw new AssertionError("journal of " + name + " not flushed");
        }
    }
}
