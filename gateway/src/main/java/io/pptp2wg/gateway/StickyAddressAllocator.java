package io.pptp2wg.gateway;

import io.pptp2wg.config.AddressList;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.session.AddressAllocator;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The default {@link AddressAllocator}, in memory: the user's fixed chap-secrets address if there is
 * one; else the pool address the user had last time if it is free; else the next free one. The
 * gateway's own tunnel address and every user's fixed address are never given out from the pool.
 * Survives reconnects, not restarts (the admin API may provide a persistent one).
 */
public final class StickyAddressAllocator implements AddressAllocator {
    private final AddressList pool;
    private final int localAddress;
    private final Supplier<UserDirectory> users;
    private final Map<Integer, String> inUse = new HashMap<>();
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
        UserDirectory dir = users.get();
        var fixed = dir.fixedAddress(user);
        if (fixed.isPresent()) {
            int a = fixed.get();
            if (inUse.containsKey(a)) {
                return OptionalInt.empty();
            }
            inUse.put(a, user);
            return OptionalInt.of(a);
        }
        Integer last = previous.get(user);
        if (last != null && pool.contains(last) && !inUse.containsKey(last) && !reserved(last, dir)) {
            inUse.put(last, user);
            return OptionalInt.of(last);
        }
        long size = pool.size();
        for (long i = 0; i < size; i++) {
            long index = (cursor + i) % size;
            int a = pool.get(index).orElseThrow();
            if (!inUse.containsKey(a) && !reserved(a, dir) && !previousAddresses.contains(a)) {
                return take(user, a, index, size);
            }
        }
        // every free address was someone's previous one: take the first free, sticky or not
        for (long i = 0; i < size; i++) {
            long index = (cursor + i) % size;
            int a = pool.get(index).orElseThrow();
            if (!inUse.containsKey(a) && !reserved(a, dir)) {
                if (previousAddresses.remove(a)) {
                    previous.values().remove(a); // once per reuse of someone's old address, not per address tried
                }
                return take(user, a, index, size);
            }
        }
        return OptionalInt.empty();
    }

    private OptionalInt take(String user, int address, long index, long size) {
        cursor = (index + 1) % size;
        inUse.put(address, user);
        Integer old = previous.put(user, address);
        if (old != null && old != address) {
            previousAddresses.remove(old);
        }
        previousAddresses.add(address);
        return OptionalInt.of(address);
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
        inUse.remove(address, user);
    }

    public synchronized int inUse() {
        return inUse.size();
    }
}
