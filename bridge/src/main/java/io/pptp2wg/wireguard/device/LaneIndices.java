package io.pptp2wg.wireguard.device;

import io.pptp2wg.wireguard.tunnel.Tunnel;
import io.pptp2wg.wireguard.tunnel.TunnelContext;

import java.security.SecureRandom;

/**
 * The receiver indices one lane's device gives out (whitepaper §5.4.2: random, 32 bits), into its {@link IndexTable}:
 * each with a low octet of this lane's ({@link Device#laneOf}), so that the socket can tell which lane a message is for.
 */
final class LaneIndices implements TunnelContext.Indices {
    private final IndexTable<Tunnel> table;
    private final SecureRandom random;
    private final int lane;
    private final int lanes;

    LaneIndices(IndexTable<Tunnel> table, SecureRandom random, int lane, int lanes) {
        this.table = table;
        this.random = random;
        this.lane = lane;
        this.lanes = lanes;
    }

    @Override
    public int allocate(Tunnel owner) {
        for (;;) { // 2^32 values, a few thousand in use: the first try nearly always succeeds
            int index = ownLane(random.nextInt());
            if (!table.containsKey(index)) {
                table.put(index, owner);
                return index;
            }
        }
    }

    @Override
    public void release(int index) {
        table.remove(index);
    }

    /** {@code r} with its low octet replaced by one of this lane's (chosen from r's own bits). */
    private int ownLane(int r) {
        if (lanes == 1) {
            return r;
        }
        int slots = (Device.MAX_LANES - 1 - lane) / lanes + 1; // low octets lane, lane + lanes, ... below 256
        int low = lane + lanes * Integer.remainderUnsigned(r, slots);
        return (r & ~0xFF) | low;
    }
}
