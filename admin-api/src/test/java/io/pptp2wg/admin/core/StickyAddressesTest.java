package io.pptp2wg.admin.core;

import io.pptp2wg.admin.db.UserDao;
import io.pptp2wg.admin.testing.OldHost;
import io.pptp2wg.admin.testing.TestDatabase;
import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.wireguard.WireGuardMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class StickyAddressesTest {
    @TempDir
    Path dir;
    final UserDao dao = new UserDao(TestDatabase.h2());
    final AtomicReference<GatewaySettings> settings = new AtomicReference<>();

    StickyAddresses allocator(WireGuardMode mode) {
        StickyAddresses a = new StickyAddresses(dao, settings::get, mode, Clock.systemUTC());
        a.load();
        a.assignAll(settings.get().users().userNames());
        return a;
    }

    void host(String pool, String... userAndAddress) {
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < userAndAddress.length; i += 2) {
            users.put(userAndAddress[i], userAndAddress[i + 1]);
        }
        settings.set(OldHost.settings(dir, pool, users));
    }

    static String fmt(OptionalInt a) {
        return Ipv4.format(a.orElseThrow());
    }

    @Test
    void fixedAddressesFirstThenOneStickyPoolAddressPerUserKeptAcrossRestarts() {
        host("192.0.2.100-103", "alice", "*", "bob", "192.0.2.101", "carol", "*");
        StickyAddresses a = allocator(WireGuardMode.PER_USER);
        assertThat(fmt(a.allocate("bob"))).isEqualTo("192.0.2.101");
        String alice = fmt(a.allocate("alice"));
        String carol = fmt(a.allocate("carol"));
        assertThat(alice).isNotEqualTo(carol).isNotEqualTo("192.0.2.101");
        assertThat(java.util.List.of(alice, carol)).allMatch(x -> x.startsWith("192.0.2.10"));
        a.release("alice", (int) Ipv4.parse(alice).getAsLong());

        StickyAddresses restarted = allocator(WireGuardMode.PER_USER);
        assertThat(fmt(restarted.allocate("alice"))).isEqualTo(alice);
        assertThat(restarted.addressOf("carol").map(Ipv4::format)).contains(carol);
    }

    @Test
    void aReconnectGetsTheSameAddressWhichNobodyElseCanTake() {
        host("192.0.2.100-101", "alice", "*", "bob", "192.0.2.20", "mallory", "192.0.2.20");
        StickyAddresses a = allocator(WireGuardMode.PER_USER);
        OptionalInt first = a.allocate("alice");
        assertThat(a.allocate("alice")).as("a reconnect overlapping the dead session: the same address").isEqualTo(first);
        assertThat(a.allocate("bob")).isPresent();
        assertThat(a.allocate("mallory")).as("bob's fixed address is in use by bob").isEmpty();
        a.release("alice", first.getAsInt()); // the older session ends
        assertThat(a.allocate("bob")).as("another of bob's sessions").isPresent();
        a.release("alice", first.getAsInt()); // the newer one ends
        assertThat(a.allocate("alice")).isEqualTo(first);
    }

    @Test
    void sharedModeGivesASecondSessionAnotherAddress() {
        host("192.0.2.100-102", "alice", "*");
        StickyAddresses a = allocator(WireGuardMode.SHARED);
        OptionalInt first = a.allocate("alice");
        OptionalInt second = a.allocate("alice");
        assertThat(second).isPresent().isNotEqualTo(first);
    }

    @Test
    void aPoolSmallerThanTheUserList() {
        host("192.0.2.100-101", "a", "*", "b", "*", "c", "*");
        StickyAddresses perUser = allocator(WireGuardMode.PER_USER);
        assertThat(perUser.addressOf("c")).isEmpty();
        assertThat(perUser.allocate("c")).as("per-user: no address that the backend does not know").isEmpty();

        StickyAddresses shared = allocator(WireGuardMode.SHARED);
        OptionalInt borrowed = shared.allocate("c");
        assertThat(borrowed).as("shared mode: c borrows a free pool address").isPresent();
        OptionalInt a = shared.allocate("a");
        assertThat(a).as("a's own address is lent to c: a borrows another").isPresent().isNotEqualTo(borrowed);
        assertThat(shared.allocate("b")).as("the pool is exhausted").isEmpty();
        shared.release("c", borrowed.getAsInt());
        assertThat(shared.addressOf("c")).as("a borrowed address is not sticky").isEmpty();
    }

    @Test
    void theAddressOfAUserRemovedFromChapSecretsGoesToANewUserOnlyWhenThePoolIsFull() {
        host("192.0.2.100-101", "a", "*", "b", "*");
        StickyAddresses first = allocator(WireGuardMode.PER_USER);
        int aAddress = first.addressOf("a").orElseThrow();
        host("192.0.2.100-101", "b", "*", "c", "*");
        StickyAddresses second = allocator(WireGuardMode.PER_USER);
        assertThat(second.addressOf("c")).contains(aAddress);
        assertThat(dao.find("a").orElseThrow().stickyAddress()).isEmpty();
    }

    @Test
    void anotherUsersFixedAddressIsNeverHandedOut() {
        host("192.0.2.2-3", "a", "*", "b", "192.0.2.2", "c", "*");
        StickyAddresses a = allocator(WireGuardMode.PER_USER);
        assertThat(a.addressOf("a").map(Ipv4::format)).contains("192.0.2.3");
        assertThat(a.addressOf("c")).isEmpty();
        assertThat(a.allocate("c")).isEmpty();
    }
}
