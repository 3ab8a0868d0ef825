package io.pptp2wg.ppp.testing;

import io.pptp2wg.session.AddressAllocator;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/** A pool of 198.51.100.100.. that remembers what it handed out. */
public final class TestAddresses implements AddressAllocator {
    public static final int FIRST = 0xC6336464;
    private final Map<String, Integer> inUse = new HashMap<>();
    private final int size;
    private int next;
    public int releases;

    public TestAddresses(int size) {
        this.size = size;
    }

    @Override
    public synchronized OptionalInt allocate(String user) {
        if (inUse.containsKey(user) || next >= size) {
            return OptionalInt.empty();
        }
        int a = FIRST + next++;
        inUse.put(user, a);
        return OptionalInt.of(a);
    }

    @Override
    public synchronized void release(String user, int address) {
        if (inUse.remove(user, address)) {
            releases++;
        }
    }

    public synchronized int inUse() {
        return inUse.size();
    }
}
