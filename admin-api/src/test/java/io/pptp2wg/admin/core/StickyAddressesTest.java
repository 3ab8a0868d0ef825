package io.pptp2wg.admin.core;

import io.pptp2wg.admin.db.UserDao;
import io.pptp2wg.admin.testing.OldHost;
import io.pptp2wg.admin.testing.TestDatabase;
import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.wireguard.WireGuardMode;
import io.pptp2wg.session.AddressAllocator.Claim;
import io.pptp2wg.session.AddressAllocator.Holding;
import io.pptp2wg.session.AddressAllocator.Result;
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
    void everyUserOfAFullPoolGetsADistinctAddress() {
        // 730 users for a pool of 730 documentation addresses, one with a fixed address inside the pool: assigned in
        // one pass that resumes where the last search ended (no rescan from the start per user)
        String[] users = new String[2 * 730];
        for (int i = 0; i < 730; i++) {
            users[2 * i] = "u" + i;
            users[2 * i + 1] = i == 5 ? "198.51.100.7" : "*";
        }
        host("192.0.2.2-254,198.51.100.1-254,203.0.113.32-255", users); // 730 addresses, localip (192.0.2.1) outside
        StickyAddresses a = allocator(WireGuardMode.PER_USER);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 730; i++) {
            String got = fmt(a.allocate("u" + i));
            assertThat(seen.add(got)).as("u%d got %s twice", i, got).isTrue();
            if (i != 5) {
                assertThat(got).isNotEqualTo("198.51.100.7");
            }
        }
        assertThat(seen).contains("198.51.100.7");
    }

    @Test
    void aReconnectGetsTheSameAddressWhichNobodyElseCanTake() {
        host("192.0.2.100-101", "alice", "*", "bob", "192.0.2.20", "mallory", "192.0.2.20");
        StickyAddresses a = allocator(WireGuardMode.PER_USER);
        Result first = a.assign("alice", Claim.NEW_SESSION);
        assertThat(a.assign("alice", Claim.RECONNECT)).as("a reconnect overlapping the dead session: the same address")
                .isEqualTo(first);
        assertThat(a.allocate("bob")).isPresent();
        assertThat(a.assign("mallory", Claim.NEW_SESSION)).as("bob's fixed address is in use by bob")
                .isInstanceOf(Result.None.class);
        int own = ((Result.Assigned) first).address();
        a.release("alice", own); // the older session ends
        a.release("alice", own); // the newer one ends
        assertThat(a.assign("alice", Claim.NEW_SESSION)).isEqualTo(first);
    }

    @Test
    void furtherSessionsOfAUserBorrowAddressesThatAreNobodysOwn() {
        // alice and bob own .100 and .101 (sticky), carol .104 (fixed): .102 and .103 are left to lend
        host("192.0.2.100-104", "alice", "*", "bob", "*", "carol", "192.0.2.104");
        StickyAddresses a = allocator(WireGuardMode.PER_USER);
        assertThat(a.borrowable()).isEqualTo(2);
        int aliceOwn = a.addressOf("alice").orElseThrow();
        assertThat(a.assign("alice", Claim.NEW_SESSION)).isEqualTo(new Result.Assigned(aliceOwn, Holding.OWN));
        Result second = a.assign("alice", Claim.NEW_SESSION);
        Result third = a.assign("alice", Claim.NEW_SESSION);
        assertThat(java.util.List.of(second, third)).extracting(r -> fmtResult(r))
                .containsExactlyInAnyOrder("192.0.2.102 BORROWED", "192.0.2.103 BORROWED");
        Result fourth = a.assign("alice", Claim.NEW_SESSION);
        assertThat(fourth).as("every other address is someone's own").isInstanceOf(Result.None.class);
        assertThat(((Result.None) fourth).why()).contains("another session of the same user", "nobody's own");
        assertThat(a.assign("carol", Claim.NEW_SESSION)).isEqualTo(new Result.Assigned((int) Ipv4.parse("192.0.2.104").getAsLong(), Holding.OWN));
        assertThat(a.assign("bob", Claim.NEW_SESSION)).as("bob's own address was never lent")
                .isEqualTo(new Result.Assigned(a.addressOf("bob").orElseThrow(), Holding.OWN));

        a.release("alice", aliceOwn); // her first session ends; the borrowed ones keep their addresses
        assertThat(a.assign("alice", Claim.NEW_SESSION)).as("her next login has her own address again")
                .isEqualTo(new Result.Assigned(aliceOwn, Holding.OWN));
        int lent = ((Result.Assigned) second).address();
        a.release("alice", lent);
        assertThat(a.assign("carol", Claim.NEW_SESSION)).as("carol's second device borrows what alice gave back")
                .isEqualTo(new Result.Assigned(lent, Holding.BORROWED));
        assertThat(a.addressOf("carol").map(Ipv4::format)).contains("192.0.2.104");
    }

    static String fmtResult(Result r) {
        return r instanceof Result.Assigned x ? Ipv4.format(x.address()) + " " + x.holding() : r.toString();
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

    @Test
    void onceTheUsersOwnKeyIsANativeClientsTheRemainingPptpDevicesBorrow() {
        host("192.0.2.100-105", "office", "*");
        StickyAddresses a = allocator(WireGuardMode.PER_USER);
        String own = a.addressOf("office").map(Ipv4::format).orElseThrow();
        java.util.Set<String> native_ = new java.util.HashSet<>();
        a.ownKeyUsedNativelyWhen(native_::contains);
        assertThat(a.assign("office", Claim.NEW_SESSION)).isEqualTo(new Result.Assigned((int) Ipv4.parse(own).getAsLong(), Holding.OWN));
        a.release("office", (int) Ipv4.parse(own).getAsLong());

        native_.add("office"); // a device cut over onto the user's key and was seen natively
        Result r = a.assign("office", Claim.NEW_SESSION);
        assertThat(r).isInstanceOf(Result.Assigned.class);
        Result.Assigned b = (Result.Assigned) r;
        assertThat(b.holding()).as("carried on the gateway's identity").isEqualTo(Holding.BORROWED);
        assertThat(Ipv4.format(b.address())).as("never the native client's address").isNotEqualTo(own);
        assertThat(((Result.Assigned) a.assign("office", Claim.RECONNECT)).holding()).isEqualTo(Holding.BORROWED);
    }
}
