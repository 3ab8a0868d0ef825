package io.pptp2wg.admin.core;

import io.pptp2wg.admin.db.UserDao;
import io.pptp2wg.admin.testing.FakeGateway;
import io.pptp2wg.admin.testing.MutableClock;
import io.pptp2wg.admin.testing.TestDatabase;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.session.LoginPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationLoginPolicyTest {
    final MutableClock clock = new MutableClock(Instant.parse("2025-06-30T23:59:59Z"));
    final UserDao dao = new UserDao(TestDatabase.h2());
    final UserBook users = new UserBook(dao, UserDirectory::empty, clock);
    final MigrationRules rules = new MigrationRules(30, Optional.of(LocalDate.parse("2025-07-01")), ZoneOffset.UTC,
            "PPTP ended on {date} for {user}", "{user}: use WireGuard", 90);
    final LoginPolicy policy = new MigrationLoginPolicy(users, rules, clock);
    final io.pptp2wg.session.ClientFingerprint client = FakeGateway.client("PC", "Microsoft", 1, "198.51.100.1");

    @Test
    void theGlobalSunsetRefusesEveryoneFromMidnightAndAUsersOwnDateExtendsIt() {
        assertThat(policy.check("alice", client)).isEqualTo(LoginPolicy.ALLOW);
        clock.advance(Duration.ofSeconds(1));
        assertThat(policy.check("alice", client)).isEqualTo(new LoginPolicy.Decision.Refuse("PPTP ended on 2025-07-01 for alice"));
        users.setSunset("alice", Optional.of(LocalDate.parse("2025-08-01")));
        assertThat(policy.check("alice", client)).isEqualTo(LoginPolicy.ALLOW);
        assertThat(policy.check("bob", client)).isInstanceOf(LoginPolicy.Decision.Refuse.class);
    }

    @Test
    void aMigratedUserIsRefusedButACutoverIssuedOneIsNot() {
        users.markCutoverIssued("carol");
        assertThat(policy.check("carol", client)).isEqualTo(LoginPolicy.ALLOW);
        users.markMigrated("carol", "198.51.100.9:51820", clock.instant());
        assertThat(policy.check("carol", client)).isEqualTo(new LoginPolicy.Decision.Refuse("carol: use WireGuard"));
    }

    @Test
    void aMovedDeviceIsRefusedAndTheUsersOtherDevicesAreNot() {
        var jdbi = TestDatabase.h2();
        var devices = new io.pptp2wg.admin.db.DeviceDao(jdbi);
        var book = new DeviceBook(devices);
        LoginPolicy perDevice = new MigrationLoginPolicy(users, rules, clock, book);
        var laptop = FakeGateway.client("LAPTOP", "Microsoft", 1, "198.51.100.1");
        var phone = FakeGateway.client("PHONE", "Microsoft", 1, "198.51.100.1");
        String id = io.pptp2wg.session.DeviceFingerprint.of("dave", laptop).id();
        jdbi.useTransaction(h -> io.pptp2wg.admin.db.DeviceDao.record(h, java.util.List.of(
                new io.pptp2wg.admin.db.DeviceSighting("dave", id, "LAPTOP", "Microsoft", 1, "LAPTOP", "", java.util.List.of(),
                        clock.instant(), "198.51.100.1", "MS-CHAPv2", true))));
        devices.bindUserIdentity("dave", id, clock.instant());
        book.load();
        assertThat(perDevice.check("dave", laptop)).isEqualTo(LoginPolicy.ALLOW); // cut-over issued: PPTP still works
        book.markMigrated(book.cutOver("dave", id).orElseThrow(), clock.instant(), "198.51.100.9:51820", clock.instant());
        assertThat(perDevice.check("dave", laptop)).isEqualTo(new LoginPolicy.Decision.Refuse("dave: use WireGuard"));
        assertThat(perDevice.check("dave", phone)).isEqualTo(LoginPolicy.ALLOW);
        assertThat(perDevice.check("dave", FakeGateway.client("LAPTOP", "Microsoft", 2, "203.0.113.50")))
                .as("the same laptop elsewhere, updated").isInstanceOf(LoginPolicy.Decision.Refuse.class);
    }
}
