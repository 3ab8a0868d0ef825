package io.pptp2wg.admin.core;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tunnel addresses held by live sessions now. One gateway keeps them in memory ({@link #inMemory}); a fleet keeps
 * them in the database, whose primary key on the address is what stops two nodes handing out one address at once
 * ({@code io.pptp2wg.admin.fleet.DatabaseLeases}). Callers serialise their own calls (StickyAddresses is synchronized).
 */
public interface AddressLeases {
    /** Who holds an address, and how many of that user's sessions (a reconnect overlaps its older session). */
    record Holder(String user, int sessions) {}

    /** The holder of the address, if any. */
    Optional<Holder> holder(int address);

    /** Takes a free address for one session of the user; false when someone holds it (the caller asks again). */
    boolean take(int address, String user);

    /** One more session of the user on an address the user already holds (a reconnect); false when not theirs. */
    boolean join(int address, String user);

    /** One session of the user ended: the address is free once none is left. */
    void release(int address, String user);

    /** The addresses held now (a snapshot to search the pool with; re-checked by {@link #take}). */
    Set<Integer> taken();

    /** Whether another process may change the leases (then a search cannot resume where the last one ended). */
    boolean shared();

    /** One gateway's leases, in memory (the behaviour before the fleet). */
    static AddressLeases inMemory() {
        return new AddressLeases() {
            private final Map<Integer, Holder> inUse = new java.util.HashMap<>();

            @Override
            public Optional<Holder> holder(int address) {
                return Optional.ofNullable(inUse.get(address));
            }

            @Override
            public boolean take(int address, String user) {
                return inUse.putIfAbsent(address, new Holder(user, 1)) == null;
            }

            @Override
            public boolean join(int address, String user) {
                Holder h = inUse.get(address);
                if (h == null || !h.user().equals(user)) {
                    return false;
                }
                inUse.put(address, new Holder(user, h.sessions() + 1));
                return true;
            }

            @Override
            public void release(int address, String user) {
                Holder h = inUse.get(address);
                if (h != null && h.user().equals(user)) {
                    if (h.sessions() <= 1) {
                        inUse.remove(address);
                    } else {
                        inUse.put(address, new Holder(user, h.sessions() - 1));
                    }
                }
            }

            @Override
            public Set<Integer> taken() {
                return inUse.keySet(); // a live view: the caller holds the allocator's lock
            }

            @Override
            public boolean shared() {
                return false;
            }
        };
    }
}
