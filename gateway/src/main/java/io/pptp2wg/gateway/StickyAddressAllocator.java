package io.pptp2wg.gateway;

import io.pptp2wg.config.AddressList;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.session.AddressAllocator;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The default {@link AddressAllocator}, in memory: the user's fixed chap-secrets address if there is
 * one; else the pool address the user had last time if it is free; else the next free one. The
 * gateway's own tunnel address and every user's fixed address are never given out from the pool. A second
 * session of a user whose own address is held borrows another free address.
 * Survives reconnects, not restarts (the admin API may provide a persistent one).
 */
public final class StickyAddressAllocator implements AddressAllocator {
    private final AddressList pool;
    private final int localAddress;
    private final Supplier<UserDirectory> users;
    /** address → its user and how many of the user's sessions hold it (a reconnect overlaps the older session). */
    private final Map<Integer, Holder> inUse = new HashMap<>();

    private record Holder(String user, int sessions) {}
    private final Map<String, Integer> previous = new HashMap<>();
    /** The addresses {@link #previous} holds, so that a free address is found without scanning the map's values. */
    private final java.util.Set<Integer> previousAddresses = new java.util.HashSet<>();
    private long cursor;

    public StickyAddressAllocator(AddressList pool, int localAddress, Supplier<UserDirectory> users) {
        this.pool = pool;
        this.localAddress = localAddress;
        this.users = users;
    }

    @Override
    public synchronized OptionalInt allocate(String user) {
        return assign(user, Claim.NEW_SESSION) instanceof Result.Assigned a ? OptionalInt.of(a.address()) : OptionalInt.empty();
    }

    /**
     * The user's own address (fixed, else the one from last time, else the next free one, which becomes the user's):
     * {@link Holding#OWN} when no session holds it, or on a {@link Claim#RECONNECT}. A user whose own address is held
     * by another of the user's sessions borrows the next free address that is nobody's.
     */
    @Override
    public synchronized Result assign(String user, Claim claim) {
        UserDirectory dir = users.get();
        var fixed = dir.fixedAddress(user);
        Integer own = fixed.orElse(previous.get(user));
        if (own != null && fixed.isEmpty() && (!pool.contains(own) || reserved(own, dir))) {
            own = null;
        }
        if (own != null) {
            Holder h = inUse.get(own);
            if (h == null) {
                inUse.put(own, new Holder(user, 1));
                return new Result.Assigned(own, Holding.OWN);
            }
            if (!h.user().equals(user)) {
                return new Result.None("its address " + Ipv4.format(own) + " is in use by another user");
            }
            if (claim == Claim.RECONNECT) {
                inUse.put(own, new Holder(user, h.sessions() + 1)); // the gateway ends the older session
                return new Result.Assigned(own, Holding.OWN);
            }
        }
        OptionalInt free = nextFree(dir);
        if (free.isEmpty()) {
            return new Result.None("the pool " + pool + " is exhausted");
        }
        int a = free.getAsInt();
        inUse.put(a, new Holder(user, 1));
        if (own != null) {
            return new Result.Assigned(a, Holding.BORROWED);
        }
        Integer old = previous.put(user, a);
        if (old != null && old != a) {
            previousAddresses.remove(old);
        }
        previousAddresses.add(a);
        return new Result.Assigned(a, Holding.OWN);
    }

    /** The next free pool address that was nobody's last time; else any free one (it stops being the other's). */
    private OptionalInt nextFree(UserDirectory dir) {
        long size = pool.size();
        for (long i = 0; i < size; i++) {
            long index = (cursor + i) % size;
            int a = pool.get(index).orElseThrow();
            if (!inUse.containsKey(a) && !reserved(a, dir) && !previousAddresses.contains(a)) {
                cursor = (index + 1) % size;
                return OptionalInt.of(a);
            }
        }
        for (long i = 0; i < size; i++) {
            long index = (cursor + i) % size;
            int a = pool.get(index).orElseThrow();
            if (!inUse.containsKey(a) && !reserved(a, dir)) {
                if (previousAddresses.remove(a)) {
                    previous.values().remove(a); // once per reuse of someone's old address, not per address tried
                }
                cursor = (index + 1) % size;
                return OptionalInt.of(a);
            }
        }
        return OptionalInt.empty();
    }

    private boolean reserved(int address, UserDirectory dir) {
        if (dir != fixedOf) {
            fixedOf = dir;
            fixed = new java.util.HashSet<>();
            for (String u : dir.userNames()) {
                dir.fixedAddress(u).ifPresent(fixed::add);
            }
        }
        return address == localAddress || fixed.contains(address);
    }

    private UserDirectory fixedOf;
    private java.util.Set<Integer> fixed;

    @Override
    public synchronized void release(String user, int address) {
        Holder h = inUse.get(address);
        if (h != null && h.user().equals(user)) {
            if (h.sessions() <= 1) {
                inUse.remove(address);
            } else {
                inUse.put(address, new Holder(user, h.sessions() - 1));
            }
        }
    }

    public synchronized int inUse() {
        return inUse.size();
    }
}
