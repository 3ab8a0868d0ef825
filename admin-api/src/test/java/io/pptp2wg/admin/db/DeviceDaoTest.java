package io.pptp2wg.admin.db;

import io.pptp2wg.admin.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the journal's sightings make of the devices table. */
class DeviceDaoTest {
    final Jdbi jdbi = TestDatabase.h2();
    final DeviceDao dao = new DeviceDao(jdbi);
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    static DeviceSighting seen(Instant at, List<String> ids, String address, String auth, boolean proven) {
        return new DeviceSighting("alice", "00000000000000aa", "PC", "Microsoft", 7601, "", "plain", ids, at, address,
                auth, proven);
    }

    void record(DeviceSighting... s) {
        jdbi.useTransaction(h -> DeviceDao.record(h, List.of(s)));
    }

    @Test
    void aGuessedPasswordCreatesNoDeviceButALoginDoesAndLaterFailuresUpdateIt() {
        record(seen(T0, List.of(), "198.51.100.1", null, false));
        assertThat(dao.ofUser("alice")).isEmpty();
        record(seen(T0.plusSeconds(10), List.of("MSRASV5.20"), "198.51.100.1", "MS-CHAPv2", true));
        record(seen(T0.plusSeconds(20), List.of("MSRASV5.20", "MSRAS-0-PC"), "203.0.113.7", null, false));
        record(seen(T0.plusSeconds(5), List.of(), "203.0.113.8", null, true)); // late, out of order
        DeviceRow d = dao.find("alice", "00000000000000aa").orElseThrow();
        assertThat(d.firstSeen()).isEqualTo(T0.plusSeconds(10));
        assertThat(d.lastSeen()).isEqualTo(T0.plusSeconds(20));
        assertThat(d.identifications()).containsExactly("MSRASV5.20", "MSRAS-0-PC");
        assertThat(d.lastAuth()).isEqualTo("MS-CHAPv2");
        assertThat(d.lastPublicAddress()).isEqualTo("203.0.113.7");
        assertThat(d.isCutOver()).isFalse();
    }

    @Test
    void identificationTextsAreCleanedDistinctAndBounded() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            many.add("text\u0000" + i + "x".repeat(90));
        }
        record(seen(T0, many, "198.51.100.1", "PAP", true));
        DeviceRow d = dao.find("alice", "00000000000000aa").orElseThrow();
        assertThat(d.identifications()).hasSizeLessThanOrEqualTo(DeviceDao.MAX_IDENTIFICATIONS);
        assertThat(String.join("\n", d.identifications()).length()).isLessThanOrEqualTo(DeviceDao.IDENTIFICATIONS_COLUMN);
        assertThat(d.identifications()).allMatch(t -> t.chars().noneMatch(c -> c < 0x20));
    }

    @Test
    void theUsersIdentityGoesToOneDeviceOnly() {
        record(seen(T0, List.of(), "198.51.100.1", "MS-CHAPv2", true));
        record(new DeviceSighting("alice", "00000000000000bb", "PC2", "Microsoft", 7601, "", "plain", List.of(), T0,
                "198.51.100.2", "MS-CHAPv2", true));
        assertThat(dao.bindUserIdentity("alice", "00000000000000aa", T0)).isTrue();
        assertThat(dao.bindUserIdentity("alice", "00000000000000bb", T0)).isFalse();
        assertThat(dao.bindUserIdentity("alice", "00000000000000aa", T0)).isFalse();
        assertThat(dao.setOwnIdentity("alice", "00000000000000aa", "k", "s", 1, T0)).as("already cut over").isFalse();
        assertThat(dao.setOwnIdentity("alice", "00000000000000bb", "k", "s", 0xc0000264, T0)).isTrue();
        assertThat(dao.addresses()).containsExactly(0xc0000264);
        assertThat(dao.cutOver()).hasSize(2);
    }
}
