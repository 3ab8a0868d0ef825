package io.pptp2wg.gateway;

import io.pptp2wg.config.AddressList;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.config.secrets.SecretsEntry;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.session.AddressAllocator.Claim;
import io.pptp2wg.session.AddressAllocator.Holding;
import io.pptp2wg.session.AddressAllocator.Result;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.*;

class StickyAddressAllocatorTest {
    static final int LOCAL = 0xC6336401;
    static final int BASE = 0xC6336464; // .100

    static SecretsEntry entry(String user, Optional<Integer> fixed) {
        return new SecretsEntry(user, "*", Secret.ofPassword("pw".toCharArray()), fixed, fixed.isEmpty(), "chap-secrets", 1);
    }

    final UserDirectory users = UserDirectory.of(List.of(entry("alice", Optional.empty()), entry("bob", Optional.empty()),
            entry("carol", Optional.of(BASE + 1)), entry("dave", Optional.empty())), List.of(), "pptpd", e -> {});
    final StickyAddressAllocator a = new StickyAddressAllocator(
            AddressList.parse("198.51.100.100-102").list().orElseThrow(), LOCAL, () -> users);

    @Test
    void fixedAddressesAndStickiness() {
        assertEquals(OptionalInt.of(BASE + 1), a.allocate("carol"));
        assertEquals(OptionalInt.of(BASE), a.allocate("alice"));
        assertEquals(OptionalInt.of(BASE + 2), a.allocate("bob")); // .101 is carol's, never from the pool
        assertEquals(OptionalInt.empty(), a.allocate("dave"));      // pool exhausted
        a.release("alice", BASE);
        a.release("bob", BASE + 2);
        assertEquals(OptionalInt.of(BASE + 2), a.allocate("bob"));  // his previous one again
        assertEquals(OptionalInt.of(BASE), a.allocate("alice"));
        a.release("alice", BASE + 2);                               // not hers: ignored
        assertEquals(3, a.inUse());
    }

    @Test
    void aSecondSessionOfAUserBorrowsAndAReconnectTakesTheOwnAddressOver() {
        assertEquals(new Result.Assigned(BASE + 1, Holding.OWN), a.assign("carol", Claim.NEW_SESSION));
        assertEquals(new Result.Assigned(BASE, Holding.BORROWED), a.assign("carol", Claim.NEW_SESSION),
                "her fixed address is held by her first session: another device borrows");
        assertEquals(new Result.Assigned(BASE + 1, Holding.OWN), a.assign("carol", Claim.RECONNECT));
        a.release("carol", BASE + 1); // the replaced session ends: the reconnect still holds .101
        assertInstanceOf(Result.Assigned.class, a.assign("alice", Claim.NEW_SESSION)); // .102
        assertInstanceOf(Result.None.class, a.assign("bob", Claim.NEW_SESSION), "exhausted: .101 is still carol's");
        a.release("carol", BASE); // the borrowed one ends: it was never carol's own
        assertEquals(new Result.Assigned(BASE, Holding.OWN), a.assign("bob", Claim.NEW_SESSION));
    }
}
