package io.pptp2wg.admin.core;

import io.pptp2wg.admin.db.UserDao;
import io.pptp2wg.admin.db.UserRow;
import io.pptp2wg.config.AddressList;
import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.config.wireguard.WireGuardMode;
import io.pptp2wg.session.AddressAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Tunnel addresses that stay each user's: the user's fixed chap-secrets address, else a sticky
 * allocation from the {@code remoteip} pool kept in the database. Every user gets theirs when they
 * appear in chap-secrets ({@link #assignAll}), so the backend's [Peer] AllowedIPs can be written once
 * and {@link #allocate} (on a gateway thread) is a lookup in memory.
 *
 * <p>Per-user mode: a user's own address goes with the user's own WireGuard identity; a second session of a
 * connected user (another device on a shared account) borrows a pool address that is nobody's own, which the
 * backend reaches through the gateway's identity (its peer holds the pool; the users' /32s win by longest
 * prefix). A reconnect of the device whose older session holds the own address ({@link Claim#RECONNECT}, decided
 * by the gateway) takes the address again, and the gateway ends the older session. Shared mode: a second
 * session of a connected user, or a user without a sticky address (the pool is smaller than the user list,
 * as pptpd allowed), borrows any free pool address for the session.
 */
public final class StickyAddresses implements AddressAllocator {
    private static final Logger LOG = LoggerFactory.getLogger(StickyAddresses.class);

    private final UserDao dao;
    private final Supplier<GatewaySettings> settings;
    private final WireGuardMode mode;
    /**
     * Per-user mode: whether the user's own key is now a native WireGuard client's (a device cut over onto it and
     * seen natively). The backend then reaches the own address through that client, so the user's remaining PPTP
     * devices must borrow (carried on the gateway's identity) instead of taking it.
     */
    private volatile java.util.function.Predicate<String> ownKeyUsedNatively = u -> false;
    private final Clock clock;
    /** user → sticky pool address, as in the database; and the addresses it holds (no scan of the map's values). */
    private final Map<String, Integer> sticky = new HashMap<>();
    private final Set<Integer> stickyAddresses = new HashSet<>();
    /** The fixed chap-secrets addresses of {@link #fixedOf}, built once per user directory (not once per login). */
    private UserDirectory fixedOf;
    private Set<Integer> fixed = Set.of();
    /** Where the next search for a free pool address starts: every address before it was taken (or fixed) then. */
    private long scanFrom;
    private AddressList scannedPool;
    /**
     * address → its user and how many of the user's sessions hold it (per-user mode: a reconnect overlaps): in memory
     * for one gateway, in the database for a fleet (then the user's sticky address is also read from there per login).
     */
    private final AddressLeases leases;
    /** Pool addresses of devices cut over with their own identity: never a session's or a user's (not cleared by load). */
    private final Set<Integer> reserved = new HashSet<>();

    /** How often a node retries a sticky assignment that another node's concurrent one beat. */
    private static final int RACES = 16;

    public StickyAddresses(UserDao dao, Supplier<GatewaySettings> settings, WireGuardMode mode, Clock clock) {
        this(dao, settings, mode, clock, AddressLeases.inMemory());
    }

    public StickyAddresses(UserDao dao, Supplier<GatewaySettings> settings, WireGuardMode mode, Clock clock,
                           AddressLeases leases) {
        this.leases = leases;
        this.dao = dao;
        this.settings = settings;
        this.mode = mode;
        this.clock = clock;
    }

    public synchronized void load() {
        sticky.clear();
        stickyAddresses.clear();
        for (UserRow r : dao.all()) {
            r.stickyAddress().ifPresent(a -> putSticky(r.name(), a));
        }
        scanFrom = 0;
    }

    private void putSticky(String user, int address) {
        Integer old = sticky.put(user, address);
        if (old != null) {
            stickyAddresses.remove(old);
            scanFrom = 0;
        }
        stickyAddresses.add(address);
    }

    private void removeSticky(String user) {
        Integer old = sticky.remove(user);
        if (old != null) {
            stickyAddresses.remove(old);
            scanFrom = 0;
        }
    }

    /** Marks addresses as devices' own (from the database at start-up): they are never handed out again. */
    public synchronized void reserved(Collection<Integer> deviceAddresses) {
        reserved.addAll(deviceAddresses);
    }

    /**
     * A pool address for a device of its own: free of sessions, of every user's sticky and fixed address and of
     * other devices'; {@code store} writes it to the database (false: taken meanwhile, none is reserved).
     */
    public synchronized Optional<Integer> reserveForDevice(java.util.function.IntPredicate store) {
        GatewaySettings s = settings.get();
        Optional<Integer> free = firstFree(s, fixedAddresses(s), false, leases.taken());
        if (free.isEmpty() || !store.test(free.get())) {
            return Optional.empty();
        }
        reserved.add(free.get());
        return free;
    }

    /** Gives every listed user without a fixed address a sticky pool address while the pool lasts. */
    public synchronized void assignAll(Collection<String> users) {
        GatewaySettings s = settings.get();
        Set<Integer> fixed = fixedAddresses(s);
        int unassigned = 0;
        for (String user : users) {
            if (s.users().fixedAddress(user).isPresent()) {
                continue;
            }
            if (ownSticky(s, fixed, user).isEmpty()) {
                unassigned++;
            }
        }
        if (unassigned > 0) {
            LOG.warn("remoteip pool {} has no sticky address left for {} users{}", s.remotePool(), unassigned,
                    mode == WireGuardMode.PER_USER ? ": they cannot log in until the pool is larger (per-user mode)"
                            : ": they borrow a free address per session (shared mode)");
        }
        if (mode == WireGuardMode.PER_USER) {
            long left = borrowable();
            if (left == 0) {
                LOG.warn("remoteip pool {}: no address is left for a second session of a user at the same time (every"
                        + " address is a user's own): such logins are refused; widen remoteip", s.remotePool());
            } else if (left != lastBorrowableLogged) {
                LOG.info("remoteip pool {}: {} addresses left for concurrent sessions of one user (the users' own"
                        + " addresses taken out)", s.remotePool(), left);
            }
            lastBorrowableLogged = left;
        }
    }

    /** What {@link #assignAll} last said about borrowable addresses (said again only when it changed). */
    private long lastBorrowableLogged = -1;

    /**
     * Who is a user now, for taking back the sticky address of a former one: by default the directory's names; with
     * pppd's radius plugin the users seen or imported ({@link UserBook#isKnown}), who are in no file.
     */
    private volatile java.util.function.Predicate<String> isCurrentUser;

    public void currentUsersAre(java.util.function.Predicate<String> test) {
        this.isCurrentUser = test;
    }

    /** See {@link #ownKeyUsedNatively}; wired to the stored identities by AdminCore. */
    public void ownKeyUsedNativelyWhen(java.util.function.Predicate<String> test) {
        this.ownKeyUsedNatively = test;
    }

    /** The {@code remoteip} pool now. */
    public AddressList pool() {
        return settings.get().remotePool();
    }

    /** The user's own address: fixed, else sticky; empty when none is assigned. */
    public synchronized Optional<Integer> addressOf(String user) {
        Optional<Integer> fixed = settings.get().users().fixedAddress(user);
        return fixed.isPresent() ? fixed : Optional.ofNullable(sticky.get(user));
    }

    @Override
    public synchronized OptionalInt allocate(String user) {
        return assign(user, Claim.NEW_SESSION) instanceof Result.Assigned a ? OptionalInt.of(a.address()) : OptionalInt.empty();
    }

    /**
     * The user's own address (fixed, else sticky) when no session holds it; a {@link Claim#RECONNECT} in per-user mode
     * takes it although the user's older session holds it. Otherwise a borrowed one: in per-user mode a pool address
     * that is nobody's own (the backend reaches it through the gateway's identity, whose peer holds the pool, while
     * every own address keeps its user's /32); in shared mode any free pool address. Never another user's own
     * address in per-user mode, nor a fixed address.
     */
    @Override
    public synchronized Result assign(String user, Claim claim) {
        if (!leases.shared()) {
            return assignNow(user, claim);
        }
        try {
            refreshSticky(user); // another node may have given the user their address since we loaded
            return assignNow(user, claim);
        } catch (RuntimeException e) {
            LOG.warn("no tunnel address for {}: the database is unreachable ({})", user, e.toString());
            return new Result.None("the gateway's database is unreachable: no address can be given safely");
        }
    }

    private void refreshSticky(String user) {
        Optional<Integer> stored = dao.find(user).flatMap(UserRow::stickyAddress);
        if (stored.isPresent()) {
            if (!stored.get().equals(sticky.get(user))) {
                putSticky(user, stored.get());
            }
        } else {
            removeSticky(user);
        }
    }

    private Result assignNow(String user, Claim claim) {
        GatewaySettings s = settings.get();
        Set<Integer> fixedOfAll = fixedAddresses(s);
        Optional<Integer> fixed = s.users().fixedAddress(user);
        Integer own = fixed.orElse(null);
        if (own == null) {
            own = ownSticky(s, fixedOfAll, user).orElse(null);
        }
        if (own != null && mode == WireGuardMode.PER_USER && ownKeyUsedNatively.test(user)) {
            own = null; // the own address belongs to the native client now: this PPTP device borrows
        }
        if (own != null) {
            Optional<AddressLeases.Holder> held = Optional.empty();
            for (int race = 0; race < RACES && held.isEmpty(); race++) {
                if (leases.take(own, user)) {
                    return new Result.Assigned(own, Holding.OWN);
                }
                held = leases.holder(own); // empty: released between the two (another node's session ended)
            }
            AddressLeases.Holder h = held.orElseThrow(() -> new IllegalStateException("address lease keeps changing"));
            if (!h.user().equals(user)) {
                LOG.info("tunnel address {} of {} is in use by a session of {}", Ipv4.format(own), user, h.user());
                if (mode == WireGuardMode.PER_USER || fixed.isPresent()) {
                    return new Result.None("its address " + Ipv4.format(own) + " is in use by another user");
                }
                // shared mode: lent to another user's session (the pool is smaller than the user list); borrow too
            } else if (mode == WireGuardMode.PER_USER && claim == Claim.RECONNECT && leases.join(own, user)) {
                return new Result.Assigned(own, Holding.OWN); // the gateway ends the older session
            }
            if (fixed.isPresent() && mode == WireGuardMode.SHARED) {
                return new Result.None("its fixed address " + Ipv4.format(own) + " is in use by another of its sessions");
            }
        }
        Set<Integer> taken = leases.shared() ? new HashSet<>(leases.taken()) : leases.taken();
        for (int race = 0; race < RACES; race++) {
            Optional<Integer> borrowed = firstFree(s, fixedOfAll, mode == WireGuardMode.SHARED, taken);
            if (borrowed.isEmpty()) {
                break;
            }
            if (leases.take(borrowed.get(), user)) {
                return new Result.Assigned(borrowed.get(), Holding.BORROWED);
            }
            taken.add(borrowed.get()); // another node took it first: the next one
        }
        String why = mode == WireGuardMode.PER_USER
                ? "no address of the pool " + s.remotePool() + " is left for " + (own == null ? "a user without an own address"
                : "another session of the same user") + " (per-user mode lends only addresses that are nobody's own)"
                : "the pool " + s.remotePool() + " is exhausted";
        LOG.warn("no tunnel address for {}: {}", user, why);
        return new Result.None(why);
    }

    /**
     * How many pool addresses are nobody's own (sticky or fixed) and not the gateway's: what concurrent sessions of
     * one user (and users without an own address) can borrow in per-user mode.
     */
    public synchronized long borrowable() {
        GatewaySettings s = settings.get();
        Set<Integer> fixed = fixedAddresses(s);
        AddressList pool = s.remotePool();
        long n = 0;
        for (long i = 0, size = pool.size(); i < size; i++) {
            int a = pool.get(i).orElseThrow();
            if (a != s.localIp() && !fixed.contains(a) && !stickyAddresses.contains(a)) {
                n++;
            }
        }
        return n;
    }

    /** Per-user mode only: shared mode never replaces a session (every one runs on the gateway's identity). */
    @Override
    public boolean takesOverReconnects() {
        return mode == WireGuardMode.PER_USER;
    }

    @Override
    public synchronized void release(String user, int address) {
        leases.release(address, user);
        scanFrom = 0;
    }

    /** A sticky address still in the pool and not anyone's fixed address. */
    private static boolean usable(GatewaySettings s, Set<Integer> fixed, int address) {
        return s.remotePool().contains(address) && !fixed.contains(address) && address != s.localIp();
    }

    /**
     * The user's sticky address, given now if the user has none usable. The database decides between nodes: the
     * write succeeds only while the user's address is what this node last read and nobody else holds the new one;
     * otherwise the node reads the state again and retries (another node's concurrent assignment won).
     */
    private Optional<Integer> ownSticky(GatewaySettings s, Set<Integer> fixed, String user) {
        for (int race = 0; race < RACES; race++) {
            Integer own = sticky.get(user);
            if (own != null && usable(s, fixed, own)) {
                return Optional.of(own);
            }
            Optional<Integer> free = firstFree(s, fixed, false, leases.taken());
            if (free.isEmpty()) {
                free = reclaimFromFormerUser(s);
            }
            if (free.isEmpty()) {
                return Optional.empty();
            }
            int address = free.get();
            dao.insertIfAbsent(user, clock.instant()); // a user let in by a '*' line has no row yet
            if (dao.compareAndSetStickyAddress(user, own, address)) {
                putSticky(user, address);
                return free;
            }
            // another gateway sharing the database got there first: take the state from there and try again
            load();
            if (!leases.shared()) {
                return Optional.empty(); // one gateway: nobody else writes, the row is what it is
            }
        }
        LOG.warn("no sticky address for {}: {} concurrent assignments by other nodes won", user, RACES);
        return Optional.empty();
    }

    /**
     * The first pool address that nobody holds; {@code ignoreSticky}: any address not in use now. The sticky search
     * resumes where the last one ended (addresses before it were all taken, and stay so until one is freed), so
     * giving every user an address is linear in the pool, not quadratic.
     */
    private Optional<Integer> firstFree(GatewaySettings s, Set<Integer> fixed, boolean ignoreSticky, Set<Integer> inUse) {
        AddressList pool = s.remotePool();
        if (pool != scannedPool || leases.shared()) { // other nodes free addresses behind our back
            scanFrom = 0;
        }
        if (pool != scannedPool) {
            scannedPool = pool;
            scanFrom = 0;
        }
        long size = pool.size();
        for (long i = ignoreSticky ? 0 : Math.min(scanFrom, size); i < size; i++) {
            int a = pool.get(i).orElseThrow();
            if (a != s.localIp() && !fixed.contains(a) && !inUse.contains(a) && !reserved.contains(a)
                    && (ignoreSticky || !stickyAddresses.contains(a))) {
                if (!ignoreSticky) {
                    scanFrom = i;
                }
                return Optional.of(a);
            }
        }
        if (!ignoreSticky) {
            scanFrom = size;
        }
        return Optional.empty();
    }

    /** The sticky address of someone no longer a user (not in chap-secrets; not connected), freed for a current user. */
    private Optional<Integer> reclaimFromFormerUser(GatewaySettings s) {
        java.util.function.Predicate<String> isUser = isCurrentUser != null ? isCurrentUser : s.users()::hasUser;
        for (var e : Map.copyOf(sticky).entrySet()) {
            if (!isUser.test(e.getKey()) && leases.holder(e.getValue()).isEmpty()) {
                dao.clearStickyAddress(e.getKey());
                removeSticky(e.getKey());
                LOG.info("tunnel address {} of former user {} reassigned", Ipv4.format(e.getValue()), e.getKey());
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** Every user's fixed address; rebuilt only when chap-secrets was reloaded (a new directory). */
    private Set<Integer> fixedAddresses(GatewaySettings s) {
        UserDirectory users = s.users();
        if (users != fixedOf) {
            Set<Integer> f = new HashSet<>();
            for (String u : users.userNames()) {
                users.fixedAddress(u).ifPresent(f::add);
            }
            fixed = f;
            fixedOf = users;
            scanFrom = 0;
        }
        return fixed;
    }
}
